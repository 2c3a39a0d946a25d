"""What the learned decider sees of a candidate entity: sparse string features of its name, its
mentions' neighbours, where it sits, and what the rules said about it.

Two feature sets: `entity_features` for "is it an entity, and of which type", `role_features`
for "does this paper introduce it". Both are plain lists of strings, so the decider is a
weighted vote that a user can read (`kg extract --explain`).
"""
from __future__ import annotations

from functools import lru_cache

from ..rules.assemble import Proposal
from ..rules.cues import head_type
from ..rules.name_typer import NameTyper, shape
from ..rules.name_typer import features as typer_features
from ..text.docview import DocView
from ..text.normal import norm
from .corpus_evidence import CorpusEvidence
from .word_clusters import load_word_clusters

MAX_OCCURRENCES = 4  # context is read around the first few mentions of a name
ROLE_WINDOW = 6  # words before a mention that may announce it ("we propose a new ...")


def _bucket(n: int, top: int) -> str:
    return str(n) if n < top else f"{top}+"


def _level(p: float) -> str:
    """A probability as one of six levels: "0" (under 0.1) to "9" (0.9 or more)."""
    return next(str(round(b * 10)) for b in (0.9, 0.7, 0.5, 0.3, 0.1, 0.0) if p >= b)


def corpus_key(p: Proposal, corpus: CorpusEvidence) -> str:
    """The normalised form under which the corpus counts the proposal: its name, or else the
    first alias the corpus knows (an acronym)."""
    key = norm(p.name)
    if key in corpus.counts:
        return key
    return next((k for k in map(norm, p.aliases) if k in corpus.counts), key)


@lru_cache(maxsize=20_000)
def _name_parts(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What the entity features read of a name alone, in three runs of their order: its words
    (name, head, first, head type, count, shape), its words but the head, and its casing and
    digits (cached: names repeat across papers)."""
    words = norm(name).split() or [name.lower()]
    front = (f"name={' '.join(words)}", f"head={words[-1]}", f"first={words[0]}",
             f"headtype={head_type(words[-1]) or 'none'}", f"nwords={_bucket(len(words), 5)}",
             f"shape={shape(name)[:8]}")
    case = []
    if name.isupper():
        case.append("upper")
    elif name.islower():
        case.append("lower")
    elif all(w[:1].isupper() for w in name.split()):
        case.append("titlecase")
    if any(ch.isdigit() for ch in name):
        case.append("digit")
    return front, tuple(f"word={w}" for w in words[:-1]), tuple(case)


def entity_features(view: DocView, p: Proposal, typer: NameTyper,
                    corpus: CorpusEvidence | None = None) -> list[str]:
    """Features for the entity/type decision of one proposal (with `corpus`, also how the
    name is written across the real corpus)."""
    name, rule = p.name, p.type
    front, inner, case = _name_parts(name)
    members = p.members
    top = max(c.confidence for c in members)
    feats = [*_rule_parts(rule, p.rejected or "no", top), *front,
             f"count={_bucket(len(members), 4)}", f"aliases={_bucket(len(p.aliases), 3)}"]
    feats += _source_parts(rule, tuple(sorted({c.source for c in members})))
    feats += _tag_parts(rule, tuple(sorted({c.tagged for c in members if c.tagged})))
    belief = max(c.belief for c in members)
    if belief >= 0:
        level = _level(belief)
        feats += (f"belief={level}", f"rule|belief={rule}|{level}")
    feats += inner
    feats += [f"lexicon={c.type}" for c in members if c.source == "lexicon"][:1]
    if any(c.weak for c in members):
        feats.append("weak")
    if any(c.known for c in members):
        feats.append("known")
    if p.proposed:
        feats.append("proposed")
    feats += case
    if any(view.in_title(c.start) for c in members):
        feats.append("in_title")
    if any(a.isupper() and len(a) <= 10 for a in p.aliases):
        feats.append("has_acronym")
    lowers = view.lowers
    for c in members[:MAX_OCCURRENCES]:
        prev = lowers[c.start - 1] if c.start > 0 else "<s>"
        nxt = lowers[c.end] if c.end < len(lowers) else "</s>"
        feats += (f"prev={prev}", f"next={nxt}", f"prev|rule={prev}|{rule}")
    first = p.members[0]
    feats.append(_typer_reading(typer, name, view.texts[max(0, first.start - 2):first.start],
                                view.texts[first.end:first.end + 2]))
    if corpus is not None:
        feats += corpus.features(corpus_key(p, corpus), p.type)
    head_clusters = load_word_clusters().get(view.lowers[first.end - 1], ("none", "none"))
    feats += [f"headc{k}={c}" for k, c in enumerate(head_clusters)]
    feats.append(f"rule|headc0={p.type}|{head_clusters[0]}")
    return feats


@lru_cache(maxsize=1024)
def _rule_parts(rule: str, rejected: str, top: int) -> tuple[str, ...]:
    """The rules' type, rejection and confidence, alone and together."""
    return (f"rule={rule}", f"rej={rejected}", f"conf={top}", f"rule|conf={rule}|{top}",
            f"rule|rej={rule}|{rejected}")


@lru_cache(maxsize=1024)
def _source_parts(rule: str, sources: tuple[str, ...]) -> tuple[str, ...]:
    """Which generators proposed it, alone and with the rules' type."""
    return (*(f"src={s}" for s in sources), *(f"rule|src={rule}|{s}" for s in sources))


@lru_cache(maxsize=1024)
def _tag_parts(rule: str, tags: tuple[str, ...]) -> tuple[str, ...]:
    """The span tagger's readings of it ("no" for none), alone and with the rules' type."""
    tags = tags or ("no",)
    return (*(f"tag={t}" for t in tags), *(f"rule|tag={rule}|{t}" for t in tags))


def _typer_reading(typer: NameTyper, name: str, before: list[str], after: list[str]) -> str:
    """The name typer's best type for a name between these words, and whether it is sure."""
    best, probability = typer.best(typer_features(name, before, after))
    return f"typer={best}|{'high' if probability > 0.8 else 'low'}"


def role_features(view: DocView, p: Proposal, corpus: CorpusEvidence | None = None
                  ) -> list[str]:
    """Features for the proposed/used decision of one proposal (with `corpus`, how many papers
    of the real corpus name it and how often they introduce it)."""
    sources = sorted({c.source for c in p.members})
    feats = [f"rule_proposed={p.proposed}", f"rule={p.type}",
             f"count={_bucket(len(p.members), 4)}",
             f"first_sentence={_bucket(view.sent_of[p.members[0].start], 4)}"]
    feats += [f"src={s}" for s in sources]
    if any(view.in_title(c.start) for c in p.members):
        feats.append("in_title")
    if any(c.start == 0 for c in p.members):
        feats.append("title_start")
    if any(c.known for c in p.members):
        feats.append("known")
    window: set[str] = set()
    for c in p.members[:MAX_OCCURRENCES]:
        a = max(view.sent_bounds(c.start)[0], c.start - ROLE_WINDOW)
        window.update(view.lowers[a:c.start])
        if c.end < len(view.lowers):
            feats.append(f"next={view.lowers[c.end]}")
    feats += [f"before={w}" for w in sorted(window)]
    if corpus is not None:
        feats += [f for f in corpus.features(corpus_key(p, corpus), p.type)
                  if f.startswith(("corpus=", "corpus_new="))]
    return feats
