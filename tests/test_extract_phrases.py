"""Unit tests of the noun-phrase rules: kg/extract/rules/phrases.py (head nouns and phrase bounds),
tasks.py (task cues, bare broad task words), spans.py (versioned names, capitalised runs)
and learning_settings.py (settings inside names and before a defined acronym)."""
from __future__ import annotations

import pytest

from kg.extract.rules import learning_settings, phrases, spans, tasks
from kg.extract.rules.acronyms import find_acronyms
from kg.extract.rules.candidate import GUESS, HEAD, SURE, Candidate
from support.extract import view_of


def phrase_rows(nlp, abstract: str, title: str = "Title", lexicon=None):
    view = view_of(nlp, abstract, title)
    return {view.text_of(c.start, c.end): (c.name, c.type, c.weak)
            for c in phrases.phrase_candidates(view, lexicon or {})}


def test_phrases_end_at_their_head_and_take_its_type(kg_nlp):
    found = phrase_rows(kg_nlp, "We study video frame interpolation with a pairwise ranking loss.")
    assert found == {"video frame interpolation": ("video frame interpolation", "task", False),
                     "pairwise ranking loss": ("pairwise ranking loss", "method", True)}


@pytest.mark.parametrize("abstract", [
    "We study the state-of-the-art methods and larger models.",  # no specific modifier
    "The proposed method uses a replay buffer.",                 # "replay" heads nothing here
    "Deep learning is popular.",                                 # generic
])
def test_generic_and_modifier_heads_give_no_phrase(kg_nlp, abstract):
    assert phrase_rows(kg_nlp, abstract) == {}


def test_phrase_bounds_stop_at_verbs_function_words_and_praise(kg_nlp):
    found = phrase_rows(kg_nlp, "Results show novel robust image segmentation. We use 3D garment "
                        "reconstruction and single image glare removal.")
    assert set(found) == {"image segmentation", "3D garment reconstruction",
                          "single image glare removal"}


def test_a_class_word_is_dropped_from_the_name_of_a_known_technique(kg_nlp):
    found = phrase_rows(kg_nlp, "We run the PPO algorithm.", lexicon={"ppo": "method"})
    assert found == {"PPO algorithm": ("PPO", "method", False)}


def test_what_results_are_compared_with_is_a_method_and_a_task_model_is_a_task(kg_nlp):
    found = phrase_rows(kg_nlp, "Our policy is better than the conservative value regression. "
                        "We train three image classification models.")
    assert found["conservative value regression"][1] == "method"
    assert found["image classification models"][:2] == ("image classification", "task")


def test_a_learning_setting_is_a_task_and_a_title_learning_of_object_is_one_name(kg_nlp):
    assert phrase_rows(kg_nlp, "We study federated learning and deep learning.") == {
        "federated learning": ("federated learning", "task", False)}
    found = phrase_rows(kg_nlp, "We learn.", "Unsupervised Learning of Visual Blorps by Codes")
    assert ("Unsupervised Learning of Visual Blorps", "task", False) in found.values()


def test_extend_left_and_trim_left(kg_nlp):
    view = view_of(kg_nlp, "We present a novel efficient video frame interpolation.")
    head = view.lowers.index("interpolation")
    start = phrases.extend_left(view, head)
    assert view.text_of(start, head + 1) == "novel efficient video frame interpolation"
    trimmed, end = phrases.trim_left(view, start, head + 1)
    assert view.text_of(trimmed, end) == "video frame interpolation"


def test_extend_left_stops_at_a_known_dataset_and_a_name_built_on(kg_nlp):
    view = view_of(kg_nlp, "Results use ImageNet classification and CLIP-based scoring models.")
    cls = view.lowers.index("classification")
    assert phrases.extend_left(view, cls, {"imagenet": "dataset"}) == cls
    assert phrases.extend_left(view, cls) == cls - 1
    models = view.lowers.index("models")
    assert view.texts[phrases.extend_left(view, models)] == "scoring"


@pytest.mark.parametrize("text, expected", [
    ("object detection", ("task", HEAD)), ("ranking loss", ("method", HEAD)),
    ("nash learning from human feedback", ("task", HEAD)),
    ("reinforcement learning from human feedback", ("method", HEAD)),
    ("convex optimization", ("task", 2)), ("quux", (None, GUESS)),
    ("zorb net", ("dataset", SURE)),
])
def test_phrase_type(kg_nlp, text, expected):
    view = view_of(kg_nlp, f"We use {text} here.")
    start = view.title_end + 2  # after "We use"
    end = start + len(text.split())
    assert view.text_of(start, end) == text
    assert phrases.phrase_type(view, start, end, {"zorb net": "dataset"}) == expected


