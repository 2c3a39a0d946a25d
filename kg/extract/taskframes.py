"""Frames that say what a paper's task is: the title's "for X", "Towards X", "X via Y", and the
abstract's "we study X", "the problem of X", "X is a fundamental task", "X aims to".

The frames are data (kg/data/words/task_frames.txt). Each gives a slot, the noun phrase next to
it; the slot proposes a task candidate where no other rule put one, and every candidate learns
whether it fills a slot (`Candidate.framed`), a feature the decider weighs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .candidate import CONTEXT, Candidate
from .cues import WORDISH, is_generic
from .docview import DocView
from .words import FILLER_ADJECTIVES, FUNCTION_WORDS, VERBS
from .wordlists import word_list

SLOT = "x"
ANY = "*"
TITLE = "title:"
MAX_SLOT_WORDS = 6
_ACRONYM_WORDS = 4  # "visual question answering (VQA) is ...": a bracket before the frame
_LEADING_GERUNDS = frozenset(("improving", "enhancing", "boosting", "scaling", "rethinking",
                              "revisiting", "understanding", "accelerating", "efficient"))
_DOCUMENT_NOUNS = word_list("document_nouns")  # "this paper aims to": no task


_LAST: list = [None, []]  # the last view read and its slots


@dataclass(frozen=True)
class Frame:
    """One frame: the words before and after its slot, and whether it is read in the title only."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    title: bool


@dataclass(frozen=True)
class Slot:
    """The tokens start..end-1 a frame calls a task, and whether the frame is a title's."""

    start: int
    end: int
    title: bool


@lru_cache(maxsize=1)
def frames() -> dict[tuple[str, ...], tuple[Frame, ...]]:
    """The frames of kg/data/words/task_frames.txt, by the one or two words next to their slot
    (looked up as a word or a word pair of the text, so only a likely frame is matched whole)."""
    out: dict[tuple[str, ...], list[Frame]] = {}
    for line in sorted(word_list("task_frames")):
        title = line.startswith(TITLE)
        words = [w.lower() for w in (line[len(TITLE):] if title else line).split()]
        k = words.index(SLOT)
        frame = Frame(tuple(words[:k]), tuple(words[k + 1:]), title)
        out.setdefault(_key(frame), []).append(frame)
    return {key: tuple(fs) for key, fs in out.items()}


def _key(frame: Frame) -> tuple[str, ...]:
    """The words next to a frame's slot: its last two before it, or its first two after it."""
    return frame.before[-2:] if frame.before else frame.after[:2]


def _matches(words: list[str], pattern: tuple[str, ...]) -> bool:
    return len(words) == len(pattern) and all(p in (ANY, w) for p, w in zip(pattern, words))


def _stop(view: DocView, k: int) -> bool:
    """A token that ends a slot's noun phrase."""
    low = view.lowers[k]
    return (low in FUNCTION_WORDS or low in VERBS or not WORDISH.match(view.texts[k])
            or "--" in low)


def _right_slot(view: DocView, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase starting at `start` (after leading determiners and praise words)."""
    while start < limit and view.lowers[start] in ("the", "a", "an", *FILLER_ADJECTIVES):
        start += 1
    end = start
    while end < limit and end - start < MAX_SLOT_WORDS + 1 and not _stop(view, end):
        end += 1
    if end == start or end - start > MAX_SLOT_WORDS:
        return None
    return start, end


def _left_slot(view: DocView, end: int, floor: int) -> tuple[int, int] | None:
    """The noun phrase ending right before `end` (an acronym in brackets left out)."""
    if end - 1 > floor and view.texts[end - 1] == ")":
        opening = next((k for k in range(end - 2, max(floor, end - 2 - _ACRONYM_WORDS), -1)
                        if view.texts[k] == "("), None)
        if opening is None:
            return None
        end = opening
    start = end
    while start > floor and end - start < MAX_SLOT_WORDS + 1 and not _stop(view, start - 1):
        start -= 1
    while start < end and view.lowers[start] in FILLER_ADJECTIVES:
        start += 1
    if start == end or end - start > MAX_SLOT_WORDS:
        return None
    if end - start > 1 and view.lowers[start] in _LEADING_GERUNDS:
        start += 1  # "Improving Offline RL via ...": the verb is no part of the task
    return start, end


def _segment_start(view: DocView, i: int) -> int:
    """Where the title part holding token i starts: the title's start or after a colon."""
    k = i
    while k > 0 and view.texts[k - 1] not in (":", "-", "--"):
        k -= 1
    return k


def frame_slots(view: DocView) -> list[Slot]:
    """Every slot a frame opens in the doc, in text order, without repeats (the last doc's are
    kept: the rules and the marking after the tagger both ask for them)."""
    if _LAST[0] is not view:
        _LAST[:] = [view, _find_slots(view)]
    return _LAST[1]


def _find_slots(view: DocView) -> list[Slot]:
    """Every slot a frame opens in the doc."""
    index, lowers = frames(), view.lowers
    firsts = {key[0] for key in index}
    found: set[Slot] = set()
    for i, low in enumerate(lowers):
        if low not in firsts:
            continue
        for key in ((low,), (low, lowers[i + 1] if i + 1 < len(lowers) else "")):
            for frame in index.get(key, ()):
                if frame.title and i >= view.title_end:
                    continue
                span = _slot_at(view, frame, i, len(key))
                if span is not None and _names_something(view, *span):
                    found.add(Slot(span[0], span[1], view.in_title(span[0])))
    return sorted(found, key=lambda s: (s.start, s.end))


def _slot_at(view: DocView, frame: Frame, i: int, width: int) -> tuple[int, int] | None:
    """The slot of `frame` when the words next to its slot start at token i."""
    sent_start, sent_end = view.sent_bounds(i)
    if frame.before:
        k = i + width  # the slot's start
        a = k - len(frame.before)
        if a < sent_start or not _matches(view.lowers[a:k], frame.before):
            return None
        limit = view.title_end - 1 if frame.title else sent_end
        return _right_slot(view, k, min(limit, sent_end))
    k = i + len(frame.after)
    if k > sent_end or not _matches(view.lowers[i:k], frame.after):
        return None
    floor = _segment_start(view, i) if frame.title else sent_start
    return _left_slot(view, i, max(floor, sent_start))


def _names_something(view: DocView, start: int, end: int) -> bool:
    """Not a generic phrase ("deep learning") nor the paper itself ("this paper aims to")."""
    return not (is_generic(view.text_of(start, end)) or
                end - start == 1 and view.lowers[start] in _DOCUMENT_NOUNS)


def frame_candidates(view: DocView, slots: list[Slot]) -> list[Candidate]:
    """A weak task candidate for every slot: it only fills where no other rule proposed."""
    out = []
    for s in slots:
        text = view.text_of(s.start, s.end)
        out.append(Candidate(s.start, s.end, text, "task", CONTEXT, "frame", aliases=[text],
                             head=view.lowers[s.end - 1], sent=view.sent_of[s.start], weak=True))
    return out


def mark_framed(candidates: list[Candidate], slots: list[Slot]) -> None:
    """Tell each candidate how it sits in a slot: "title" or "text", then "exact" (the whole
    slot), "head" (its end) or "inside"."""
    if not slots:
        return
    for cand in candidates:
        for s in slots:
            if s.start <= cand.start and cand.end <= s.end:
                where = "exact" if (cand.start, cand.end) == (s.start, s.end) else (
                    "head" if cand.end == s.end else "inside")
                cand.framed = f"{'title' if s.title else 'text'}_{where}"
                break
