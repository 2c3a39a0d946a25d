"""Which candidates a paper introduces itself: role "proposed" versus "used"."""
from __future__ import annotations

from ..lexicon.words import (CLAUSE_BREAKS, CONTRIBUTION_NOUNS, DOCUMENT_NOUNS, NAMING_WORDS,
                             NOUN_ING, PROPOSE_VERBS, VERBS)
from ..text.docview import DocView
from .candidate import Candidate

MAX_OBJECT_TOKENS = 14
_TITLE_METHOD_MARKERS = frozenset(("with", "using"))


def proposal_windows(view: DocView) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Token ranges holding what the paper introduces: (after a proposing verb, after a naming
    word / "our" / "a new")."""
    verb_windows, name_windows = [], []
    lowers = view.lowers
    for i in range(min(view.title_end, len(lowers)), len(lowers)):  # (not in the title)
        low = lowers[i]
        if low in NAMING_WORDS:
            name_windows.append((i + 1, _object_end(view, i + 1)))
        elif low in PROPOSE_VERBS and _has_subject(view, i) and not _builds_on(view, i):
            verb_windows.append((i + 1, _object_end(view, i + 1)))
        elif low == "our" or (low in ("a", "an") and _announces_new(view, i)):
            name_windows.append((i + 1, min(i + 4, _object_end(view, i + 1))))
    return verb_windows, name_windows


def mark_proposed(view: DocView, candidates: list[Candidate]) -> None:
    """Set `proposed` on what the paper introduces; a known name used as a modifier ("a new
    actor-critic algorithm") is not, and an established task never is."""
    verb_windows, name_windows = proposal_windows(view)
    for cand in candidates:
        if cand.proposed or ((cand.source == "lexicon" or cand.known) and cand.type == "task"):
            continue
        named = (any(a <= cand.start < b for a, b in name_windows)
                 and not (cand.known and _modifies_new_thing(view, cand))
                 or _apposition(view, cand))
        if not cand.known:
            named = named or any(a <= cand.start < b for a, b in verb_windows)
        if cand.source != "lexicon":
            named = named or _title_contribution(view, cand)
        cand.proposed = named


def _modifies_new_thing(view: DocView, cand: Candidate) -> bool:
    """"a new actor-critic algorithm": the known name qualifies the contribution noun after it."""
    return cand.end < len(view.lowers) and view.lowers[cand.end] in CONTRIBUTION_NOUNS


def _has_subject(view: DocView, i: int) -> bool:
    """"we propose" or "this paper presents", and the verb is no adjective ("our proposed")."""
    sent_start = view.sent_bounds(i)[0]
    before = view.lowers[sent_start:i]
    if before and before[-1] in ("our", "the", "a", "an", "previously", "recently"):
        return False
    if "we" in before:
        return True
    return any(w in DOCUMENT_NOUNS and k > 0 and before[k - 1] in ("this", "our")
               for k, w in enumerate(before))


def _builds_on(view: DocView, i: int) -> bool:
    """"we build on X", "builds upon X": X is what the paper uses, not what it proposes."""
    return i + 1 < len(view.lowers) and view.lowers[i + 1] in ("on", "upon")


def _object_end(view: DocView, start: int) -> int:
    """The object phrase ends at a clause break, a verb or a naming word ("..., called X")."""
    sent_end = view.sent_bounds(start - 1)[1]
    end = start
    while end < sent_end and end - start < MAX_OBJECT_TOKENS:
        low = view.lowers[end]
        if end > start and (low in VERBS or low in NAMING_WORDS or _gerund(low) or
                            low in CLAUSE_BREAKS and not _appositive_comma(view, end)):
            break
        end += 1
    return end


def _gerund(low: str) -> bool:
    return low.endswith("ing") and low not in NOUN_ING


def _appositive_comma(view: DocView, i: int) -> bool:
    """"an online algorithm, SwAV, that ...": the comma introduces the name itself."""
    return view.lowers[i] == "," and view.lowers[i - 1] in CONTRIBUTION_NOUNS


def _title_contribution(view: DocView, cand: Candidate) -> bool:
    """A title that opens with a new name, or ends "... with/using New Name"."""
    if not view.in_title(cand.start) or cand.type == "task":
        return False
    return cand.start == 0 or view.lowers[cand.start - 1] in _TITLE_METHOD_MARKERS


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
