"""The spaCy component that runs every rule on one title+abstract doc."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Mention

from . import (assemble, candidates, hyponyms, names, nested, phrases, roles, settings, spans,
               taskcues)
from .acronyms import Acronym, find_acronyms
from .assemble import Proposal
from .decider import MODEL_PATH as DECIDER_PATH
from .decider import NOT_AN_ENTITY, Decider, load_decider
from .features import entity_features, role_features
from .name_typer import load_typer
from .candidate import GUESS, Candidate
from .docview import DocView
from .lexicon import BUILTIN_DIR, LexiconEntry, load_lexicon
from .matcher import LexiconMatcher

RESULT_KEY = "kg_mentions"


RULES_ONLY = "rules"  # the `decider` setting that keeps the rules' own decisions


class ExtractComponent:
    """Writes the paper's mentions as plain tuples into doc.user_data[RESULT_KEY].

    The rules propose candidate entities; the learned decider (when given) decides for each
    whether it is an entity, its type and its role.
    """

    def __init__(self, nlp: Language, entries: list[LexiconEntry],
                 decider: Decider | None = None, explain: bool = False) -> None:
        self.lexicon = LexiconMatcher(nlp, entries)
        self.decider = decider
        self.explain = explain
        self.typer = load_typer()

    def __call__(self, doc: Doc) -> Doc:
        """Extract and store the mentions of one doc."""
        doc.user_data[RESULT_KEY] = [_as_tuple(m) for m in self.mentions(doc)]
        return doc

    def mentions(self, doc: Doc) -> list[Mention]:
        """All entities of one doc, one Mention each."""
        view, proposals = self.proposals(doc, learned=self.decider is not None)
        if self.decider is None:
            return [self._explained(assemble.to_mention(view, p, p.type, p.proposed), p,
                                    "rules")
                    for p in proposals if not p.rejected]
        out = []
        for p in proposals:
            if p.rejected == "generic":
                continue  # words the guidelines never count ("deep learning", "our method")
            trusted = next((c.type for c in p.members if c.trusted), None)
            feats = entity_features(view, p, self.typer)
            etype = trusted or self.decider.entity.predict(feats)
            if etype == NOT_AN_ENTITY:
                continue
            role_feats = [f"type={etype}", *role_features(view, p)]
            role = self.decider.role.predict(role_feats)
            mention = assemble.to_mention(view, p, etype, role == "proposed")
            out.append(self._explained(mention, p, "user lexicon" if trusted else
                                       self._reasons(feats, etype, role_feats, role)))
        return out

    def _explained(self, mention: Mention, p: Proposal, decided: str) -> Mention:
        """The mention with its explanation when one was asked for."""
        if self.explain:
            sources = ", ".join(sorted({c.source for c in p.members}))
            mention.why = f"found by {sources}; rules read {p.type}; decided by {decided}"
        return mention

    def _reasons(self, feats: list[str], etype: str, role_feats: list[str], role: str) -> str:
        """The decider's probabilities and strongest features, as one line."""
        if not self.explain:
            return ""
        def top(model, fs, cls):
            p = model.probabilities(fs)[cls]
            pushes = ", ".join(f"{f} {w:+.1f}" for f, w in model.explain(fs, cls, 3))
            return f"{cls} {p:.2f} ({pushes})"
        return (f"model: {top(self.decider.entity, feats, etype)}; "
                f"role {top(self.decider.role, role_feats, role)}")

    def proposals(self, doc: Doc, learned: bool = True) -> tuple[DocView, list[Proposal]]:
        """What the rules propose in one doc, one Proposal per group of candidates (with
        `learned`, also the candidates only the decider can judge)."""
        view = DocView.build(doc)
        types = self.lexicon.type_of
        defined = find_acronyms(view)
        found = candidates.lexicon_candidates(view, self.lexicon(doc))
        found += candidates.acronym_candidates(view, defined, types)
        found += phrases.phrase_candidates(view, types)
        found += taskcues.bare_task_candidates(view)
        found += names.name_candidates(view, types)
        found += names.dataset_phrase_candidates(view)
        found += names.eponym_candidates(view)
        found += hyponyms.list_candidates(view)
        found += settings.setting_acronym_candidates(view, defined)
        if learned:  # candidates that only a learned decision can sort out
            found += spans.versioned_name_candidates(view)
            found += spans.capitalised_run_candidates(view)
        title = candidates.title_prefix_candidate(view, types)
        if title is not None:
            found.append(title)
        kept = assemble.select(found)
        kept += _bare_acronyms(view, defined, kept)
        kept += settings.nested_setting_candidates(view, kept)
        kept += nested.inner_acronym_candidates(view, defined)
        kept.sort(key=lambda c: c.start)
        names.share_list_types(view, kept)
        roles.mark_proposed(view, kept)
        _mark_title_members(kept, title)
        proposals = (assemble.propose(view, g) for g in assemble.group(kept))
        return view, assemble.join_initialisms([p for p in proposals if p is not None])


@Language.factory("kg_extract", default_config={"user_lexicon_dir": "", "lexicon_dir": "",
                                               "decider": "", "explain": False})
def make_extract_component(nlp: Language, name: str, user_lexicon_dir: str,
                           lexicon_dir: str, decider: str, explain: bool) -> ExtractComponent:
    """spaCy factory: the built-in lexicon (or a replacement folder) plus the user's folder, and
    the shipped decider, another model file, or "rules" for the rules' own decisions."""
    builtin = Path(lexicon_dir) if lexicon_dir else BUILTIN_DIR
    entries = load_lexicon(Path(user_lexicon_dir) if user_lexicon_dir else None, builtin)
    model = None if decider == RULES_ONLY else load_decider(Path(decider) if decider
                                                            else DECIDER_PATH)
    return ExtractComponent(nlp, entries, model, explain)


def _bare_acronyms(view: DocView, defined: list[Acronym], kept: list[Candidate]
                   ) -> list[Candidate]:
    """Later uses of a defined acronym that no other rule picked up."""
    if not defined:
        return []
    taken = {i for c in kept for i in range(c.start, c.end)}
    shorts = {a.short: a for a in defined}
    shorts.update({a.short + "s": a for a in defined})
    return [Candidate(i, i + 1, shorts[text].short, None, GUESS, "name", aliases=[text],
                      sent=view.sent_of[i])
            for i, text in enumerate(view.texts) if text in shorts and i not in taken]


def _mark_title_members(kept: list[Candidate], title: Candidate | None) -> None:
    """Names inside a "Name: ..." title head are the paper's own."""
    if title is None:
        return
    for cand in kept:
        if title.start <= cand.start and cand.end <= title.end:
            cand.proposed = True


def _as_tuple(m: Mention) -> tuple:
    return (m.type, m.name, list(m.aliases), m.role, m.evidence, m.start, m.end, m.why)
