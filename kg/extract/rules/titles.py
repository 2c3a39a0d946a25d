"""Candidates from the lexicon, from acronym definitions and from a "Name: ..." title head."""
from __future__ import annotations

from ..lexicon.entries import LexiconEntry
from ..lexicon.words import (BROAD_TASKS, DATASET_HEADS, FILLER_ADJECTIVES, FUNCTION_WORDS,
                             SOFT_METHOD_HEADS, VERBS)
from ..text.docview import DocView
from .acronyms import Acronym, is_short_form
from .candidate import CONTEXT, GUESS, HEAD, SURE, Candidate
from .cues import context_type, head_type, head_word, is_generic, is_name_token
from .phrases import extend_left, phrase_type, same_case
from .tasks import task_cue


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


def acronym_candidates(view: DocView, acronyms: list[Acronym],
                       lexicon_type: dict[str, str]) -> list[Candidate]:
    """Candidates for defined long forms and their acronyms, both named by the long form."""
    out = []
    for a in acronyms:
        start, end = _long_form_start(view, a), a.long_end
        if start >= end:
            continue
        name = view.text_of(start, end)
        etype, conf = _acronym_type(view, a, start, lexicon_type)
        known = conf == SURE and etype == "task"
        for span in ((start, end), (a.short_start, a.short_end)):
            out.append(Candidate(*span, name, etype, conf, "acronym", aliases=[a.short],
                                 head=view.lowers[end - 1], sent=view.sent_of[start],
                                 known=known))
    return out


def _long_form_start(view: DocView, a: Acronym) -> int:
    """Schwartz-Hearst picks the shortest long form; take up to two more modifiers of the same
    capitalisation ("Selective state space models (SSM)"), minus praise words."""
    start = max(extend_left(view, a.long_start), a.long_start - 2)
    while start < a.long_start and not same_case(view, start, a.long_start):
        start += 1
    while start < a.long_start and (view.lowers[start] in FILLER_ADJECTIVES or
                                    view.lowers[start] in SOFT_METHOD_HEADS or
                                    view.lowers[start] in VERBS or
                                    view.lowers[start] in FUNCTION_WORDS):
        start += 1
    return start


def _acronym_type(view: DocView, a: Acronym, start: int, lexicon_type: dict[str, str]
                  ) -> tuple[str, int]:
    """Lexicon, then head word ("... Optimization" named by an acronym is a method), then the
    word after the definition, then method."""
    end = a.long_end
    etype, conf = phrase_type(view, start, end, lexicon_type)
    if head_word(view.lowers[end - 1]) == "optimization" and conf < SURE:
        etype, conf = "method", HEAD
    short_type = lexicon_type.get(a.short.lower())
    if conf < SURE and short_type:
        etype, conf = short_type, SURE
    if etype is None:
        etype, conf = _type_from_context(view, max(a.short_end, end), "method")
    return etype, conf


def title_prefix_candidate(view: DocView, lexicon_type: dict[str, str]) -> Candidate | None:
    """The part of a "Name: what it does" title before the colon, when it reads as a name."""
    colon = next((i for i in range(view.title_end) if view.texts[i] == ":"), None)
    start = 1 if view.lowers[0] in ("the", "a", "an") else 0
    if colon is None or colon <= start or colon > 6:
        return None
    end = colon
    opening = [k for k in range(start, end) if view.texts[k] == "("]
    if view.texts[end - 1] == ")" and end - start > 3 and opening:  # "Name (N):"; not "U(X):", one token
        end = max(opening)
    text = view.text_of(start, end)
    words = text.split()
    named = any(is_name_token(w) or is_short_form(w) for w in words) or len(words) == 1
    if not named and not _headed_title(view, start, end):
        return None
    if is_generic(text) or any(w.lower() in FUNCTION_WORDS for w in words):
        return None
    if len(words) > 1 and words[0].lower().endswith("ing"):
        return None  # "Enhancing Neural Subset Selection" is a verb phrase
    etype, conf = phrase_type(view, start, end, lexicon_type)
    if etype is None or conf < SURE:
        if _announces_dataset(view.lowers[colon + 1:view.title_end]):
            etype, conf = "dataset", HEAD
        elif etype != "method":
            etype, conf = "method", CONTEXT
    return Candidate(start, end, text, etype, conf, "title", aliases=[text],
                     head=view.lowers[end - 1], proposed=True, sent=0)


def _headed_title(view: DocView, start: int, end: int) -> bool:
    """A short capitalised title head ending in a method or task word ("Dual Process Learning")."""
    words = view.texts[start:end]
    return (len(words) <= 4 and all(w[:1].isupper() for w in words)
            and head_type(view.lowers[end - 1]) in ("method", "task")
            and not any(w.lower() in FUNCTION_WORDS for w in words))


def _announces_dataset(words: list[str]) -> bool:
    """After-colon text that says what the name is: "A New Benchmark ...", "Dataset for ..."."""
    first = words[:4]
    return any(w in DATASET_HEADS for w in first) and (
        words[0] in ("a", "an", "the") or words[0] in DATASET_HEADS)


def _type_from_context(view: DocView, end: int, default: str) -> tuple[str, int]:
    ctx, _ = context_type(view, end)
    return (ctx, CONTEXT) if ctx else (default, GUESS)
