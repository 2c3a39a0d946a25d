"""Unit tests of the lexicon: kg/extract/lexicon/entries.py (reading) and importer.py (specific
names), rules/lexicon_matches.py (finding lexicon names in a doc, their candidates) and the title
candidate of rules/titles.py."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import LexiconError
from kg.extract.lexicon.entries import LEXICON_FILES, LexiconEntry, load_lexicon, read_lexicon_file
from kg.extract.lexicon.importer import is_specific_name
from kg.extract.rules.candidate import CONTEXT, HEAD, SURE
from kg.extract.rules.acronyms import find_acronyms
from kg.extract.rules.lexicon_matches import LexiconMatcher, lexicon_candidates, not_redefined
from kg.extract.rules.titles import title_prefix_candidate
from support.extract import view_of

ENTRIES = [LexiconEntry("method", "Proximal Policy Optimization", ("PPO",)),
           LexiconEntry("method", "Adam"),
           LexiconEntry("dataset", "ImageNet"),
           LexiconEntry("task", "image classification"),
           LexiconEntry("method", "multi-agent planner"),
           LexiconEntry("dataset", "PPO", ("other",))]  # a later entry: its "PPO" loses


@pytest.fixture(scope="module")
def matcher(kg_nlp):
    return LexiconMatcher(kg_nlp, ENTRIES)


def matches(nlp, matcher, abstract: str) -> list[tuple[str, str]]:
    view = view_of(nlp, abstract)
    return sorted((view.text_of(s, e), entry.name) for s, e, entry in matcher(view.doc))


def test_the_builtin_lexicon_loads_every_type():
    entries = load_lexicon()
    assert len(LEXICON_FILES) == 3 and len(entries) > 1000
    assert {e.type for e in entries} == {"method", "dataset", "task"}
    assert not any(e.user for e in entries)
    assert all(e.name and e.name == e.name.strip() for e in entries)


def test_user_entries_follow_the_builtin_ones_marked_as_the_users(tmp_path):
    (tmp_path / "mine.jsonl").write_text(json.dumps(
        {"type": "datasets", "name": "Frobnitz Corpus", "aliases": "FrobC"}) + "\n\n")
    entries = load_lexicon(tmp_path)
    assert entries[-1] == LexiconEntry("dataset", "Frobnitz Corpus", ("FrobC",), user=True)
    assert entries[-1].forms() == ("Frobnitz Corpus", "FrobC")


@pytest.mark.parametrize("line", ["not json", json.dumps({"type": "planet", "name": "Mars"}),
                                  json.dumps({"type": "method"}), json.dumps(["method", "x"])])
def test_a_bad_lexicon_line_is_named_by_file_and_line(tmp_path, line):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"type": "method", "name": "Adam"}) + "\n" + line + "\n")
    with pytest.raises(LexiconError, match=r"bad\.jsonl:2"):
        read_lexicon_file(path)


@pytest.mark.parametrize("name, expected", [
    ("ResNet-50", True), ("GPT4", True), ("BERT", True), ("image classification", True),
    ("the", False), ("attention", False), ("x", False), ("deep learning", False),
    ("Adam", False), ("self-attention", True),
])
def test_is_specific_name(name, expected):
    assert is_specific_name(name) is expected


def test_matcher_is_case_sensitive_for_capitalised_words_only(kg_nlp, matcher):
    assert matches(kg_nlp, matcher, "We use Adam, PPO and ImageNet.") == [
        ("Adam", "Adam"), ("ImageNet", "ImageNet"), ("PPO", "Proximal Policy Optimization")]
    assert matches(kg_nlp, matcher, "We adam the imagenet and ppo.") == []
    assert matches(kg_nlp, matcher, "We use proximal policy optimization here.") == [
        ("proximal policy optimization", "Proximal Policy Optimization")]


def test_matcher_finds_plurals_and_spaced_hyphens_of_common_nouns(kg_nlp, matcher):
    assert matches(kg_nlp, matcher, "Image classifications, multi-agent planners and a multi "
                   "agent planner help.") == [
        ("Image classifications", "image classification"),
        ("multi agent planner", "multi-agent planner"),
        ("multi-agent planners", "multi-agent planner")]


def test_matcher_first_entry_wins_a_shared_form(matcher):
    assert matcher.type_of["ppo"] == "method" and matcher.type_of["other"] == "dataset"


def test_a_short_form_the_paper_defines_otherwise_is_not_the_lexicons(kg_nlp, matcher):
    # the paper's "Pairwise Preference Optimization (PPO)" is not the lexicon's Proximal Policy
    # Optimization, in the definition or after it; a paper defining PPO as the lexicon does keeps it
    def kept(abstract: str, user: bool = False) -> list[str]:
        view = view_of(kg_nlp, abstract)
        found = [(s, e, LexiconEntry(x.type, x.name, x.aliases, user)) for s, e, x in matcher(view.doc)]
        return sorted(x.name for _, _, x in not_redefined(view, found, find_acronyms(view)))

    other = "We propose Pairwise Preference Optimization (PPO). PPO beats Adam."
    assert kept(other) == ["Adam"]
    assert kept(other, user=True) == ["Adam", "Proximal Policy Optimization", "Proximal Policy Optimization"]
    same = "We use Proximal Policy Optimization (PPO). PPO beats Adam."
    assert kept(same).count("Proximal Policy Optimization") == 3
    assert kept("PPO beats Adam.") == ["Adam", "Proximal Policy Optimization"]
    # a plural short form defined ("PPOs"), its singular used
    assert kept("We propose Pairwise Preference Optimizations (PPOs). PPO beats Adam.") == ["Adam"]


def test_lexicon_candidates_are_sure_and_a_broad_task_needs_a_cue(kg_nlp):
    entries = [LexiconEntry("task", "classification"), LexiconEntry("dataset", "ImageNet")]
    matcher = LexiconMatcher(kg_nlp, entries)
    view = view_of(kg_nlp, "We use ImageNet for classification. The classification is fast.")
    found = lexicon_candidates(view, matcher(view.doc))
    rows = sorted((c.start, c.name, c.type, c.confidence, c.weak) for c in found)
    assert [r[1:] for r in rows] == [("ImageNet", "dataset", SURE, False),
                                     ("classification", "task", SURE, False),
                                     ("classification", "task", SURE, True)]


@pytest.mark.parametrize("title, name, etype, confidence", [
    ("ZetaNet: Fast Image Segmentation with Sparse Kernels", "ZetaNet", "method", CONTEXT),
    ("BirdCount: A New Benchmark for Counting Birds", "BirdCount", "dataset", HEAD),
    ("Dual Process Learning: Thinking Twice", "Dual Process Learning", "method", CONTEXT),
    ("The QuuxSet (QS): A Dataset for Birds", "QuuxSet", "dataset", HEAD),
])
def test_a_title_head_before_a_colon_is_a_proposed_name(kg_nlp, title, name, etype, confidence):
    cand = title_prefix_candidate(view_of(kg_nlp, "We train it.", title), {})
    assert (cand.name, cand.type, cand.confidence, cand.proposed, cand.source) == (
        name, etype, confidence, True, "title")


@pytest.mark.parametrize("title", [
    "Enhancing Neural Subset Selection: A Study",  # a verb phrase
    "Deep Learning: A Survey",                     # generic
    "On the Effect of Noise: Results",             # function words, and the colon too late
    "A Study of Noise in Training",                # no colon
    "The Quux Dataset (QD): Notes",                # no name, nor a method or task head
    "ChatGPT and U(X): A Rapid Review",            # a bracket inside a word before the colon (it crashed)
])
def test_no_title_name_where_the_head_is_no_name(kg_nlp, title):
    assert title_prefix_candidate(view_of(kg_nlp, "We train it.", title), {}) is None


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
               max_size=40))
def test_is_specific_name_never_accepts_stopwords_or_short_strings(text):
    if len(text.strip()) < 2:
        assert not is_specific_name(text)
    assert is_specific_name(text) == is_specific_name(f" {text} ")
