"""Learning settings, which the guidelines count as tasks, where other rules hide them: inside a
longer name ("Semi-Supervised Federated Learning Framework") and before a defined acronym
("offline RL" after "reinforcement learning (RL)")."""
from __future__ import annotations

from ..lexicon.words import LEARNING_SETTINGS, SOFT_METHOD_HEADS
from ..text.docview import DocView
from .acronyms import Acronym
from .candidate import HEAD, Candidate


def nested_setting_candidates(view: DocView, kept: list[Candidate]) -> list[Candidate]:
    """"<settings> Learning" inside a kept method name that is that setting plus a modifier and
    a class word, spelled as a name ("Personalized Semi-Supervised Federated Learning Framework"),
    as a task."""
    out = []
    for cand in kept:
        k = cand.end - 2
        if (cand.type != "method" or cand.length < 4 or view.lowers[k] != "learning"
                or view.lowers[k + 1] not in SOFT_METHOD_HEADS
                or view.lowers[k - 1] not in LEARNING_SETTINGS
                or not all(t[:1].isupper() for t in view.texts[cand.start:cand.end])):
            continue
        start = k - 1
        while start > cand.start + 1 and view.lowers[start - 1] in LEARNING_SETTINGS:
            start -= 1
        name = view.text_of(start, k + 1)
        out.append(Candidate(start, k + 1, name, "task", HEAD, "phrase", aliases=[name],
                             head="learning", sent=cand.sent))
    return out


def setting_acronym_candidates(view: DocView, defined: list[Acronym]) -> list[Candidate]:
    """"offline RL" once "reinforcement learning (RL)" is defined: the setting of that learning
    problem, named by its long form."""
    longs = {a.short: _long_form(view, a) for a in defined
             if view.lowers[a.long_end - 1] == "learning"}
    out = []
    for i in range(1, len(view.texts)):
        long_form = longs.get(view.texts[i])
        setting = view.lowers[i - 1]
        if (long_form is None or setting not in LEARNING_SETTINGS
                or view.sent_of[i - 1] != view.sent_of[i]):
            continue
        if i + 1 < len(view.lowers) and view.lowers[i + 1] in SOFT_METHOD_HEADS:
            continue  # "offline RL methods" is a family of methods, which phrase rules type
        first = long_form.split(" ", 1)[0].lower()
        name = long_form if first == setting else f"{view.texts[i - 1]} {long_form}"
        out.append(Candidate(i - 1, i + 1, name, "task", HEAD, "acronym",
                             aliases=[view.text_of(i - 1, i + 1)], head="learning",
                             sent=view.sent_of[i]))
    return out


def _long_form(view: DocView, a: Acronym) -> str:
    """The long form's text, without the capital of a sentence it opens ("Reinforcement
    learning (RL) ..." gives "offline reinforcement learning", not "offline Reinforcement
    learning")."""
    text = view.text_of(a.long_start, a.long_end)
    first, *rest = view.texts[a.long_start:a.long_end]
    if (a.long_start == view.sent_bounds(a.long_start)[0] and first[1:].islower()
            and not any(w[:1].isupper() for w in rest)):
        return text[:1].lower() + text[1:]  # Title Case ("Federated Learning") stays
    return text
