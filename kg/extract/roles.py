"""Which candidates a paper introduces itself: role "proposed" versus "used"."""
from __future__ import annotations

from .candidates import Candidate
from .docview import DocView
from .words import CLAUSE_BREAKS, CONTRIBUTION_NOUNS, NAMING_WORDS, PROPOSE_VERBS

MAX_OBJECT_TOKENS = 14
_SUBJECTS = frozenset("we our paper work this study".split())


def proposal_windows(view: DocView) -> list[tuple[int, int]]:
    """Token ranges that hold the object of "we propose ...", "called ..." and the like."""
    windows = []
    lowers = view.lowers
    for i, low in enumerate(lowers):
        if view.in_title(i):
            continue
        if low in NAMING_WORDS or (low in PROPOSE_VERBS and _has_subject(view, i)):
            windows.append((i + 1, _object_end(view, i + 1)))
        elif low == "our" or (low in ("a", "an") and _announces_new(view, i)):
            windows.append((i + 1, min(i + 4, view.sent_bounds(i)[1])))
    return windows


def mark_proposed(view: DocView, candidates: list[Candidate]) -> None:
    """Set `proposed` on candidates inside a proposal window, an apposition or the title head."""
    windows = proposal_windows(view)
    for cand in candidates:
        if cand.proposed:
            continue
        if any(a <= cand.start < b for a, b in windows) or _apposition(view, cand):
            cand.proposed = True


def _has_subject(view: DocView, i: int) -> bool:
    """"we propose", "this paper presents", "is proposed" (passive with the object before)."""
    sent_start = view.sent_bounds(i)[0]
    return bool(_SUBJECTS.intersection(view.lowers[sent_start:i]))


def _object_end(view: DocView, start: int) -> int:
    sent_end = view.sent_bounds(start - 1)[1]
    end = start
    while end < sent_end and end - start < MAX_OBJECT_TOKENS:
        if view.lowers[end] in CLAUSE_BREAKS and end > start:
            break
        end += 1
    return end


def _announces_new(view: DocView, i: int) -> bool:
    """"a new benchmark, X" / "a novel method X"."""
    nxt = view.lowers[i + 1:i + 4]
    return bool(nxt) and nxt[0] in ("new", "novel") and any(w in CONTRIBUTION_NOUNS for w in nxt)


def _apposition(view: DocView, cand: Candidate) -> bool:
    """"X, a novel framework ..." or "X is a new benchmark"."""
    after = view.lowers[cand.end:cand.end + 4]
    if len(after) < 3:
        return False
    if after[0] == "," and after[1] in ("a", "an", "the") and after[2] in ("new", "novel", "first"):
        return True
    return after[0] == "is" and after[1] in ("a", "an") and after[2] in ("new", "novel")
