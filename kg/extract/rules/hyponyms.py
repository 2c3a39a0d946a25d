"""Hearst patterns: "datasets such as X, Y and Z", "solvers (e.g. X, Y)", "benchmarks: X, Y":
the names listed after a plural class noun take that noun's type."""
from __future__ import annotations

from functools import lru_cache

from ..lexicon.words import (CUE_PUNCT, CUE_WORDS, FUNCTION_WORDS, METHOD_CLASSES, NAME_STOPWORDS,
                             TASK_CLASSES, VERBS)
from ..text.docview import DocView
from .candidate import CONTEXT, Candidate
from .cues import WORDISH, head_type, is_generic, is_name_token

_SEPARATORS = frozenset((",", "and", "or"))
_LIST_ENDS = frozenset((")", ".", ";", ":", "!", "?"))
MAX_MEMBER_TOKENS = 4
MAX_MEMBERS = 8


def list_candidates(view: DocView) -> list[Candidate]:
    """One candidate per name listed after a class noun, typed by that noun."""
    out = []
    for h, low in enumerate(view.lowers):
        etype = class_type(low)
        if etype is None:
            continue
        first = _list_start(view, h)
        if first is not None:
            out += _members(view, first, etype)
    return out


@lru_cache(maxsize=65536)
def class_type(low: str) -> str | None:
    """The type of the names a plural class noun lists ("datasets" -> dataset), if any."""
    if not low.endswith("s") or len(low) < 4:
        return None
    if low in TASK_CLASSES:
        return "task"
    if low in METHOD_CLASSES:
        return "method"
    found = head_type(low)
    return found if found in ("dataset", "method") else None


def _list_start(view: DocView, h: int) -> int | None:
    """Index of the first listed name after the cue, or None when no cue follows the noun."""
    end = view.sent_bounds(h)[1]
    i, cued = h + 1, False
    while i < end and i - h <= 5 and (view.lowers[i] in CUE_WORDS or view.texts[i] in CUE_PUNCT):
        cued = cued or view.lowers[i] not in (",", "as", "for")
        i += 1
    return i if cued and i < end else None


def _members(view: DocView, i: int, etype: str) -> list[Candidate]:
    """The names from i to the end of the list, each up to MAX_MEMBER_TOKENS long."""
    end = view.sent_bounds(i)[1]
    out: list[Candidate] = []
    while i < end and len(out) < MAX_MEMBERS:
        j = i
        while j < end and view.lowers[j] not in _SEPARATORS and view.texts[j] not in _LIST_ENDS:
            j += 1
        if j == i or j - i > MAX_MEMBER_TOKENS or not _name_like(view, i, j):
            break
        name = view.text_of(i, j)
        out.append(Candidate(i, j, name, etype, CONTEXT, "list", aliases=[name],
                             head=view.lowers[j - 1], sent=view.sent_of[i]))
        while j < end and view.lowers[j] in _SEPARATORS:
            j += 1
        if j >= end or view.texts[j] in _LIST_ENDS:
            break
        i = j
    return out


def _name_like(view: DocView, i: int, j: int) -> bool:
    """A listed item that reads as a name: it holds a name token or starts with a capital, and
    has no verb or function word."""
    words = view.texts[i:j]
    if any(w.lower() in FUNCTION_WORDS or w.lower() in VERBS or not WORDISH.match(w)
           for w in words):
        return False
    if words[0].lower() in NAME_STOPWORDS or is_generic(" ".join(words)):
        return False
    return any(is_name_token(w) for w in words) or (words[0][:1].isupper() and len(words[0]) > 1)
