"""The rules' component (kg_propose): candidate entities from the lexicon, acronym definitions,
name shapes, head nouns, lists and titles (the rules of kg/extract/rules/, in the order they run
here), with the learned span tagger's spans and verdicts (kg/extract/learned/tagger.py), grouped
into one Proposal per distinct name with the rules' own reading of it (type, role, and why they
would drop it)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .learned.tagger import MODEL_PATH as TAGGER_PATH
from .learned.tagger import NO_TAGGER, SpanTagger
from .lexicon.entries import BUILTIN_DIR, LexiconEntry, load_lexicon
from .rules import (acronyms, assemble, hyponyms, learning_settings, lexicon_matches, names, nested,
                    phrases, roles, spans, tasks, titles)
from .rules.acronyms import Acronym, find_acronyms
from .rules.assemble import Proposal
from .rules.candidate import GUESS, Candidate
from .rules.lexicon_matches import LexiconMatcher
from .text.docview import DocView

PROPOSALS_KEY = "kg_proposals"


class ProposeComponent:
    """Writes (DocView, proposals) into doc.user_data[PROPOSALS_KEY] for the decider.

    With `learned_spans`, also the candidates that only a learned decision can sort out
    (versioned names, capitalised runs, and the spans of `tagger` when there is one).
    """

    def __init__(self, nlp: Language, entries: list[LexiconEntry],
                 learned_spans: bool = True, tagger: SpanTagger | None = None) -> None:
        self.lexicon = LexiconMatcher(nlp, entries)
        self.learned_spans = learned_spans
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        """Propose the candidate entities of one doc."""
        doc.user_data[PROPOSALS_KEY] = self.proposals(doc, self.learned_spans)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Propose in many docs, the tagger decoding a batch of them at a time (without the
        tagger, one doc at a time: no batch is held)."""
        if self.tagger is None or not self.learned_spans:
            yield from map(self, docs)
            return
        for batch in minibatch(docs, batch_size):
            for doc, found in zip(batch, self.proposals_many(batch, self.learned_spans)):
                doc.user_data[PROPOSALS_KEY] = found
                yield doc

    def proposals(self, doc: Doc, learned: bool = True) -> tuple[DocView, list[Proposal]]:
        """What the rules propose in one doc, one Proposal per group of candidates (with
        `learned`, also the candidates only the decider can judge)."""
        return self.proposals_many([doc], learned)[0]

    def proposals_many(self, docs: list[Doc], learned: bool = True
                       ) -> list[tuple[DocView, list[Proposal]]]:
        """proposals() of each doc, the span tagger reading them all in one go."""
        ruled = [self.rule_candidates(doc, learned) for doc in docs]
        if learned and self.tagger is not None:
            tagged = self.tagger.tag_many([(view, lexicon, kept)
                                           for view, lexicon, kept, _ in ruled])
            for (_, _, kept, _), found in zip(ruled, tagged):
                kept += found
                kept.sort(key=lambda c: c.start)
        out = []
        for view, _, kept, title in ruled:
            names.share_list_types(view, kept)
            roles.mark_proposed(view, kept)
            _mark_title_members(kept, title)
            proposals = (assemble.propose(view, g) for g in assemble.group(kept))
            out.append((view, assemble.join_initialisms([p for p in proposals if p is not None])))
        return out

    def rule_candidates(self, doc: Doc, learned: bool = True
                   ) -> tuple[DocView, list[tuple[int, int, LexiconEntry]], list[Candidate],
                              Candidate | None]:
        """The doc's view, its lexicon matches, the rules' non-overlapping candidates in text
        order, and the title's own name if any (what the tagger reads)."""
        view = DocView.build(doc)
        types = self.lexicon.type_of
        defined = find_acronyms(view)
        lexicon = lexicon_matches.not_redefined(view, self.lexicon(doc), defined)
        found = lexicon_matches.lexicon_candidates(view, lexicon)
        found += acronyms.acronym_candidates(view, defined, types)
        found += phrases.phrase_candidates(view, types)
        found += tasks.bare_task_candidates(view)
        found += names.name_candidates(view, types)
        found += names.dataset_phrase_candidates(view)
        found += names.eponym_candidates(view)
        found += hyponyms.list_candidates(view)
        found += learning_settings.setting_acronym_candidates(view, defined)
        if learned:  # candidates that only a learned decision can sort out
            found += spans.versioned_name_candidates(view)
            found += spans.capitalised_run_candidates(view)
        title = titles.title_prefix_candidate(view, types)
        if title is not None:
            found.append(title)
        kept = assemble.select(found)
        kept += _bare_acronyms(view, defined, kept)
        kept += learning_settings.nested_setting_candidates(view, kept)
        kept += nested.inner_acronym_candidates(view, defined)
        kept.sort(key=lambda c: c.start)
        return view, lexicon, kept, title


@Language.factory("kg_propose", default_config={"user_lexicon_dir": "", "lexicon_dir": "",
                                               "learned_spans": True, "tagger": ""})
def make_propose_component(nlp: Language, name: str, user_lexicon_dir: str, lexicon_dir: str,
                           learned_spans: bool, tagger: str) -> ProposeComponent:
    """spaCy factory: the built-in lexicon (or a replacement folder) plus the user's folder,
    and the shipped span tagger (or another model file, or none). Without `learned_spans` (the
    rules decide) the tagger never runs, so only a model file named outright is loaded (for
    training, which calls `proposals` with `learned`)."""
    builtin = Path(lexicon_dir) if lexicon_dir else BUILTIN_DIR
    entries = load_lexicon(Path(user_lexicon_dir) if user_lexicon_dir else None, builtin)
    unused = tagger == NO_TAGGER or (not tagger and not learned_spans)
    model = None if unused else SpanTagger(Path(tagger) if tagger else TAGGER_PATH)
    return ProposeComponent(nlp, entries, learned_spans, model)


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
