"""Names the lexicon knows, found in a doc with spaCy's PhraseMatcher, and their candidates (typed
by the lexicon; a broad task word is weak unless the title or a cue backs it)."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..lexicon.entries import LexiconEntry
from ..lexicon.words import BROAD_TASKS
from ..text.docview import DocView
from ..text.normal import norm
from .acronyms import Acronym
from .candidate import SURE, Candidate
from .tasks import task_cue


class LexiconMatcher:
    """Finds lexicon names: case-sensitive for one-word names with capitals, else any case."""

    def __init__(self, nlp: Language, entries: list[LexiconEntry]) -> None:
        self.entries = entries
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.type_of: dict[str, str] = {}
        exact: dict[str, list[Doc]] = {}
        folded: dict[str, list[Doc]] = {}
        for k, entry in enumerate(entries):
            for form in entry.forms():
                if form.lower() in self.type_of:
                    continue  # first come wins: the built-in lists load before a user's
                self.type_of[form.lower()] = entry.type
                target = exact if _case_sensitive(form) else folded
                for variant in _variants(form, target is folded):
                    target.setdefault(str(k), []).append(nlp.make_doc(variant))
        for key, docs in exact.items():
            self.exact.add(key, docs)
        for key, docs in folded.items():
            self.folded.add(key, docs)

    def __call__(self, doc: Doc) -> list[tuple[int, int, LexiconEntry]]:
        """(start, end, entry) for every match."""
        strings = doc.vocab.strings
        found = self.exact(doc) + self.folded(doc)
        return [(s, e, self.entries[int(strings[m])]) for m, s, e in found]


def not_redefined(view: DocView, matches: list[tuple[int, int, LexiconEntry]],
                  defined: list[Acronym]) -> list[tuple[int, int, LexiconEntry]]:
    """The matches without a built-in entry's short form that the paper defines as something
    else: in a paper that writes "test-time scaling (TTS)", "TTS" is not the lexicon's speech
    synthesis (a user's own entries are taken as given)."""
    if not defined:
        return matches
    longs: dict[str, set[str]] = {}
    for a in defined:
        long_form = norm(view.text_of(a.long_start, a.long_end))
        singular = a.short[:-1] if a.short.endswith("s") and a.short[:-1].isupper() else a.short
        for short in {a.short, a.short + "s", singular}:  # "SSMs" defined, "SSM" used
            longs.setdefault(short, set()).add(long_form)
    out = []
    for start, end, entry in matches:
        theirs = longs.get(view.text_of(start, end)) if end - start == 1 else None
        if theirs and not entry.user and not theirs & {norm(f) for f in entry.forms()}:
            continue
        out.append((start, end, entry))
    return out


def lexicon_candidates(view: DocView, matches: list[tuple[int, int, LexiconEntry]]
                       ) -> list[Candidate]:
    """Candidates for lexicon matches, typed by the lexicon."""
    out = []
    for start, end, entry in matches:
        surface = view.text_of(start, end)
        broad = entry.type == "task" and entry.name.lower() in BROAD_TASKS
        out.append(Candidate(start, end, entry.name, entry.type, SURE, "lexicon",
                             aliases=[surface], head=view.lowers[end - 1],
                             sent=view.sent_of[start], trusted=entry.user,
                             weak=broad and not view.in_title(start)
                             and not task_cue(view, start, end)))
    return out


def _case_sensitive(form: str) -> bool:
    """Single words with capitals (Adam, CLIP) match exactly; multi-word names in any case."""
    return any(c.isupper() for c in form) and (" " not in form or form.isupper())


def _variants(form: str, folded: bool) -> list[str]:
    """The form, its spaced spelling ("multi agent") and, for common nouns, its plural."""
    out = [form]
    if "-" in form:
        out.append(form.replace("-", " "))
    if folded and form[-1:].isalpha() and not form.endswith("s") and len(form) > 3:
        out.append(form + "s")
    return out
