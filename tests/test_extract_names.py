"""Unit tests of the name rules: kg/extract/rules/cues.py (what a name and a head look like),
names.py (name-like tokens typed by context, dataset phrases, eponyms, shared list types) and
hyponyms.py ("datasets such as X and Y")."""
from __future__ import annotations

import pytest

from kg.extract.rules import hyponyms, names
from kg.extract.rules.candidate import CONTEXT, GUESS, SURE, Candidate
from kg.extract.rules.cues import (context_type, head_type, head_word, is_generic, is_name_token,
                                   name_before_suffix)
from support.extract import view_of


@pytest.mark.parametrize("text, expected", [
    ("ResNet-50", True), ("GPT-4", True), ("SwAV", True), ("MBPP", True), ("f-DVL", True),
    ("k-means", True), ("GSM8K", True),
    ("method", False), ("The", False), ("10%", False), ("3x", False), ("A", False),
    ("CLIP-based", False), ("x_1", False), ("a--b", False),
])
def test_is_name_token(text, expected):
    assert is_name_token(text) is expected


@pytest.mark.parametrize("head, expected", [
    ("dataset", "dataset"), ("benchmark", "dataset"), ("segmentation", "task"),
    ("geo-localization", "task"), ("algorithm", "method"), ("algorithms", "method"),
    ("network", "method"), ("segmentations", None), ("banana", None),
])
def test_head_type(head, expected):
    assert head_type(head) == expected


def test_head_word_and_name_before_suffix():
    assert head_word("geo-localization") == "localization"
    assert head_word("segmentation") == "segmentation"
    assert name_before_suffix("CLIP-based", {}) == "CLIP"
    assert name_before_suffix("zorb-based", {"zorb": "method"}) == "zorb"
    assert name_before_suffix("skeleton-based", {}) == "skeleton-based"


@pytest.mark.parametrize("text, expected", [
    ("deep learning", True), ("our method", True), ("the proposed method", True),
    ("state-of-the-art methods", True), ("video frame interpolation", False), ("", True),
])
def test_is_generic(text, expected):
    assert is_generic(text) is expected


def test_context_type_reads_the_next_word_in_the_same_sentence(kg_nlp):
    view = view_of(kg_nlp, "The Zorb benchmark and Quux tasks and Blip network. Foo. Bar")
    at = {t: i for i, t in enumerate(view.texts)}
    assert context_type(view, at["Zorb"] + 1) == ("dataset", "benchmark")
    assert context_type(view, at["Quux"] + 1) == ("task", "tasks")
    assert context_type(view, at["Blip"] + 1) == ("method", "network")
    assert context_type(view, at["Foo"] + 1) == (None, "")
    assert context_type(view, at["Bar"] + 1) == (None, "")


def name_rows(nlp, abstract: str, lexicon=None, title: str = "Title"):
    view = view_of(nlp, abstract, title)
    return {c.name: (c.type, c.confidence, c.weak)
            for c in names.name_candidates(view, lexicon or {})}


def test_name_tokens_are_typed_by_lexicon_size_suffix_and_next_word(kg_nlp):
    found = name_rows(kg_nlp, "We compare ResNet-50 with ViT-B, QuuxNet architecture and "
                      "CIFAR-10 images.", {"resnet-50": "method"})
    assert found["ResNet-50"] == ("method", SURE, False)
    assert found["ViT-B"] == ("method", CONTEXT, False)
    assert found["QuuxNet"] == ("method", CONTEXT, False)
    assert found["CIFAR-10"] == ("dataset", CONTEXT, False)


def test_results_on_a_name_and_a_new_benchmark_make_it_a_dataset(kg_nlp):
    assert name_rows(kg_nlp, "Our model reaches 80% accuracy on QuuxVision-21.") == {
        "QuuxVision-21": ("dataset", CONTEXT, False)}
    assert name_rows(kg_nlp, "We introduce a new benchmark, BirdCount-2, for counting.") == {
        "BirdCount-2": ("dataset", CONTEXT, False)}


def test_suffix_mapping_and_based_names(kg_nlp):
    found = name_rows(kg_nlp, "We use CLIPX-based scoring, MathBench and text-to-SQL today.")
    assert found["CLIPX"][0] == "method"
    assert found["MathBench"][0] == "dataset"
    assert found["text-to-SQL"][0] == "task"


