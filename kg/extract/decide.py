"""The decision component (kg_decide): which proposals are entities, of which type, and which
the paper proposes, by the learned decider (kg/data/decider.json) or by the rules' own reading."""
from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.model import Mention

from .learned.decider import MODEL_PATH as DECIDER_PATH
from .learned.decider import NOT_AN_ENTITY, Decider, load_decider
from .learned.features import entity_features, role_features
from .learned.corpus_evidence import load_corpus_evidence
from .propose import PROPOSALS_KEY
from .rules import assemble
from .rules.assemble import Proposal
from .rules.broader import fold_broader
from .rules.name_typer import load_typer
from .text.docview import DocView

RESULT_KEY = "kg_mentions"
RULES_ONLY = "rules"  # the `decider` setting that keeps the rules' own decisions


class DecideComponent:
    """Reads the proposals of kg_propose and writes the paper's mentions as plain tuples into
    doc.user_data[RESULT_KEY]: the learned decider (or, with "rules", the rules' own reading)
    decides for each proposal whether it is an entity, its type and its role.
    """

    def __init__(self, decider: Decider | None = None, explain: bool = False) -> None:
        self.decider = decider
        self.explain = explain
        self.typer = load_typer()
        self.corpus = load_corpus_evidence()

    def __call__(self, doc: Doc) -> Doc:
        """Extract and store the mentions of one doc."""
        view, proposals = doc.user_data.pop(PROPOSALS_KEY)
        mentions = fold_broader(self.mentions(view, proposals))
        doc.user_data[RESULT_KEY] = [_as_tuple(m) for m in mentions]
        return doc

    def mentions(self, view: DocView, proposals: list[Proposal]) -> list[Mention]:
        """All entities of one doc, one Mention each."""
        if self.decider is None:
            return [self._explained(assemble.to_mention(view, p, p.type, p.proposed), p,
                                    "rules")
                    for p in proposals if not p.rejected]
        decided = []
        for p, feats, probabilities in self.scored(view, proposals):
            trusted = next((c.type for c in p.members if c.trusted), None)
            if trusted:
                decided.append((p, feats, (trusted, 1.0, True)))
            else:
                etype = max(probabilities, key=probabilities.__getitem__)
                decided.append((p, feats, (etype, round(probabilities[etype], 3), False)))
        kept = [(p, f, d) for p, f, d in decided if d[0] != NOT_AN_ENTITY]
        role_feats = [[f"type={etype}", *role_features(view, p, self.corpus)]
                      for p, _, (etype, _, _) in kept]
        out = []
        for (p, fs, (etype, confidence, trusted)), rfs, role in zip(
                kept, role_feats, self.decider.role.predict_many(role_feats)):
            mention = assemble.to_mention(view, p, etype, role == "proposed", confidence)
            out.append(self._explained(mention, p, "user lexicon" if trusted else
                                       self._reasons(fs, etype, rfs, role)))
        return out

    def scored(self, view: DocView, proposals: list[Proposal]
               ) -> list[tuple[Proposal, list[str], dict[str, float]]]:
        """The proposals the learned decider judges, each with its features and the decider's
        probability of each answer (words the guidelines never count, "deep learning", "our
        method", are dropped first)."""
        proposals = [p for p in proposals if p.rejected != "generic"]
        feats = [entity_features(view, p, self.typer, self.corpus) for p in proposals]
        return list(zip(proposals, feats, self.decider.entity.probabilities_many(feats)))

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


@Language.factory("kg_decide", default_config={"decider": "", "explain": False})
def make_decide_component(nlp: Language, name: str, decider: str,
                          explain: bool) -> DecideComponent:
    """spaCy factory: the shipped decider, another model file, or "rules" for the rules' own
    decisions; `explain` gives each mention a `why` line."""
    model = None if decider == RULES_ONLY else load_decider(Path(decider) if decider
                                                            else DECIDER_PATH)
    return DecideComponent(model, explain)


def _as_tuple(m: Mention) -> tuple:
    return (m.type, m.name, list(m.aliases), m.role, m.evidence, m.start, m.end, m.confidence,
            m.why, list(m.broader))
