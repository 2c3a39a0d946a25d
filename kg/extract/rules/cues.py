"""Word-level cues the rules share: what heads a phrase, what a name looks like, what is generic."""
from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon.words import (DATASET_HEADS, FILLER_ADJECTIVES, FUNCTION_WORDS, GENERIC_PHRASES,
                             LETTER_NAMES, METHOD_HEADS, NAME_STOPWORDS, TASK_HEADS, VERBS)
from ..text.docview import DocView

WORDISH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+.'^-]*$")
# One part of a hyphenated token that marks a name: inner capital, two capitals, a digit,
# or a one-letter prefix ("f-DVL").
_NAME_PART = re.compile(r"^(?:.+[A-Z].*|[A-Z]{2,}.*|.*\d.*|[a-z])$")
_STRONG_PART = re.compile(r"^(?:.+[A-Z].*|[A-Z]{2,}.*|.*\d.*)$")
ADJECTIVE_SUFFIX = re.compile(
    r"-(based|like|style|free|aware|driven|specific|level|wise|scale|agnostic|guided|conditioned|"
    r"only|dependent|oriented|centric|trained|regularized|tuned|augmented|induced|constrained|"
    r"supervised|generated|enhanced|powered|assisted|inspired|informed|friendly|compatible)$")
# Lower-case one-letter technique names: k-means, k-medoids, k-NN spelled k-nn.
_LETTER_METHOD = re.compile(r"^[a-z]-(?:means|medoids|medians|nn|nearest)$")
_MATH = re.compile(r"^[A-Za-z][_^]?\{?\d*\}?$|^[A-Z]\^")


def head_word(word: str) -> str:
    """The word that heads a token: "geo-localization" is headed by "localization"."""
    if "-" in word and word not in TASK_HEADS and word not in METHOD_HEADS:
        return word.rsplit("-", 1)[1]
    return word


@lru_cache(maxsize=65536)
def head_type(head: str) -> str | None:
    """The type a head noun announces, if any; method heads also count in the plural."""
    head = head_word(head)
    if head in DATASET_HEADS:
        return "dataset"
    if head in TASK_HEADS:
        return "task"  # task heads count in the singular only: "value predictions" are outputs
    singular = {head, head[:-1] if head.endswith("s") else "", head[:-2] if head.endswith("es") else ""}
    return "method" if singular & METHOD_HEADS else None


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


@lru_cache(maxsize=65536)
def is_name_token(text: str) -> bool:
    """CamelCase, digit-bearing, or upper-case tokens that read as a name (GPT-4, SwAV, MBPP)."""
    if len(text) < 2 or not WORDISH.match(text) or text.lower() in NAME_STOPWORDS or "--" in text:
        return False
    if text.lower() in FUNCTION_WORDS or text.lower() in VERBS:
        return False
    if _LETTER_METHOD.match(text):
        return True
    if re.fullmatch(r"[\d.,%x×+-]+[a-zA-Z]{0,2}", text) or not any(c.isupper() for c in text):
        return False
    if ADJECTIVE_SUFFIX.search(text) or _MATH.match(text):
        return False
    parts = [p for p in re.split(r"[-.]", text) if p]
    if len(parts) > 1 and re.fullmatch(r"[A-Z]", parts[0]):
        return parts[1].lower() in LETTER_NAMES or bool(re.search(r"[A-Z]{2}", parts[1]))
    return any(_STRONG_PART.match(p) for p in parts) or (
        len(parts) > 1 and parts[0] in "abcdefghijklmnopqrstuvwxyz" and _NAME_PART.match(parts[1]))


def clause_initial(view: DocView, i: int) -> bool:
    """First word of a sentence or right after a colon."""
    return i == view.sent_bounds(i)[0] or view.texts[i - 1] == ":"


def name_before_suffix(token: str, lexicon_type: dict[str, str]) -> str:
    """"CLIP-based" names CLIP; other tokens stay whole."""
    match = ADJECTIVE_SUFFIX.search(token)
    if match is None:
        return token
    prefix = token[:match.start()]
    return prefix if prefix.lower() in lexicon_type or is_name_token(prefix) else token
