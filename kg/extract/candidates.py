"""Candidate entity spans from four sources: acronym definitions, the lexicon, name-like
tokens and head-noun phrases."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .acronyms import Acronym, is_short_form
from .docview import DocView
from .lexicon import LexiconEntry
from .words import (DATASET_HEADS, FILLER_ADJECTIVES, FUNCTION_WORDS, GENERIC_MODIFIERS,
                    GENERIC_PHRASES, METHOD_HEADS, NAME_STOPWORDS, NOUN_ING, SOFT_METHOD_HEADS,
                    SOFT_TASK_HEADS, TASK_HEADS, VERBS, WEAK_TASK_HEADS, BROAD_TASKS)

# Confidence of a type decision: lexicon > explicit head word > context > default guess.
SURE, HEAD, CONTEXT, GUESS = 4, 3, 2, 1
MAX_MODIFIERS = 5
_WORDISH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+.'^-]*$")
# One part of a hyphenated token that marks a name: inner capital, two capitals, a digit,
# or a one-letter prefix ("f-DVL").
_NAME_PART = re.compile(r"^(?:.+[A-Z].*|[A-Z]{2,}.*|.*\d.*|[a-z])$")
_STRONG_PART = re.compile(r"^(?:.+[A-Z].*|[A-Z]{2,}.*|.*\d.*)$")
_ADJECTIVE_SUFFIX = re.compile(
    r"-(based|like|style|free|aware|driven|specific|level|wise|scale|agnostic|guided|conditioned|"
    r"only|dependent|oriented|centric|trained|regularized|tuned|augmented|induced|constrained|"
    r"supervised|generated|enhanced|powered|assisted|inspired|informed|friendly|compatible)$")
# Words after a head that keep it the head: "classification tasks", "detection performance".
_CONTEXT_WORDS = frozenset("""
task tasks problem problems setting settings benchmark benchmarks dataset datasets performance
accuracy results scenario scenarios domain domains pipeline pipelines paradigm system systems
capability capabilities ability abilities quality error errors""".split())
_LETTER_NAMES = frozenset("loss learning network networks net means transformer former".split())
_MATH = re.compile(r"^[A-Za-z][_^]?\{?\d*\}?$|^[A-Z]\^")
_PLURAL_OK = ("ss", "us", "is", "ics", "series", "news", "ous", "sis")
# Heads that need a specific modifier: "larger models" and "student network" name nothing.
_WEAK_HEADS = SOFT_METHOD_HEADS | SOFT_TASK_HEADS | {"network", "networks", "layer", "layers",
                                                      "module", "modules", "block", "blocks",
                                                      "architecture", "architectures",
                                                      "mechanism", "mechanisms", "loss", "losses"}
_DATASET_SUFFIX = re.compile(r"(Bench|bench|QA|Eval|Set|set|Arena|Gym|World)$")


@dataclass
class Candidate:
    """One mention of a possible entity."""

    start: int  # token span of the surface text
    end: int
    name: str
    type: str | None
    confidence: int
    source: str  # "acronym", "lexicon", "name", "phrase" or "title"
    aliases: list[str] = field(default_factory=list)
    head: str = ""
    proposed: bool = False
    sent: int = 0
    weak: bool = False  # kept only if repeated, proposed or backed by a stronger candidate
    known: bool = False  # "a practical actor-critic algorithm": a known name as a modifier

    @property
    def length(self) -> int:
        """Number of tokens covered."""
        return self.end - self.start


def head_word(word: str) -> str:
    """The word that heads a token: "geo-localization" is headed by "localization"."""
    if "-" in word and word not in TASK_HEADS and word not in METHOD_HEADS:
        return word.rsplit("-", 1)[1]
    return word


def head_type(head: str) -> str | None:
    """The type a head noun announces, if any."""
    head = head_word(head)
    if head in DATASET_HEADS:
        return "dataset"
    if head in TASK_HEADS:
        return "task"
    if head in METHOD_HEADS:
        return "method"
    return None


def context_type(view: DocView, end: int) -> tuple[str | None, str]:
    """The type announced by the word right after a name ("X benchmark"), and that word."""
    if end >= len(view.lowers) or view.sent_of[end] != view.sent_of[end - 1]:
        return None, ""
    nxt = view.lowers[end]
    if nxt in DATASET_HEADS:
        return "dataset", nxt
    if nxt in ("task", "tasks", "problem", "problems", "setting", "settings"):
        return "task", nxt
    if nxt in METHOD_HEADS:
        return "method", nxt
    return None, ""


def is_generic(text: str) -> bool:
    """A phrase that names nothing specific ("deep learning", "our method")."""
    low = text.lower().strip()
    if low in GENERIC_PHRASES:
        return True
    words = low.split()
    content = [w for w in words if w not in FILLER_ADJECTIVES and w not in FUNCTION_WORDS]
    return not content or " ".join(content) in GENERIC_PHRASES


def is_name_token(text: str) -> bool:
    """CamelCase, digit-bearing, or upper-case tokens that read as a name (GPT-4, SwAV, MBPP)."""
    if len(text) < 2 or not _WORDISH.match(text) or text.lower() in NAME_STOPWORDS or "--" in text:
        return False
    if text.lower() in FUNCTION_WORDS or text.lower() in VERBS:
        return False
    if re.fullmatch(r"[\d.,%x×+-]+[a-zA-Z]{0,2}", text) or not any(c.isupper() for c in text):
        return False
    if _ADJECTIVE_SUFFIX.search(text) or _MATH.match(text):
        return False
    parts = [p for p in re.split(r"[-.]", text) if p]
    if len(parts) > 1 and re.fullmatch(r"[A-Z]", parts[0]):
        return parts[1].lower() in _LETTER_NAMES or bool(re.search(r"[A-Z]{2}", parts[1]))
    return any(_STRONG_PART.match(p) for p in parts) or (
        len(parts) > 1 and parts[0] in "abcdefghijklmnopqrstuvwxyz" and _NAME_PART.match(parts[1]))


def lexicon_candidates(view: DocView, matches: list[tuple[int, int, LexiconEntry]]
                       ) -> list[Candidate]:
    """Candidates for lexicon matches, typed by the lexicon."""
    out = []
    for start, end, entry in matches:
        surface = view.text_of(start, end)
        broad = entry.type == "task" and entry.name.lower() in BROAD_TASKS
        out.append(Candidate(start, end, entry.name, entry.type, SURE, "lexicon",
                             aliases=[surface], head=view.lowers[end - 1],
                             sent=view.sent_of[start], weak=broad and not view.in_title(start)))
    return out


def acronym_candidates(view: DocView, acronyms: list[Acronym],
                       lexicon_type: dict[str, str]) -> list[Candidate]:
    """Candidates for defined long forms, each carrying its acronym as an alias."""
    out = []
    for a in acronyms:
        start = max(_extend_left(view, a.long_start), a.long_start - 2)
        while start < a.long_start and (view.lowers[start] in FILLER_ADJECTIVES or
                                        view.lowers[start] in SOFT_METHOD_HEADS or
                                        view.lowers[start] in FUNCTION_WORDS):
            start += 1
        end = a.long_end
        if start >= end:
            continue
        name = view.text_of(start, end)
        etype, conf = _phrase_type(view, start, end, lexicon_type)
        if head_word(view.lowers[end - 1]) == "optimization" and conf < SURE:
            etype, conf = "method", HEAD
        short_type = lexicon_type.get(a.short.lower())
        if conf < SURE and short_type:
            etype, conf = short_type, SURE
        if etype is None:
            etype, conf = _type_from_context(view, max(a.short_end, end), "method")
        out.append(Candidate(start, end, name, etype, conf, "acronym", aliases=[a.short],
                             head=view.lowers[end - 1], sent=view.sent_of[start]))
        out.append(Candidate(a.short_start, a.short_end, name, etype, conf, "acronym",
                             aliases=[a.short], head=view.lowers[end - 1],
                             sent=view.sent_of[start]))
    return out


def phrase_candidates(view: DocView, lexicon_type: dict[str, str]) -> list[Candidate]:
    """Noun phrases ending in a task, method or dataset head ("video frame interpolation")."""
    out = []
    lowers = view.lowers
    for h, low in enumerate(lowers):
        kind = head_type(low)
        if kind not in ("task", "method"):
            continue
        nxt = lowers[h + 1] if h + 1 < len(lowers) and view.sent_of[h + 1] == view.sent_of[h] else ""
        if head_type(nxt) in ("task", "method"):
            continue  # a longer phrase ends at the next head
        if kind == "method" and _noun_like(nxt):
            continue  # "replay buffer": the head word is itself a modifier
        start = _extend_left(view, h, lexicon_type)
        start, _ = _trim_left(view, start, h + 1)
        if (_clause_initial(view, start) and view.lowers[start].endswith("ing")
                and h - start >= 2 and view.texts[start][:1].isupper()):
            start += 1  # "Learning neural subset selection": a sentence-initial verb
        if start >= h:
            continue
        cand = _phrase_candidate(view, start, h + 1, lexicon_type)
        if cand is not None:
            out.append(cand)
    return out


def name_candidates(view: DocView, lexicon_type: dict[str, str]) -> list[Candidate]:
    """Name-like tokens (ResNet-50, MathVista, f-DVL), typed by suffix and context."""
    out = []
    for i, token in enumerate(view.texts):
        if token.islower() or len(token) < 2:
            continue
        text = _name_before_suffix(token, lexicon_type)
        if not is_name_token(text) and text.lower() not in lexicon_type:
            continue
        if not _not_sentence_caps(view, i):
            continue
        etype = lexicon_type.get(text.lower())
        conf = SURE if etype else GUESS
        end = i + 1
        ctx, word = context_type(view, end)
        aliases = [text]
        if etype is None and ctx is not None:
            etype, conf = ctx, CONTEXT
            if word not in SOFT_METHOD_HEADS:
                aliases.append(f"{text} {view.texts[end]}")
        if etype is None and _after_dataset_word(view, i):
            etype, conf = "dataset", CONTEXT
        if etype is None:
            etype = _apposition_type(view, end)
            conf = CONTEXT
        if etype is None and _DATASET_SUFFIX.search(text):
            etype, conf = "dataset", CONTEXT
        weak = etype is None and text.isupper()  # an unexplained acronym: SAT, GDPR, DNA
        if etype is None:
            etype, conf = "method", GUESS
        out.append(Candidate(i, end, text, etype, conf, "name", aliases=aliases,
                             head=text.lower(), sent=view.sent_of[i], weak=weak))
    return out


def share_list_types(view: DocView, kept: list[Candidate]) -> None:
    """Names listed together ("HumanEval, MBPP and LeetCode") share the type of the members
    whose type is known, and support each other."""
    run: list[Candidate] = []
    for cand in kept:
        if run and _coordinated(view, run[-1], cand):
            run.append(cand)
            continue
        _settle(run)
        run = [cand]
    _settle(run)


def _coordinated(view: DocView, left: Candidate, right: Candidate) -> bool:
    between = view.lowers[left.end:right.start]
    return (left.sent == right.sent and 0 < len(between) <= 2
            and all(w in (",", "and", "or") for w in between))


def _settle(run: list[Candidate]) -> None:
    if len(run) < 2:
        return
    known = [c for c in run if c.confidence >= CONTEXT and c.source in ("lexicon", "name")]
    if not known:
        return
    etype = Counter(c.type for c in known).most_common(1)[0][0]
    for cand in run:
        if cand.source == "name" and cand.confidence < CONTEXT:
            cand.type, cand.confidence = etype, CONTEXT
        if cand.source == "name":
            cand.weak = False


def dataset_phrase_candidates(view: DocView) -> list[Candidate]:
    """Capitalised names right before a dataset word ("the LeetCode Contest benchmark")."""
    out = []
    for h, low in enumerate(view.lowers):
        if low not in DATASET_HEADS or h == 0:
            continue
        sent_start = view.sent_bounds(h)[0]
        start = h
        while (start > sent_start and h - start < 4 and view.texts[start - 1][:1].isupper()
               and _WORDISH.match(view.texts[start - 1])
               and view.lowers[start - 1] not in FUNCTION_WORDS):
            start -= 1
        if start == sent_start and not is_name_token(view.texts[start]) and h - start == 1:
            continue  # "Benchmark results ..." at a sentence start: just a capital
        if start == h or view.in_title(start):
            continue
        name = view.text_of(start, h)
        if is_generic(name):
            continue
        out.append(Candidate(start, h + 1, name, "dataset", HEAD, "phrase",
                             aliases=[name, view.text_of(start, h + 1)], head=low,
                             sent=view.sent_of[start]))
    return out


def _name_before_suffix(token: str, lexicon_type: dict[str, str]) -> str:
    """"CLIP-based" names CLIP; other tokens stay whole."""
    match = _ADJECTIVE_SUFFIX.search(token)
    if match is None:
        return token
    prefix = token[:match.start()]
    return prefix if prefix.lower() in lexicon_type or is_name_token(prefix) else token


def _apposition_type(view: DocView, end: int) -> str | None:
    """"X, a unified environment for ...": the type of the first head noun after the comma."""
    after = view.lowers[end:end + 7]
    if len(after) < 3 or after[0] != "," or after[1] not in ("a", "an", "the"):
        return None
    for word in after[2:]:
        if word in (",", ".", ";", "(", "that", "which", "for", "of"):
            return None
        found = head_type(word)
        if found is not None:
            return found
    return None


def _after_dataset_word(view: DocView, i: int) -> bool:
    """"a new benchmark, X" / "the dataset called X": the name follows a dataset word."""
    before = view.lowers[max(view.sent_bounds(i)[0], i - 3):i]
    while before and before[-1] in (",", "called", "named", "dubbed", "termed", ":", "(", "the"):
        before.pop()
    return bool(before) and before[-1] in DATASET_HEADS


def title_prefix_candidate(view: DocView, lexicon_type: dict[str, str]) -> Candidate | None:
    """The part of a "Name: what it does" title before the colon, when it reads as a name."""
    colon = next((i for i in range(view.title_end) if view.texts[i] == ":"), None)
    start = 1 if view.lowers[0] in ("the", "a", "an") else 0
    if colon is None or colon <= start or colon > 6:
        return None
    end = colon
    if view.texts[end - 1] == ")" and end - start > 3:
        end = max(k for k in range(start, end) if view.texts[k] == "(")
    text = view.text_of(start, end)
    words = text.split()
    named = any(is_name_token(w) or is_short_form(w) for w in words) or len(words) == 1
    if not named and not _headed_title(view, start, end):
        return None
    if is_generic(text) or words[0].lower() in FUNCTION_WORDS:
        return None
    if len(words) > 1 and words[0].lower().endswith("ing"):
        return None  # "Enhancing Neural Subset Selection" is a verb phrase
    etype, conf = _phrase_type(view, start, end, lexicon_type)
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


def _not_sentence_caps(view: DocView, i: int) -> bool:
    """Rejects shouting: an upper-case word inside an all-caps run of words."""
    text = view.texts[i]
    if not text.isupper():
        return True
    neighbours = [view.texts[k] for k in (i - 1, i + 1) if 0 <= k < len(view.texts)]
    return not any(n.isupper() and n.isalpha() and len(n) > 2 and
                   n.lower() in FUNCTION_WORDS for n in neighbours)


def _noun_like(low: str) -> bool:
    """A following word that would make the previous head a modifier ("replay buffer")."""
    return (bool(low) and low.isalpha() and low not in FUNCTION_WORDS and low not in VERBS
            and low not in _CONTEXT_WORDS and not low.endswith(("ing", "ed", "ly")))


def _extend_left(view: DocView, h: int, known: dict[str, str] | None = None) -> int:
    """Walk left from head h over words that can modify it; stop at a known dataset name."""
    sent_start = view.sent_bounds(h)[0]
    i = h
    while i > sent_start and h - i < MAX_MODIFIERS:
        prev, low = view.texts[i - 1], view.lowers[i - 1]
        if low in FUNCTION_WORDS or low in VERBS or not _WORDISH.match(prev) or "--" in prev:
            break
        if known is not None and known.get(low) == "dataset":
            break
        if low.endswith("ly") and low not in ("family", "early", "anomaly", "supply"):
            break
        if low.endswith("ing") and low not in NOUN_ING:
            break
        if _plural(prev):
            break
        i -= 1
    return i


def _plural(text: str) -> bool:
    """A plural common noun, which rarely modifies another noun ("GVL poses value ...")."""
    low = text.lower()
    return (len(low) > 3 and low.endswith("s") and not low.endswith(_PLURAL_OK)
            and not text.isupper() and text[:-1].islower())


def _trim_left(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Drop determiners and praise words from the left of a phrase."""
    while start < end - 1 and (view.lowers[start] in FILLER_ADJECTIVES or
                               view.lowers[start] in FUNCTION_WORDS):
        start += 1
    return start, end


