"""Unit tests of kg/extract/rules/roles.py: which candidates a paper introduces ("we propose X",
"our X", "X, a novel ...", a title head) and which it only uses ("we use X")."""
from __future__ import annotations

import pytest

from kg.extract.rules import names, roles
from kg.extract.rules.candidate import SURE, Candidate
from kg.extract.text.docview import DocView
from support.extract import view_of


def proposed(nlp, abstract: str, title: str = "Title") -> dict[str, bool]:
    view = view_of(nlp, abstract, title)
    found = names.name_candidates(view, {})
    roles.mark_proposed(view, found)
    return {c.name: c.proposed for c in found}


@pytest.mark.parametrize("abstract", [
    "We propose FooNet and compare it with BarNet.",
    "This paper presents FooNet; we compare it with BarNet.",
    "Our proposed FooNet beats BarNet.",
    "FooNet, a novel framework, beats BarNet.",
    "FooNet is a new model that beats BarNet.",
    "We introduce a new model, FooNet, and compare it with BarNet.",
    "Our decoder, called FooNet, beats BarNet.",
])
def test_what_the_paper_introduces_is_proposed_and_what_it_compares_with_is_used(kg_nlp,
                                                                                  abstract):
    assert proposed(kg_nlp, abstract) == {"FooNet": True, "BarNet": False}


@pytest.mark.parametrize("abstract", [
    "We use FooNet and BarNet.",
    "We build on FooNet and BarNet.",  # "build" proposes ("we build a model"), "build on" not
    "This paper builds upon FooNet and BarNet.",
    "The previously proposed FooNet beats BarNet.",
    "Prior work proposes FooNet and BarNet.",
])
def test_what_the_paper_uses_is_not_proposed(kg_nlp, abstract):
    assert proposed(kg_nlp, abstract) == {"FooNet": False, "BarNet": False}


@pytest.mark.parametrize("title", ["FooNet: Fast Image Segmentation",
                                   "Fast Image Segmentation with FooNet"])
def test_a_title_head_or_a_title_with_a_name_is_proposed(kg_nlp, title):
    assert proposed(kg_nlp, "We compare with BarNet.", title) == {"FooNet": True, "BarNet": False}


def test_proposal_windows(kg_nlp):
    view = view_of(kg_nlp, "We propose FooNet for segmentation. Our decoder, called OmegaHead, "
                   "is small. We use BarNet.", "ZetaNet: a title")
    verbs, named = roles.proposal_windows(view)
    assert [view.text_of(a, b) for a, b in verbs] == ["FooNet"]
    assert [view.text_of(a, b) for a, b in named] == ["decoder", "OmegaHead"]


def known_and_task(nlp, abstract: str) -> tuple[DocView, list[Candidate]]:
    """A lexicon task ("image segmentation") and a known name used as a modifier, a phrase
    candidate ("actor-critic" of "actor-critic algorithm")."""
    view = view_of(nlp, abstract)
    at = {t: i for i, t in enumerate(view.texts)}
    return view, [Candidate(at["image"], at["image"] + 2, "image segmentation", "task", SURE,
                            "lexicon"),
                  Candidate(at["actor-critic"], at["actor-critic"] + 1, "actor-critic",
                            "method", SURE, "phrase", known=True)]


def test_a_known_task_is_never_proposed_nor_a_known_modifier_by_a_verb(kg_nlp):
    view, (task, known) = known_and_task(
        kg_nlp, "We propose image segmentation with a practical actor-critic algorithm.")
    fresh = Candidate(task.start, task.end, task.name, "task", 3, "phrase")  # not from the lexicon
    roles.mark_proposed(view, [task, known, fresh])
    assert (task.proposed, known.proposed, fresh.proposed) == (False, False, True)


def test_a_known_modifier_after_a_new_is_not_proposed(kg_nlp):
    view, (task, known) = known_and_task(
        kg_nlp, "We study image segmentation with a new actor-critic algorithm.")
    roles.mark_proposed(view, [task, known])
    assert known.proposed is False


def test_a_known_name_that_is_itself_new_is_proposed(kg_nlp):
    view = view_of(kg_nlp, "For image segmentation, our actor-critic is fast.")
    at = view.texts.index("actor-critic")
    known = Candidate(at, at + 1, "actor-critic", "method", SURE, "phrase", known=True)
    roles.mark_proposed(view, [known])
    assert known.proposed is True
