"""Cues that a paper is about a task ("X tasks", "the problem of X", "for X"), and the bare broad
task words ("classification", "fairness") that only count with such a cue."""
from __future__ import annotations

from ..lexicon.words import (APPLIED_WORDS, BROAD_TASKS, FUNCTION_WORDS, NEVER_BARE, TASK_NOUNS,
                             THREAT_WORDS, VERBS)
from ..text.docview import DocView
from .candidate import HEAD, Candidate
from .cues import WORDISH

_TASK_CUES = frozenset(("for",))
_JOINERS = frozenset((",", "and", "or"))
MAX_COORDINATED_TOKENS = 3
BARE_TASKS = frozenset(t for t in BROAD_TASKS if " " not in t) - NEVER_BARE


def task_cue(view: DocView, start: int, end: int) -> bool:
    """Text that calls the phrase a task: "X tasks", "X and Y tasks", "the problem of X",
    "for X", "applications to X", "vulnerable to X", "X is a task"."""
    nxt = view.lowers[end:end + 3]
    before = view.lowers[max(0, start - 2):start]
    if nxt[:1] and nxt[0] in TASK_NOUNS or before[-1:] and before[-1] in _TASK_CUES:
        return True
    if len(before) == 2 and before[1] in ("of", "to") and (
            before[0] in TASK_NOUNS or before[0] in APPLIED_WORDS):
        return True
    if len(before) == 2 and before[1] in ("to", "against") and before[0] in THREAT_WORDS:
        return True
    if nxt[:1] == ["is"] and len(nxt) > 2 and nxt[2] in TASK_NOUNS:
        return True
    return _coordinated_with_task_noun(view, end)


def _coordinated_with_task_noun(view: DocView, end: int) -> bool:
    """"classification and regression tasks": the shared task noun comes after the next conjunct."""
    if end >= len(view.lowers) or view.lowers[end] not in _JOINERS:
        return False
    sent_end = view.sent_bounds(end)[1]
    k = end + 1
    while k < sent_end and k - end <= MAX_COORDINATED_TOKENS + 1:
        low = view.lowers[k]
        if low in TASK_NOUNS:
            return k > end + 1
        if low in FUNCTION_WORDS or not WORDISH.match(view.texts[k]):
            return False
        k += 1
    return False


def _modified(view: DocView, i: int) -> bool:
    """"robot locomotion", "classification loss": a bare word inside a longer phrase names no
    task by itself."""
    for k in (i - 1, i + 1):
        if not 0 <= k < len(view.lowers) or view.sent_of[k] != view.sent_of[i]:
            continue
        low = view.lowers[k]
        if (WORDISH.match(view.texts[k]) and low not in FUNCTION_WORDS and low not in VERBS
                and low not in TASK_NOUNS and low not in _JOINERS):
            return True
    return False


def bare_task_candidates(view: DocView) -> list[Candidate]:
    """A lone broad task word ("classification", "fairness"): weak unless it is in the title or
    a cue calls it a task, so a passing mention is dropped."""
    out = []
    for i, low in enumerate(view.lowers):
        if low not in BARE_TASKS or _modified(view, i):
            continue
        weak = not view.in_title(i) and not task_cue(view, i, i + 1)
        out.append(Candidate(i, i + 1, view.texts[i], "task", HEAD, "phrase",
                             aliases=[view.texts[i]], head=low, sent=view.sent_of[i], weak=weak))
    return out