def _phrase_type(view: DocView, start: int, end: int, lexicon_type: dict[str, str]
                 ) -> tuple[str | None, int]:
    low = " ".join(view.lowers[start:end])
    if low in lexicon_type:
        return lexicon_type[low], SURE
    prep = next((k for k in range(start + 1, end - 1) if view.lowers[k] in ("of", "from", "for")),
                None)
    if prep is not None and head_type(view.lowers[end - 1]) is None:
        end = prep  # "Nash learning from human feedback" is headed by "learning"
    head = head_word(view.lowers[end - 1])
    etype = head_type(head) or head_type(head[:-1])
    if etype is None:
        return None, GUESS
    if head == "optimization" and not _is_named(view, start, end):
        return "task", CONTEXT
    return etype, HEAD


def _is_named(view: DocView, start: int, end: int) -> bool:
    """Title-cased words outside the title mark a name."""
    if view.in_title(start):
        return False
    return all(view.texts[k][:1].isupper() for k in range(start, end))


def _type_from_context(view: DocView, end: int, default: str) -> tuple[str, int]:
    ctx, _ = context_type(view, end)
    return (ctx, CONTEXT) if ctx else (default, GUESS)


def _phrase_candidate(view: DocView, start: int, end: int,
                      lexicon_type: dict[str, str]) -> Candidate | None:
    text = view.text_of(start, end)
    if is_generic(text):
        return None
    head = head_word(view.lowers[end - 1])
    etype, conf = _phrase_type(view, start, end, lexicon_type)
    if etype is None:
        return None
    modifiers = view.lowers[start:end - 1]
    name_end = end
    known = False
    if head in _WEAK_HEADS:
        specific = [m for m in modifiers if m not in FILLER_ADJECTIVES and
                    m not in GENERIC_MODIFIERS and m not in GENERIC_PHRASES]
        if not specific:
            return None
    aliases = [text]
    if head in _WEAK_HEADS and head_type(head) == "method":
        inner = " ".join(modifiers)
        if len(modifiers) >= 2 or is_name_token(view.texts[start]):
            aliases.append(view.text_of(start, end - 1))
        if inner in lexicon_type:
            name_end = end - 1
            etype, conf, known = lexicon_type[inner], SURE, True
        elif end - start == 2 and is_name_token(view.texts[start]):
            name_end = end - 1  # "the QuuxNet architecture" names QuuxNet
        elif head in SOFT_METHOD_HEADS and end - start > 2 and modifiers[-1] in TASK_HEADS:
            name_end = end - 1  # "Human Activity Recognition models" are about the task
            etype, conf = "task", HEAD
    ctx, _ = context_type(view, end)
    if ctx is not None and conf < SURE:
        etype, conf = ctx, CONTEXT
    name = view.text_of(start, name_end)
    weak = conf < SURE and not view.in_title(start) and _weak_phrase(view, start, end)
    return Candidate(start, end, name, etype, conf, "phrase", aliases=aliases,
                     head=head, sent=view.sent_of[start], weak=weak, known=known)


def _clause_initial(view: DocView, i: int) -> bool:
    """First word of a sentence or right after a colon."""
    return i == view.sent_bounds(i)[0] or view.texts[i - 1] == ":"


def _weak_phrase(view: DocView, start: int, end: int) -> bool:
    """Phrases on common heads ("estimation approach", "complex reasoning") need support."""
    head = head_word(view.lowers[end - 1])
    if head in WEAK_TASK_HEADS:
        return True
    if head in _WEAK_HEADS:
        modifiers = view.texts[start:end - 1]
        return not (any(is_name_token(t) for t in modifiers) or
                    all(t[:1].isupper() for t in view.texts[start:end]))
    return False
