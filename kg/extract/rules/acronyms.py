"""Acronym definitions in running text, Schwartz-Hearst style, and the candidates they give.

Finds "Long Form (LF)", "LF (Long Form)" and "(Long Form) LF" in one sentence and
returns token spans for both parts; both become candidates named by the long form.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..lexicon.words import (FILLER_ADJECTIVES, FUNCTION_WORDS, NAME_STOPWORDS, NOUN_ING,
                             SOFT_METHOD_HEADS, VERBS)
from ..text.docview import DocView
from .candidate import CONTEXT, GUESS, HEAD, SURE, Candidate
from .cues import context_type, head_word
from .phrases import extend_left, phrase_type, same_case

_SHORT_RE = re.compile(r"^[A-Za-z0-9][\w.+\-&/^]{0,14}$")
# An enumerator's Roman numeral, i to xxxix, or one of the letters that are Roman numerals alone;
# MD, MIL, LLM and MMD are acronyms made of such letters, not numbers.
_ROMAN = re.compile(r"^(?:x{0,3}(?:ix|iv|v?i{0,3})|[lcdm])$", re.I)
_LONG_BREAKS = frozenset(",;:()[]{}\"'“”!?")
# A digit in a short form may stand for letters: a repeat of the letter before it ("D3PO",
# "D^3S": three Ds) or the word it sounds like ("RO2O": Robust Offline-to-Online; "4" for "for").
_REPEAT_DIGIT = re.compile(r"([A-Za-z])\^?([2-4])")
_SOUNDS_LIKE = {"2": "t", "4": "f"}
_SPOKEN = {"2": "to", "4": "for"}
MAX_INNER_TOKENS = 10


@dataclass(frozen=True)
class Acronym:
    """One definition: the short form and the token span of its long form."""

    short: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def find_acronyms(view: DocView) -> list[Acronym]:
    """All acronym definitions in a doc, in text order."""
    doc = view.doc
    found = []
    for i, text in enumerate(view.texts):
        acronym = None
        if text == ":":
            acronym = _colon_acronym(doc, i, view.sent_bounds(i)[1])
        elif text == "(":
            sent = view.sent_bounds(i)
            close = _closing(view, i, sent[1])
            if close is not None:
                inner = doc[i + 1:close]
                acronym = _forward(doc, i, inner, sent[0]) or _backward(doc, i, close, inner, sent)
        if acronym is not None:
            found.append(acronym)
    return found


def is_short_form(text: str) -> bool:
    """Looks like an acronym: short, starts alphanumeric, has a capital, is no plain word and
    no enumerator's Roman numeral.

    >>> [is_short_form(t) for t in ("MD", "LLM", "MIL", "IV", "XII", "Adam", "BERT")]
    [True, True, True, False, False, False, True]
    """
    if not _SHORT_RE.match(text) or text.lower() in NAME_STOPWORDS:
        return False
    caps = sum(c.isupper() for c in text)
    if caps == 0 or (caps == 1 and text[0].isupper() and text[1:].islower() and len(text) > 3):
        return False
    parts = [p for p in text.split("-") if p]
    if len(parts) > 1 and all(p[0].isupper() and p[1:].islower() and len(p) > 1 for p in parts):
        return False  # "Concept-Based" is a capitalised word pair, not an acronym
    return not (_ROMAN.match(text) and text.isupper()) and not text.isdigit()


def letter_readings(short: str, long: str) -> tuple[str, ...]:
    """The letter sequences a short form may spell in the words `long`: as written; with "2"
    read as "to" and "4" as "for" where `long` has that word; with each digit after a letter
    read as that letter repeated, where `long` has enough words to give the repeats (a word
    start or a capital each).

    >>> letter_readings("RO2O", "Robust Offline-to-Online"), letter_readings("SAM", "x")
    (('RO2O', 'ROtO', 'ROOO'), ('SAM',))
    >>> letter_readings("D3PO", "Direct Preference for Denoising Diffusion Policy Optimization")
    ('D3PO', 'DDDPO')
    >>> letter_readings("D^3S", "Dynamic Dual-Level Down-Sampling")
    ('D^3S', 'DDDS')
    >>> letter_readings("NEG2", "negation"), letter_readings("Uni4D", "Unified Framework")
    (('NEG2',), ('Uni4D',))
    """
    readings = [short]
    if not _REPEAT_DIGIT.search(short):
        return tuple(readings)
    words = set(re.findall(r"[a-z]+", long.lower()))
    if all(_SPOKEN[d] in words for d in re.findall(r"(?<=[A-Za-z])[24]", short)) and \
            "^" not in short and re.search(r"(?<=[A-Za-z])[24]", short):
        readings.append(_REPEAT_DIGIT.sub(lambda m: m[1] + _SOUNDS_LIKE.get(m[2], m[2]), short))
    initials = [m[0].lower() for m in re.finditer(r"\b[A-Za-z]|[A-Z]", long)]
    if all(initials.count(m[1].lower()) >= int(m[2]) for m in _REPEAT_DIGIT.finditer(short)):
        readings.append(_REPEAT_DIGIT.sub(lambda m: m[1] * int(m[2]), short))
    return tuple(dict.fromkeys(readings))


def _colon_acronym(doc: Doc, colon: int, limit: int) -> Acronym | None:
    """"SF: Long Form for ..." (titles, enumerations) whose first words spell out SF."""
    k = colon - 1
    if k < 0 or not is_short_form(doc[k].text):
        return None
    start = colon + 1
    while start < limit and doc[start].lower_ in FUNCTION_WORDS:
        start += 1
    end = start
    while (end < limit and doc[end].lower_ not in FUNCTION_WORDS and not doc[end].is_punct
           and not doc[end].is_space):
        end += 1
    words = doc[start:end]
    if len(words) < 2 or (words[0].lower_.endswith("ing") and words[0].lower_ not in NOUN_ING):
        return None
    # the long form starts with the short form's first letter, or (a mixed-case short form) has
    # its capitals as initials: "RAG: Adaptive-Reward ..." and "TrimR: Verifier-based
    # Training-Free ..." say what the name does, not what its letters stand for
    short = doc[k].text
    if words[0].text[:1].lower() != short[:1].lower() and (
            short.isupper() or not _capitals_as_initials(short, words.text)):
        return None
    if not _loose_match(short, words.text) or not _plausible_long(words, short):
        return None
    return Acronym(short, k, k + 1, start, end)


def _capitals_as_initials(short: str, long: str) -> bool:
    """Whether the short form's capitals are, in order, initials of the long form's words or
    capitals inside them ("SDF-StyleGAN" in "Implicit SDF-Based StyleGAN", "LoFi" in "Neural
    Local Fields", not "TrimR" in "Verifier-based Training-Free Thinking Compression").

    >>> _capitals_as_initials("LoFi", "Neural Local Fields"), _capitals_as_initials("TrimR", "Verifier-based Thinking")
    (True, False)
    """
    wanted = [c.lower() for c in short if c.isupper()]
    initials = [c.lower() for i, c in enumerate(long)
                if c.isupper() or (c.isalnum() and (i == 0 or not long[i - 1].isalnum()))]
    at = 0
    for c in wanted:
        try:
            at = initials.index(c, at) + 1
        except ValueError:
            return False
    return True


def _closing(view: DocView, i: int, sent_end: int) -> int | None:
    for j in range(i + 1, min(i + MAX_INNER_TOKENS + 2, sent_end)):
        if view.texts[j] == ")":
            return j if j > i + 1 else None
        if view.texts[j] == "(":
            return None
    return None


def _forward(doc: Doc, open_i: int, inner: Span, sent_start: int) -> Acronym | None:
    """Long Form (LF)."""
    short = inner.text.lstrip("\\")
    if len(inner) != 1 or not is_short_form(short):
        return None
    core = re.sub(r"(?<=[A-Z])s$", "", short)
    n_chars = sum(c.isalnum() for c in core)
    window = min(n_chars + 5, n_chars * 2)
    start = open_i
    words = 0
    while start > sent_start and words < window:
        prev = doc[start - 1]
        if prev.text in _LONG_BREAKS or prev.is_space:
            break
        start -= 1
        words += 1
    if start == open_i:
        return None
    span = doc[start:open_i]
    reading, offset = next(((r, o) for r, o in ((r, _best_long_form(r, span.text))
                                                for r in letter_readings(core, span.text))
                            if o is not None), (core, None))
    if offset is None:
        return None
    long_span = doc.char_span(span.start_char + offset, span.end_char, alignment_mode="expand")
    wider = _initials_start(reading, span.text)  # words that start with the letters win over
    if wider is not None and wider < offset:  # letters matched inside words (Policy Optimization)
        whole = doc.char_span(span.start_char + wider, span.end_char, alignment_mode="expand")
        if whole is not None and _plausible_long(whole, core):
            long_span = whole
    if long_span is None or not _plausible_long(long_span, core):
        return None
    return Acronym(short, inner.start, inner.end, long_span.start, long_span.end)


def _backward(doc: Doc, open_i: int, close_i: int, inner: Span,
              sent: tuple[int, int]) -> Acronym | None:
    """LF (Long Form) and (Long Form) LF."""
    if len(inner) < 2 or any(t.text in _LONG_BREAKS or t.like_num or t.is_space for t in inner):
        return None
    for k in (open_i - 1, close_i + 1):
        if not sent[0] <= k < sent[1]:
            continue
        short = doc[k].text
        if inner[0].text[:1].lower() != short[:1].lower():  # "TTS (particularly the Best-of-N ...)"
            continue
        if is_short_form(short) and _loose_match(short, inner.text) and _plausible_long(inner, short):
            return Acronym(short, k, k + 1, inner.start, inner.end)
    return None


def _initials_start(short: str, long: str) -> int | None:
    """Offset in `long` of the last words whose initials spell `short`'s letters, a word each
    (function words may go between), or None: "Proximal Policy Optimization" for PPO, where
    Schwartz-Hearst's shortest match takes the "p" of "optimization" and gives "Policy
    Optimization".

    >>> text = "we use Proximal Policy Optimization"
    >>> text[_initials_start("PPO", text):], _initials_start("PPO", "the Policy Optimization")
    ('Proximal Policy Optimization', None)
    >>> text = "a Mixture of Experts"
    >>> text[_initials_start("MoE", text):]
    'Mixture of Experts'
    """
    letters = [c for c in short.lower() if c.isalpha()]
    if len(letters) < 2 or len(letters) != sum(c.isalnum() for c in short):
        return None
    words = list(re.finditer(r"[A-Za-z0-9]+", long))
    k = len(letters) - 1
    for w in reversed(words):
        word = w[0].lower()
        if word[0] == letters[k]:
            k -= 1
            if k < 0:
                return w.start()
        elif word not in FUNCTION_WORDS:
            return None
    return None


def _best_long_form(short: str, long: str) -> int | None:
    """Schwartz-Hearst: offset in `long` where the shortest matching long form starts."""
    s = short.lower()
    text = long.lower()
    s_i, l_i = len(s) - 1, len(text) - 1
    while s_i >= 0:
        c = s[s_i]
        if not c.isalnum():
            s_i -= 1
            continue
        while l_i >= 0 and (text[l_i] != c or (s_i == 0 and l_i > 0 and text[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        l_i -= 1
        s_i -= 1
    return text.rfind(" ", 0, l_i + 1) + 1


def _loose_match(short: str, long: str) -> bool:
    """The short form's letters (in one of its letter_readings) appear in order in the long
    form, the first one word-initially or as a capital."""
    return any(_letters_in(r, long) for r in letter_readings(short, long))


def _letters_in(short: str, long: str) -> bool:
    """_loose_match() for one reading of the short form."""
    s = [c for c in short.lower() if c.isalnum()]
    text = long.lower()
    pos = 0
    for c in s:
        pos = text.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    initials = {w[0] for w in long.lower().split() if w}
    return s[0] in initials or short[0] in long


def _plausible_long(span: Span, short: str) -> bool:
    """Whether a span can be the long form of `short`: ten words at most, no function word at
    either end, and not the short form itself among its words ("identifiable SAEs (SAEs that
    learn unique features)" explains SAEs, it does not spell them)."""
    words = [t for t in span if not t.is_punct]
    if not words or len(words) > 10 or span.text.lower() == short.lower():
        return False
    if any(t.text == short for t in words):
        return False
    if words[0].lower_ in FUNCTION_WORDS or words[-1].lower_ in FUNCTION_WORDS:
        return False
    return len(span.text) > len(short)


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


def _type_from_context(view: DocView, end: int, default: str) -> tuple[str, int]:
    ctx, _ = context_type(view, end)
    return (ctx, CONTEXT) if ctx else (default, GUESS)