def test_citation_keys_shouting_and_unexplained_acronyms(kg_nlp):
    found = name_rows(kg_nlp, "We cite [ZRKB21] and follow GDPR. THE MODEL IS GOOD AND FAST.")
    assert "ZRKB21" not in found and "MODEL" not in found and "GOOD" not in found
    assert found["GDPR"][2] is True  # weak: an unexplained acronym needs support


def test_dataset_phrases_and_eponyms(kg_nlp):
    view = view_of(kg_nlp, "Results on the LeetCode Contest benchmark improve. Benchmark results "
                   "vary. Papers discuss Shapley values and the Gauss-Southwell rule.")
    data = names.dataset_phrase_candidates(view)
    assert [(c.name, c.type, c.aliases) for c in data] == [
        ("LeetCode Contest", "dataset", ["LeetCode Contest", "LeetCode Contest benchmark"])]
    assert [(c.name, c.type) for c in names.eponym_candidates(view)] == [
        ("Shapley values", "method"), ("Gauss-Southwell rule", "method")]


def test_names_listed_together_share_the_known_type(kg_nlp):
    view = view_of(kg_nlp, "We report pass rates on HumanEval, MBPP and QWXZ today.")
    at = {t: i for i, t in enumerate(view.texts)}

    def cand(text, etype, conf, weak=False):
        return Candidate(at[text], at[text] + 1, text, etype, conf, "name", sent=1, weak=weak)
    kept = [cand("HumanEval", "dataset", SURE), cand("MBPP", "dataset", CONTEXT),
            cand("QWXZ", "method", GUESS, weak=True)]
    names.share_list_types(view, kept)
    assert [(c.type, c.weak) for c in kept] == [("dataset", False)] * 3


def test_two_names_without_a_conjunction_are_no_list(kg_nlp):
    view = view_of(kg_nlp, "On ImageNet, QWXZ wins.")
    at = {t: i for i, t in enumerate(view.texts)}
    kept = [Candidate(at["ImageNet"], at["ImageNet"] + 1, "ImageNet", "dataset", SURE, "lexicon",
                      sent=1),
            Candidate(at["QWXZ"], at["QWXZ"] + 1, "QWXZ", "method", GUESS, "name", sent=1,
                      weak=True)]
    names.share_list_types(view, kept)
    assert (kept[1].type, kept[1].weak) == ("method", True)


def list_rows(nlp, abstract: str):
    view = view_of(nlp, abstract)
    return [(c.name, c.type, c.source) for c in hyponyms.list_candidates(view)]


@pytest.mark.parametrize("abstract, etype, members", [
    ("We evaluate on datasets such as ImageNet, COCO and Pascal VOC.", "dataset",
     ["ImageNet", "COCO", "Pascal VOC"]),
    ("We compare solvers (e.g. Frobber, ZZTop) here.", "method", ["Frobber", "ZZTop"]),
    ("We use benchmarks: MMLU, GSM8K and HumanEval.", "dataset", ["MMLU", "GSM8K", "HumanEval"]),
    ("We study tasks such as Segmentation and Detection.", "task", ["Segmentation", "Detection"]),
    ("Clusters come from techniques such as k-means or DBSCAN.", "method", ["k-means", "DBSCAN"]),
])
def test_names_listed_after_a_class_noun_take_its_type(kg_nlp, abstract, etype, members):
    assert list_rows(kg_nlp, abstract) == [(m, etype, "list") for m in members]


@pytest.mark.parametrize("abstract", [
    "The datasets are large and ImageNet is too.",      # no cue after the class noun
    "We use datasets such as the large ones we built.",  # the listed words are no names
    "We use datasets, ImageNet and COCO.",               # a comma alone is no cue
])
def test_no_list_without_a_cue_or_names(kg_nlp, abstract):
    assert list_rows(kg_nlp, abstract) == []


def test_lists_stop_at_max_members(kg_nlp):
    found = list_rows(kg_nlp, "We compare methods including PPO, SAC, TD3, DDPG, A2C, TRPO, DQN, "
                      "IMPALA, R2D2 and more.")
    assert [m for m, _, _ in found] == ["PPO", "SAC", "TD3", "DDPG", "A2C", "TRPO", "DQN", "IMPALA"]


@pytest.mark.parametrize("word, expected", [
    ("datasets", "dataset"), ("benchmarks", "dataset"), ("algorithms", "method"),
    ("tasks", "task"), ("dataset", None), ("cats", None), ("data", None),
])
def test_class_type(word, expected):
    assert hyponyms.class_type(word) == expected
