"""Noun phrases on a task or method head ("video frame interpolation", "Gumbel regression loss")."""
from __future__ import annotations

from ..lexicon.words import (BROAD_TASKS, COMPARISON_VERBS, COMPARISON_WORDS, CONTEXT_WORDS,
                             FILLER_ADJECTIVES, FUNCTION_WORDS, GENERIC_MODIFIERS, GENERIC_PHRASES,
                             LEARNING_SETTINGS, MEANS_WORDS, NOUN_ING, SINGLE_WHAT,
                             SOFT_METHOD_HEADS, SOFT_TASK_HEADS, TASK_HEADS, VERBS, WEAK_TASK_HEADS)
from ..text.docview import DocView
from .candidate import CONTEXT, GUESS, HEAD, SURE, Candidate
from .cues import (ADJECTIVE_SUFFIX, WORDISH, clause_initial, head_type, head_word, is_generic,
                   is_name_token)
from .tasks import task_cue

MAX_MODIFIERS = 5
MAX_OBJECT_WORDS = 3
MAX_TITLE_TASK_WORDS = 6
_PLURAL_OK = ("ss", "us", "is", "ics", "series", "news", "ous", "sis")
# Heads that need a specific modifier: "larger models" and "student network" name nothing.
_WEAK_HEADS = SOFT_METHOD_HEADS | SOFT_TASK_HEADS | {"network", "networks", "layer", "layers",
                                                      "module", "modules", "block", "blocks",
                                                      "architecture", "architectures",
                                                      "mechanism", "mechanisms", "loss", "losses"}


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
        start = extend_left(view, h, lexicon_type)
        start, _ = trim_left(view, start, h + 1)
        if (clause_initial(view, start) and view.lowers[start].endswith("ing")
                and h - start >= 2 and view.texts[start][:1].isupper()):
            start += 1  # "Learning neural subset selection": a sentence-initial verb
        if start >= h:
            continue
        cand = _phrase_candidate(view, start, h + 1, lexicon_type)
        if cand is not None and cand.type == "task" and low == "learning" and view.in_title(h):
            _add_title_object(view, cand)
        if cand is not None:
            out.append(cand)
    return out


def _add_title_object(view: DocView, cand: Candidate) -> None:
    """A Title Case "X Learning of/from Y" names the whole task ("Unsupervised Learning of Visual
    Features", "Nash Learning from Human Feedback") unless Y is a model ("... of Neural Networks")."""
    k = cand.end
    if k >= view.title_end - 1 or view.lowers[k] not in ("of", "from"):
        return
    end = k + 1
    while (end < view.title_end and end - k <= MAX_OBJECT_WORDS and view.texts[end][:1].isupper()
           and WORDISH.match(view.texts[end]) and view.lowers[end] not in FUNCTION_WORDS):
        end += 1
    if end == k + 1 or head_type(view.lowers[end - 1]) is not None:
        return
    if end - cand.start > MAX_TITLE_TASK_WORDS or any(
            is_name_token(t) for t in view.texts[k + 1:end]):
        return  # "... Learning from Hierarchical Weak Preference", "... of Average-reward MDPs"
    cand.end = end
    cand.name = view.text_of(cand.start, end)
    cand.aliases = [cand.name]


def _noun_like(low: str) -> bool:
    """A following word that would make the previous head a modifier ("replay buffer")."""
    return (bool(low) and low.isalpha() and low not in FUNCTION_WORDS and low not in VERBS
            and low not in CONTEXT_WORDS and not low.endswith(("ing", "ed", "ly")))


def extend_left(view: DocView, h: int, known: dict[str, str] | None = None) -> int:
    """Walk left from head h over words that can modify it; stop at a known dataset name."""
    sent_start = view.sent_bounds(h)[0]
    i = h
    while i > sent_start and h - i < MAX_MODIFIERS:
        prev, low = view.texts[i - 1], view.lowers[i - 1]
        if low in FUNCTION_WORDS or low in VERBS or not WORDISH.match(prev) or "--" in prev:
            break
        if known is not None and known.get(low) == "dataset":
            break
        if ADJECTIVE_SUFFIX.search(prev) and prev[:1].isupper() and (
                not view.in_title(i - 1) or _names_technique(prev)):
            break  # "CLIP-based scoring models": CLIP is a name of its own
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
            and not text.isupper() and text[:-1].islower() and "-" not in text)