@pytest.mark.parametrize("abstract, expected", [
    ("Ours outperforms video frame interpolation.", True),
    ("Ours is similar to video frame interpolation.", True),
    ("Ours is better than the video frame interpolation.", True),
    ("We study video frame interpolation.", False),
])
def test_compared_with(kg_nlp, abstract, expected):
    view = view_of(kg_nlp, abstract)
    assert phrases.compared_with(view, view.lowers.index("video")) is expected


@pytest.mark.parametrize("abstract, word, expected", [
    ("Results on zorbing tasks improve.", "zorbing", True),
    ("Results on zorbing and quuxing tasks improve.", "zorbing", True),
    ("We study the problem of zorbing today.", "zorbing", True),
    ("We give applications to zorbing today.", "zorbing", True),
    ("Models are vulnerable to zorbing today.", "zorbing", True),
    ("We build models for zorbing today.", "zorbing", True),
    ("Zorbing is a task of note.", "zorbing", True),
    ("Zorbing is a hard task.", "zorbing", False),
    ("We see zorbing today.", "zorbing", False),
])
def test_task_cue(kg_nlp, abstract, word, expected):
    view = view_of(kg_nlp, abstract)
    i = view.lowers.index(word)
    assert tasks.task_cue(view, i, i + 1) is expected


def test_bare_broad_task_words_are_weak_without_a_cue(kg_nlp):
    view = view_of(kg_nlp, "Experiments in classification and regression tasks show gains. The "
                   "clustering of errors and fairness remain open.")
    found = {c.name: (c.type, c.weak) for c in tasks.bare_task_candidates(view)}
    assert found == {"classification": ("task", False), "regression": ("task", False),
                     "clustering": ("task", True), "fairness": ("task", True)}


def test_a_modified_broad_word_is_no_bare_task_and_a_title_one_is_strong(kg_nlp):
    view = view_of(kg_nlp, "We address robust classification.", "Classification")
    found = [(c.name, c.weak, view.in_title(c.start)) for c in tasks.bare_task_candidates(view)]
    assert found == [("Classification", False, True)]


def test_versioned_names_take_their_version(kg_nlp):
    view = view_of(kg_nlp, "We compare Pascal VOC 2012, Gemini 2.5 and Tacotron 2 with v2 here.")
    found = spans.versioned_name_candidates(view)
    assert [c.name for c in found] == ["Pascal VOC 2012", "Gemini 2.5", "Tacotron 2"]
    assert {(c.source, c.confidence) for c in found} == {("span", GUESS)}


def test_capitalised_runs_skip_sentence_starts_and_the_title(kg_nlp):
    view = view_of(kg_nlp, "We test on WIDER FACE today. Mistral Large is big.", "Big Title Words")
    found = spans.capitalised_run_candidates(view)
    assert [(c.name, c.weak) for c in found] == [("WIDER FACE", True)]
    view = view_of(kg_nlp, "We use the Animals with Attributes data.")
    assert [c.name for c in spans.capitalised_run_candidates(view)] == ["Animals with Attributes"]


def test_setting_before_a_defined_learning_acronym_is_a_task(kg_nlp):
    view = view_of(kg_nlp, "Policies come from reinforcement learning (RL). For offline RL, "
                   "our analysis helps. Online RL methods are popular.")
    found = learning_settings.setting_acronym_candidates(view, find_acronyms(view))
    assert [(c.name, c.type, c.aliases) for c in found] == [
        ("offline reinforcement learning", "task", ["offline RL"])]


def test_setting_name_is_lower_case_when_the_long_form_opens_a_sentence(kg_nlp):
    """The long form's capital is the sentence's, not the name's: no "offline Reinforcement
    learning" (a name that is nowhere in the text)."""
    view = view_of(kg_nlp, "Reinforcement learning (RL) finds policies. For offline RL, our "
                   "analysis helps.")
    found = learning_settings.setting_acronym_candidates(view, find_acronyms(view))
    assert [c.name for c in found] == ["offline reinforcement learning"]
    view = view_of(kg_nlp, "Reinforcement Learning (RL) is popular. For offline RL, we "
                   "give bounds.")
    found = learning_settings.setting_acronym_candidates(view, find_acronyms(view))
    assert [c.name for c in found] == ["offline Reinforcement Learning"]


def test_learning_setting_inside_a_framework_name(kg_nlp):
    view = view_of(kg_nlp, "We propose it.",
                   "SemiPFL: Personalized Semi-Supervised Federated Learning Framework for Edge")
    start = view.lowers.index("personalized")
    kept = [Candidate(start, start + 5, view.text_of(start, start + 5), "method", HEAD, "phrase")]
    found = learning_settings.nested_setting_candidates(view, kept)
    assert [(c.name, c.type) for c in found] == [("Semi-Supervised Federated Learning", "task")]
    kept[0].type = "dataset"
    assert learning_settings.nested_setting_candidates(view, kept) == []
