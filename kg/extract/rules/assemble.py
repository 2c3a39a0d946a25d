"""Turn overlapping candidates into one Mention per distinct entity of a paper."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from kg.model import Mention

from ..lexicon.words import (CLASS_WORDS, DATASET_HEADS, FILLER_ADJECTIVES, FUNCTION_WORDS,
                             LEADING_VERBS, NOUN_ING, SETTING_WORDS, SOFT_METHOD_HEADS)
from ..text.docview import DocView
from ..text.normal import norm
from .acronyms import is_short_form
from .candidate import Candidate
from .cues import head_type, is_generic, is_name_token

_PLURAL_CLASS_WORDS = frozenset(w for w in SOFT_METHOD_HEADS if w.endswith("s"))
# Letters, with inner hyphens or a digit that repeats a letter (O-DICE, P3O), but no version
# number (GPT-4 is not an initialism of "Generative Pre-trained Transformer").
_INITIALISM = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+|[1-9][A-Za-z]+)*$")  # no nested repeats
_SOURCE_RANK = {"acronym": 6, "title": 5, "lexicon": 4, "phrase": 3, "list": 2, "name": 1,
                "span": 0, "tagged": -1}


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest, best-sourced candidate wherever candidates overlap; weak ones only
    fill what strong ones leave."""
    order = sorted(candidates, key=lambda c: (c.weak, -c.length, -_SOURCE_RANK[c.source], c.start))
    taken: set[int] = set()
    kept = []
    for cand in order:
        span = range(cand.start, cand.end)
        if taken.isdisjoint(span):
            taken.update(span)
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def group(candidates: list[Candidate]) -> list[list[Candidate]]:
    """Candidates that share any normalised form, grouped (union-find), in text order."""
    parent = list(range(len(candidates)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, cand in enumerate(candidates):
        for form in _forms(cand):
            if form in owner:
                parent[find(i)] = find(owner[form])
            else:
                owner[form] = i
    groups: dict[int, list[Candidate]] = {}
    for i, cand in enumerate(candidates):
        groups.setdefault(find(i), []).append(cand)
    return sorted(groups.values(), key=lambda g: g[0].start)


@dataclass
class Proposal:
    """What the rules say about one group of candidates: its name, type and role, and why the
    rules alone would drop it (`rejected`: "generic", "family", "weak", or "")."""

    members: list[Candidate]
    name: str
    type: str
    proposed: bool
    rejected: str
    aliases: list[str]
    anchor: Candidate


def propose(view: DocView, members: list[Candidate]) -> Proposal | None:
    """The rules' reading of one group of candidates, or None when it has no usable name."""
    name = without_leading_verbs(_bare(_pick_name(members), members))
    if len(norm(name)) < 2:
        return None
    proposed = any(c.proposed for c in members)
    rejected = ""
    if is_generic(name):
        rejected = "generic"
    elif not proposed and _family_mention(name, members):
        rejected = "family"
    elif all(c.weak for c in members) and not proposed and len(members) < 2:
        rejected = "weak"
    etype = _pick_type(members)
    if proposed and etype == "task" and (_named_learning(members) or
                                          _named_system(view, members)):
        etype = "method"
    anchor = next((c for c in members if c.proposed), members[0])
    return Proposal(members, name, etype, proposed, rejected, _aliases(name, members), anchor)


def to_mention(view: DocView, proposal: Proposal, etype: str, proposed: bool,
               confidence: float = 1.0) -> Mention:
    """The Mention for a proposal, with the type, role and confidence decided for it."""
    start, end = _sentence_chars(view, proposal.anchor.start)
    return Mention(etype, proposal.name, proposal.aliases, "proposed" if proposed else "used",
                   view.text[start:end], start, end, confidence)


def initials(name: str) -> set[str]:
    """The letters an acronym of a multi-word name would take, with each hyphenated part a word
    or each hyphenated word one ("long short-term memory" -> LSTM or LSM), none for one word.

    >>> sorted(initials("long short-term memory"))
    ['LSM', 'LSTM']
    >>> sorted(initials("Self-Improving Robust Preference Optimization"))
    ['SIRPO', 'SRPO']
    >>> initials("Adam")
    set()
    """
    keys = set()
    for words in (name.replace("-", " ").split(), name.split()):
        words = [w for w in words if w[:1].isalpha()]
        if len(words) > 1:
            keys.add("".join(w[0] for w in words).upper())
    return keys


def spelled_out(acronym: str) -> set[str]:
    """What an acronym's letters may spell: all its letters with a digit repeating the letter
    before it ("P3O" -> PPPO, "A2C" -> AAC), upper case, hyphens dropped; and for a name of
    words run together, with three capitals or more, its capitals alone ("OptCS" -> OCS, as in
    "Optimized Conformal Selection"; not "ResNet" -> RN nor "LLM-as-a-judge" -> LLM).

    >>> spelled_out("P3O"), spelled_out("O-DICE"), spelled_out("GPT-4"), sorted(spelled_out("OptCS"))
    ({'PPPO'}, {'ODICE'}, {'GPT'}, ['OCS', 'OPTCS'])
    >>> spelled_out("ResNet"), spelled_out("LLM-as-a-judge")
    ({'RESNET'}, {'LLMASAJUDGE'})
    """
    out, prev = "", ""
    for ch in acronym:
        if ch.isdigit() and ch != "0" and prev.isalpha():
            out += prev.upper() * (int(ch) - 1)
        elif ch.isalpha():
            out += ch.upper()
        prev = ch
    capitals = "".join(ch for ch in acronym if ch.isupper())
    run_together = "-" not in acronym and any(ch.islower() for ch in acronym)
    return {out, capitals} if run_together and len(capitals) > 2 and acronym[0].isupper() else {out}


@lru_cache(maxsize=20_000)
def _known_initials(name: str) -> frozenset[str]:
    """initials(name), remembered (names repeat across papers)."""
    return frozenset(initials(name))


@lru_cache(maxsize=20_000)
def _known_spellings(acronym: str) -> frozenset[str]:
    """spelled_out(acronym), remembered."""
    return frozenset(spelled_out(acronym))


def join_initialisms(proposals: list["Proposal"]) -> list["Proposal"]:
    """An acronym the paper never defines joins the one multi-word name of the paper whose
    initials spell it ("MD" and "mirror descent", "P3O" and "Pairwise Proximal Policy
    Optimization"): one entity, not two."""
    by_initials: dict[str, list[Proposal]] = {}
    for p in proposals:
        for form in {p.name, *p.aliases}:
            for key in _known_initials(form):
                by_initials.setdefault(key, []).append(p)
    out = []
    for p in proposals:
        if (not _INITIALISM.match(p.name) or not is_short_form(p.name)
                or any(" " in a for a in p.aliases)):
            out.append(p)
            continue
        owners = {id(q): q for key in _known_spellings(p.name) for q in by_initials.get(key, [])
                  if q is not p}
        if len(owners) != 1:
            out.append(p)
            continue
        (owner,) = owners.values()
        owner.members.extend(p.members)
        owner.aliases.extend(a for a in [p.name, *p.aliases] if a not in owner.aliases)
        owner.proposed = owner.proposed or p.proposed
    return out


def without_leading_verbs(form: str) -> str:
    """"describe nonparametric deconvolution models" -> the name the verb governs (and "introduce
    a baseline" -> "baseline", so also a lower-case determiner after the verb)."""
    words = form.split(" ")
    k = 0
    while k < len(words) - 1 and (words[k].lower() in LEADING_VERBS or k > 0 and (
            words[k] in FUNCTION_WORDS or words[k] in FILLER_ADJECTIVES)):
        k += 1
    return " ".join(words[k:])


def _forms(cand: Candidate) -> set[str]:
    """Normalised names and aliases; "contrastive methods" also as "contrastive learning", so
    the family joins the learning technique it is named after."""
    forms = {n.replace(" ", "") for n in (norm(f) for f in [cand.name, *cand.aliases]) if n}
    words = cand.name.split()
    if len(words) > 1 and words[-1] in _PLURAL_CLASS_WORDS and words[-2] != "learning":
        forms.add(norm(" ".join([*words[:-1], "learning"])).replace(" ", ""))
    return forms


def _family_mention(name: str, members: list[Candidate]) -> bool:
    """"clustering techniques", "scoring models": a plural class word after a bare task word
    names a family of methods for that task, not one method."""
    words = name.split()
    if len(words) != 2 or words[1] not in _PLURAL_CLASS_WORDS or not words[0].islower():
        return False
    if any(c.source in ("lexicon", "acronym") for c in members):
        return False
    return head_type(words[0]) == "task" or words[0] in NOUN_ING


def _pick_name(members: list[Candidate]) -> str:
    best = max(members, key=lambda c: (_SOURCE_RANK[c.source], c.confidence, len(c.name)))
    return best.name


def _pick_type(members: list[Candidate]) -> str:
    """The type most top-confidence members give; on a tie, the one a member's class word
    states ("a new forward learning procedure" over a bare "Forward Learning" title phrase)."""
    top = max(c.confidence for c in members)
    votes = Counter(c.type for c in members if c.confidence == top and c.type)
    if not votes:
        return "method"
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        tied = {t for t, n in ranked if n == ranked[0][1]}
        stated = [c.type for c in members if c.confidence == top and c.type in tied
                  and c.head in SOFT_METHOD_HEADS]
        if stated:
            return stated[0]
    return ranked[0][0]


def _named_learning(members: list[Candidate]) -> bool:
    """A proposed task-like name that heads the title or is spelled Title Case is a method."""
    return any(c.source == "title" or
               c.head == "learning" and c.source == "acronym" or
               c.head == "learning" and c.name.istitle()
               for c in members)


def _named_system(view: DocView, members: list[Candidate]) -> bool:
    """A proposed, acronym-named thing is a method unless the text calls it a setting."""
    for c in members:
        if c.source == "acronym" and c.length > 1:
            before = view.lowers[max(0, c.start - 5):c.start]
            return not SETTING_WORDS.intersection(before)
    return False


def _aliases(name: str, members: list[Candidate]) -> list[str]:
    seen = {norm(name)}
    out = []
    for cand in members:
        for form in [cand.name, *cand.aliases]:
            form = form if cand.source == "lexicon" else without_leading_verbs(_bare(form, members))
            key = norm(form)
            if key and key not in seen:
                seen.add(key)
                out.append(form)
    return out


def _bare(form: str, members: list[Candidate]) -> str:
    """"ImageNet benchmark", "AugLocal method", "LeetCode Contest benchmark" -> the name without
    its class word; lexicon names are official and stay whole."""
    words = form.split()
    if len(words) < 2 or words[-1].lower() not in CLASS_WORDS:
        return form
    if any(c.source == "lexicon" and c.name == form for c in members):
        return form
    if len(words) == 2 and is_name_token(words[0]):
        return words[0]
    if (len(words) > 2 and words[-1] in SOFT_METHOD_HEADS and words[-2] not in SOFT_METHOD_HEADS
            and (words[-2] == "learning" or head_type(words[-2]) == "method")):
        return " ".join(words[:-1])  # "Thompson sampling algorithms"; a "Dual Learning Algorithm"
        # spelled as a name keeps its class word
    if words[-1].lower() in DATASET_HEADS and all(w[:1].isupper() for w in words[:-1]):
        return " ".join(words[:-1])
    return form


def _sentence_chars(view: DocView, token: int) -> tuple[int, int]:
    a, b = view.sent_bounds(token)
    start = view.starts[a]
    text = view.text_of(a, b)
    return start + (len(text) - len(text.lstrip())), start + len(text.rstrip())
