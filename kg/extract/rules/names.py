"""Name-like tokens (ResNet-50, MathVista, f-DVL) and capitalised dataset names, typed by
context, and the type sharing of names listed together."""
from __future__ import annotations

import re
from collections import Counter

from ..lexicon.words import (DATA_PARTS, DATASET_HEADS, EPONYM_HEADS, EVALUATION_WORDS,
                             FILLER_ADJECTIVES, FUNCTION_WORDS, SOFT_METHOD_HEADS)
from ..text.docview import DocView
from .candidate import CONTEXT, GUESS, HEAD, SURE, Candidate
from .cues import WORDISH, context_type, head_type, is_generic, is_name_token, name_before_suffix
from .name_typer import features, is_typed_name, load_typer

_DATASET_SUFFIX = re.compile(r"(Bench|bench|QA|Eval|Set|set|Arena|Gym|World|[a-zA-Z][0-9]+[kK])$")
DATASET_THRESHOLD = 0.5
_MAPPING = re.compile(r"^[A-Za-z0-9]+-to-[A-Za-z0-9]+$")
# A model-size suffix marks a pretrained model: ViT-B, ViT-Base, DeiT-Tiny, Qwen-2.5-3B, ViT-L/16.
_MODEL_SIZE = re.compile(r"-(?:[BLHG]|Ti|S/\d+|XL|XXL|Base|Large|Small|Tiny|Huge|Giant|Mini|"
                         r"\d+(?:\.\d+)?[BM])(?:/\d+)?$")


def name_candidates(view: DocView, lexicon_type: dict[str, str]) -> list[Candidate]:
    """Name-like tokens (ResNet-50, MathVista, f-DVL), typed by the lexicon and context."""
    out = []
    for i, token in enumerate(view.texts):
        if len(token) < 2 or token.islower() and (token[1:2] != "-" or not is_name_token(token)):
            continue
        text = name_before_suffix(token, lexicon_type)
        if not is_name_token(text) or not _not_sentence_caps(view, i) or _citation_key(view, i):
            continue
        aliases = [text]
        etype, conf = _name_type(view, i, text, lexicon_type, aliases)
        if etype is None:
            etype = learned_type(view, i, text)
            # an unexplained acronym (SAT, GDPR, DNA) needs support, unless it reads as data or
            # something is built on it ("CLIP-based", but not a short "RL-based")
            weak = text.isupper() and etype != "dataset" and (text == token or len(text) < 3)
        else:
            weak = False
        out.append(Candidate(i, i + 1, text, etype, conf, "name", aliases=aliases,
                             head=text.lower(), sent=view.sent_of[i], weak=weak))
    return out


def _name_type(view: DocView, i: int, text: str, lexicon_type: dict[str, str],
               aliases: list[str]) -> tuple[str | None, int]:
    """Lexicon, the next word ("X benchmark", added to `aliases`), "a new benchmark, X", an
    apposition ("X, a unified environment"), a dataset-like suffix; else unknown."""
    if text.lower() in lexicon_type:
        return lexicon_type[text.lower()], SURE
    if _MODEL_SIZE.search(text):
        return "method", CONTEXT
    ctx, word = context_type(view, i + 1)
    if ctx == "method" and _modified_name(view, i):
        ctx = None  # "the linear MDP model": the model is a setting, MDP a modifier in it
    if ctx is not None:
        if word not in SOFT_METHOD_HEADS:
            aliases.append(f"{text} {view.texts[i + 1]}")
        return ctx, CONTEXT
    if _after_dataset_word(view, i) or _evaluated_on(view, i) or _data_part_follows(view, i):
        return "dataset", CONTEXT
    appositive = _apposition_type(view, i + 1)
    if appositive is not None:
        return appositive, CONTEXT
    if _DATASET_SUFFIX.search(text):
        return "dataset", CONTEXT
    if _MAPPING.search(text):
        return "task", CONTEXT  # "text-to-SQL", "image-to-3D": a mapping to learn is a task
    return None, GUESS


def _modified_name(view: DocView, i: int) -> bool:
    """An upper-case name after a lower-case modifier of its own ("local DP", "linear MDP")."""
    if i == 0 or not view.texts[i].isupper() or view.sent_of[i - 1] != view.sent_of[i]:
        return False
    prev = view.texts[i - 1]
    return (prev.isalpha() and prev.islower() and prev not in FUNCTION_WORDS
            and prev not in FILLER_ADJECTIVES)


def learned_type(view: DocView, i: int, text: str) -> str:
    """The trained typer's call for a name no cue types: dataset when it is fairly sure,
    else method, the commonest kind of unexplained name."""
    if not is_typed_name(text):
        return "method"
    sent_start, sent_end = view.sent_bounds(i)
    before = view.lowers[max(sent_start, i - 2):i]
    feats = features(text, before, view.lowers[i + 1:min(sent_end, i + 3)])
    probs = load_typer().probabilities(feats)
    return "dataset" if probs["dataset"] >= DATASET_THRESHOLD else "method"


def share_list_types(view: DocView, kept: list[Candidate]) -> None:
    """Names listed together ("HumanEval, MBPP and LeetCode") share the type of the members
    whose type is known, and support each other."""
    run: list[Candidate] = []
    for cand in kept:
        if run and _coordinated(view, run[-1], cand):
            run.append(cand)
            continue
        _settle(view, run)
        run = [cand]
    _settle(view, run)