def trim_left(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Drop determiners and praise words from the left of a phrase."""
    while start < end - 1 and (view.lowers[start] in FILLER_ADJECTIVES or
                               view.lowers[start] in FUNCTION_WORDS or
                               _number(view.lowers[start])):
        if view.lowers[start] == "single" and view.lowers[start + 1] in SINGLE_WHAT:
            break  # "single image reflection removal" is narrower than reflection removal
        start += 1
    return start, end


def _number(low: str) -> bool:
    """A count or quantity ("two", "10", "1.5x"), not a name such as "3D" or "2D"."""
    return low[:1].isdigit() and not low.rstrip("s").endswith("d")


def phrase_type(view: DocView, start: int, end: int, lexicon_type: dict[str, str]
                 ) -> tuple[str | None, int]:
    """Type of the span start..end from the lexicon or its head word, with a confidence."""
    low = " ".join(view.lowers[start:end])
    if low in lexicon_type:
        return lexicon_type[low], SURE
    prep = next((k for k in range(start + 1, end - 1) if view.lowers[k] in ("of", "from", "for")),
                None)
    if prep is not None and head_type(view.lowers[end - 1]) is None:
        if view.lowers[end - 1] == "feedback" and view.lowers[prep - 2:prep] == [
                "reinforcement", "learning"]:
            return "method", HEAD  # RL from human or AI feedback is a training procedure
        end = prep  # "Nash learning from ..." is headed by "learning"
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


def _phrase_candidate(view: DocView, start: int, end: int,
                      lexicon_type: dict[str, str]) -> Candidate | None:
    text = view.text_of(start, end)
    head = head_word(view.lowers[end - 1])
    etype, conf = phrase_type(view, start, end, lexicon_type)
    if etype is None or is_generic(text) or not _specific(view, start, end, head):
        return None
    if etype == "method" and _describes_name(view, start) and not is_name_token(view.texts[start]):
        return None
    aliases = [text]
    name_end, known = end, False
    if head in _WEAK_HEADS and head_type(head) == "method":
        name_end, etype, conf, known = _method_head_name(view, start, end, etype, conf,
                                                         lexicon_type)
        if (end - start > 2 or is_name_token(view.texts[start])) and not (
                view.lowers[end - 2] in GENERIC_MODIFIERS and head not in SOFT_METHOD_HEADS
        ) and not (
                etype == "method" and head_type(view.lowers[end - 2]) == "task"
                and view.lowers[end - 1] not in SOFT_METHOD_HEADS):
            aliases.append(view.text_of(start, end - 1))  # not "removal network" as "removal"
    if etype == "task" and conf < SURE and (compared_with(view, start) or
                                             _weighted(view.lowers[start:end - 1]) or
                                             _means_to(view, start, end)):
        etype = "method"
    weak = (conf < SURE and not view.in_title(start) and _weak_phrase(view, start, end)
            and not (etype == "task" and task_cue(view, start, end)))
    return Candidate(start, end, view.text_of(start, name_end), etype, conf, "phrase",
                     aliases=aliases, head=head, sent=view.sent_of[start], weak=weak,
                     known=known)


def _weighted(modifiers: list[str]) -> bool:
    """"advantage-weighted regression", "weighted least-squares": a weighting names a technique."""
    return any(m == "weighted" or m.endswith("-weighted") for m in modifiers)


def _means_to(view: DocView, start: int, end: int) -> bool:
    """"... via Contrastive Learning", "by knowledge distillation": what a thing is done by is a
    technique; a learning setting stays a task."""
    if start == 0 or view.lowers[start - 1] not in MEANS_WORDS:
        return False
    return not (view.lowers[end - 1] == "learning" and
                _learning_setting(view.lowers[start:end - 1]))


def compared_with(view: DocView, start: int) -> bool:
    """What a result is compared with is a technique: "better than the X", "similar to X",
    "outperforms X", "compared with X"."""
    k = start - 1
    if k >= 0 and view.lowers[k] in ("the", "a", "an"):
        k -= 1
    if k < 0:
        return False
    word, prev = view.lowers[k], view.lowers[k - 1] if k > 0 else ""
    if word in COMPARISON_VERBS or word == "than":
        return True
    return word in ("to", "with") and prev in COMPARISON_WORDS


def _specific(view: DocView, start: int, end: int, head: str) -> bool:
    """A weak head needs a modifier that says which one: not "larger models"."""
    if head not in _WEAK_HEADS:
        return True
    if head == "learning" and _learning_setting(view.lowers[start:end - 1]):
        return True  # "representation learning", though "representation" alone is generic
    return any(m not in FILLER_ADJECTIVES and m not in GENERIC_MODIFIERS and
               m not in GENERIC_PHRASES for m in view.lowers[start:end - 1])


def _names_technique(token: str) -> bool:
    """"CLIP-based", "Genetic Algorithm-based": what a phrase builds on is a technique of its own
    even in a title (unlike "Skeleton-Based", which says what the data is)."""
    prefix = token[:ADJECTIVE_SUFFIX.search(token).start()]
    return head_type(prefix.lower()) == "method" or is_name_token(prefix)


def _method_head_name(view: DocView, start: int, end: int, etype: str, conf: int,
                      lexicon_type: dict[str, str]) -> tuple[int, str, int, bool]:
    """(name end, type, confidence, known) for "X method"-like phrases: a known X names the
    phrase ("PPO algorithm"), so does a lone name ("QuuxNet architecture"), and a task X
    makes it about the task ("Human Activity Recognition models")."""
    modifiers = view.lowers[start:end - 1]
    if len(modifiers) > 1 and modifiers[-1] == "based":
        inner = " ".join(modifiers[:-1])  # "random search based approaches" are random search
        known = inner in lexicon_type
        return end - 2, lexicon_type.get(inner, etype), SURE if known else conf, False
    inner = " ".join(modifiers)
    if inner in lexicon_type:
        return end - 1, lexicon_type[inner], SURE, True
    if end - start == 2 and (is_name_token(view.texts[start]) or _named_model(view, start)):
        return end - 1, etype, conf, False
    if (view.lowers[end - 1] in SOFT_METHOD_HEADS and end - start > 2
            and _names_task_for(view, start, modifiers)):
        return end - 1, "task", HEAD, False
    return end, etype, conf, False


def _names_task_for(view: DocView, start: int, modifiers: list[str]) -> bool:
    """"Human Activity Recognition models" are models for a task; "a new forward learning
    procedure" and "contrastive learning methods" are techniques."""
    last = head_word(modifiers[-1])
    if last not in TASK_HEADS or last in WEAK_TASK_HEADS or _announced(view, start):
        return False
    return last != "learning" or _learning_setting(modifiers[:-1])


def _describes_name(view: DocView, start: int) -> bool:
    """"ClusterNet: A Perception-Based Clustering Model", "GVL, a universal value function
    estimator": a description set beside a name is no entity of its own."""
    k = start - 1
    while k >= 0 and view.lowers[k] in FILLER_ADJECTIVES:
        k -= 1
    if k < 2 or view.lowers[k] not in ("a", "an") or view.texts[k - 1] not in (",", ":"):
        return False
    return is_name_token(view.texts[k - 2]) or view.texts[k - 2] == ")"


def _announced(view: DocView, start: int) -> bool:
    """"a novel X approach", "our X method": the phrase describes one new technique."""
    k = start - 1
    while k >= 0 and start - k <= 3 and (view.lowers[k] in FILLER_ADJECTIVES or
                                         view.lowers[k] in FUNCTION_WORDS):
        if view.lowers[k] in ("novel", "new", "our", "a", "an"):
            return True
        k -= 1
    return False


def _named_model(view: DocView, start: int) -> bool:
    """"the Mamba model": a capitalised word inside a sentence before a lower-case "model"."""
    word = view.texts[start]
    return (_proper(view, start) and word[1:].islower() and word.isalpha()
            and view.texts[start + 1] in ("model", "architecture"))


def _weak_phrase(view: DocView, start: int, end: int) -> bool:
    """Phrases on common heads ("estimation approach", "complex reasoning") need support;
    a named learning setting ("federated learning") does not, unless it is a broad field."""
    head = head_word(view.lowers[end - 1])
    if head == "learning" and _learning_setting(view.lowers[start:end - 1]):
        return " ".join(view.lowers[start:end]) in BROAD_TASKS
    if head in WEAK_TASK_HEADS:
        return True
    if head in _WEAK_HEADS and _neural_family(view.lowers[start:end]):
        return False
    if head in _WEAK_HEADS:
        # a name opens "QuuxNet model" or "MSE loss"; an acronym behind a modifier ("local DP
        # model", "linear MDP model") names a setting variant, which needs support
        first = view.texts[start]
        return not (is_name_token(first) or first.isupper() and _proper(view, start) or
                    any(_proper(view, k) and not view.texts[k].isupper()
                        for k in range(start, end)))
    return False


def _neural_family(words: list[str]) -> bool:
    """"graph neural networks", "convolutional neural network": a kind of neural network named
    by what it is built on, not "deep" or "large" ones."""
    return (len(words) >= 3 and words[-2] == "neural" and words[-1] in ("network", "networks")
            and not any(w in GENERIC_MODIFIERS or w in FILLER_ADJECTIVES or w.endswith(("ed", "ly"))
                        for w in words[:-2]))


def _learning_setting(modifiers: list[str]) -> bool:
    """Modifiers that name a learning setting: "federated", "multi-agent reinforcement"."""
    return bool(modifiers) and all(m in LEARNING_SETTINGS or head_word(m) in LEARNING_SETTINGS
                                   for m in modifiers)


def _proper(view: DocView, i: int) -> bool:
    """A capitalised word inside a sentence of the abstract ("the Gumbel regression loss")."""
    text = view.texts[i]
    return (text[:1].isupper() and len(text) > 1 and not ADJECTIVE_SUFFIX.search(text)
            and not view.in_title(i) and not clause_initial(view, i))


def same_case(view: DocView, i: int, first: int) -> bool:
    """Word i may join a long form starting at `first`: same capitalisation, or a sentence start."""
    return (view.texts[i][:1].isupper() == view.texts[first][:1].isupper()
            or i == view.sent_bounds(i)[0])
