"""The name a title gives itself: the head of a "Name: what it does" title, the paper's own."""
from __future__ import annotations

from ..lexicon.words import DATASET_HEADS, FUNCTION_WORDS
from ..text.docview import DocView
from .acronyms import is_short_form
from .candidate import CONTEXT, HEAD, SURE, Candidate
from .cues import head_type, is_generic, is_name_token
from .phrases import phrase_type


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