def _coordinated(view: DocView, left: Candidate, right: Candidate) -> bool:
    between = view.lowers[left.end:right.start]
    return (left.sent == right.sent and 0 < len(between) <= 2
            and all(w in (",", "and", "or") for w in between))


def _settle(view: DocView, run: list[Candidate]) -> None:
    """A real list has three members or a conjunction: "on ImageNet, AdaBelief wins" is none."""
    if len(run) < 2:
        return
    joined = any(w in ("and", "or") for c in run[1:] for w in view.lowers[c.start - 2:c.start])
    # "on HumanEval, MBPP, and a new benchmark": the list goes on past the candidates
    joined = joined or view.lowers[run[-1].end:run[-1].end + 2] in ([",", "and"], [",", "or"])
    if len(run) == 2 and not joined:
        return
    known = [c for c in run if c.confidence >= CONTEXT and c.source in ("lexicon", "name", "list")]
    if any(not c.weak for c in run):
        for cand in run:
            cand.weak = False  # listed beside a solid entity: "text-to-SQL and goal inference"
    if not known:
        return
    etype = Counter(c.type for c in known).most_common(1)[0][0]
    for cand in run:
        if cand.source == "name" and cand.confidence < CONTEXT:
            cand.type, cand.confidence = etype, CONTEXT


def eponym_candidates(view: DocView) -> list[Candidate]:
    """A capitalised word inside a sentence before an eponym head: "Shapley values"."""
    out = []
    for h in range(1, len(view.lowers)):
        if view.lowers[h] not in EPONYM_HEADS or view.sent_of[h - 1] != view.sent_of[h]:
            continue
        word = view.texts[h - 1]
        if (not all(p.istitle() and p.isalpha() for p in word.split("-")) or view.in_title(h - 1)
                or h - 1 == view.sent_bounds(h)[0] or view.lowers[h - 1] in FUNCTION_WORDS):
            continue
        name = view.text_of(h - 1, h + 1)
        out.append(Candidate(h - 1, h + 1, name, "method", HEAD, "phrase", aliases=[name],
                             head=view.lowers[h], sent=view.sent_of[h]))
    return out


def dataset_phrase_candidates(view: DocView) -> list[Candidate]:
    """Capitalised names right before a dataset word ("the LeetCode Contest benchmark")."""
    out = []
    for h, low in enumerate(view.lowers):
        if low not in DATASET_HEADS or h == 0:
            continue
        sent_start = view.sent_bounds(h)[0]
        start = h
        while (start > sent_start and h - start < 4 and view.texts[start - 1][:1].isupper()
               and WORDISH.match(view.texts[start - 1])
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


def _apposition_type(view: DocView, end: int) -> str | None:
    """"X, a unified environment for ...": the type of the first head noun after the comma, or
    of the head right after it ("X, a new forward learning procedure" is a procedure)."""
    after = view.lowers[end:end + 7]
    if len(after) < 3 or after[0] != "," or after[1] not in ("a", "an", "the"):
        return None
    found = None
    for word in after[2:]:
        if word in (",", ".", ";", "(", "that", "which", "for", "of"):
            return found
        kind = head_type(word)
        if kind is None and found is not None:
            return found
        found = kind or found
    return found


def _after_dataset_word(view: DocView, i: int) -> bool:
    """"a new benchmark, X" / "the dataset called X": the name follows a dataset word."""
    before = view.lowers[max(view.sent_bounds(i)[0], i - 5):i]
    while before and before[-1] in (",", "called", "named", "dubbed", "termed", ":", "(", "the"):
        before.pop()
    if not before or before[-1] not in DATASET_HEADS:
        return False
    return len(before) >= 2 and before[-2] in ("a", "an", "new", "novel", "our", "the", "this")


def _evaluated_on(view: DocView, i: int) -> bool:
    """"accuracy on X", "experiments on X", "trained on the X": what results are measured on,
    or what a model is trained on, is data."""
    k = i - 1
    if k > 0 and view.lowers[k] == "the":
        k -= 1
    if k < 1 or view.lowers[k] not in ("on", "across") or view.sent_of[k - 1] != view.sent_of[i]:
        return False
    return view.lowers[k - 1] in EVALUATION_WORDS


def _citation_key(view: DocView, i: int) -> bool:
    """"in [ZRKB21]": a lone bracketed token is a reference, not a name."""
    return 0 < i < len(view.texts) - 1 and view.texts[i - 1] == "[" and view.texts[i + 1] == "]"


def _data_part_follows(view: DocView, i: int) -> bool:
    """"the ShapeNet category", "CIFAR-10 images": a name whose parts are data is a dataset."""
    k = i + 1
    return (k < len(view.lowers) and view.sent_of[k] == view.sent_of[i]
            and view.lowers[k] in DATA_PARTS)


def _not_sentence_caps(view: DocView, i: int) -> bool:
    """Rejects shouting: an upper-case word inside an all-caps run of words."""
    text = view.texts[i]
    if not text.isupper():
        return True
    neighbours = [view.texts[k] for k in (i - 1, i + 1) if 0 <= k < len(view.texts)]
    return not any(n.isupper() and n.isalpha() and len(n) > 2 and
                   n.lower() in FUNCTION_WORDS for n in neighbours)
