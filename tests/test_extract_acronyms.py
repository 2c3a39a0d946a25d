"""Unit tests of kg/extract/rules/acronyms.py (definitions found and bound, and their candidates)
and nested.py (names inside a defined long form)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.extract.lexicon.words import FUNCTION_WORDS, NAME_STOPWORDS, VERBS
from kg.extract.rules.acronyms import acronym_candidates, find_acronyms, is_short_form
from kg.extract.rules.candidate import SURE
from kg.extract.rules.nested import inner_acronym_candidates
from support.extract import view_of


def definitions(nlp, abstract: str, title: str = "Title") -> list[tuple[str, str, str]]:
    """(short form, its token's text, long form) for every definition found."""
    view = view_of(nlp, abstract, title)
    return [(a.short, view.text_of(a.short_start, a.short_end),
             view.text_of(a.long_start, a.long_end)) for a in find_acronyms(view)]


@pytest.mark.parametrize("abstract", [
    "We use Direct Preference Optimization (DPO) for alignment.",   # Long Form (LF)
    "We use DPO (Direct Preference Optimization) for alignment.",   # LF (Long Form)
    "We use the (Direct Preference Optimization) DPO loss here.",   # (Long Form) LF
])
def test_a_definition_is_found_in_each_order_and_bound_to_its_tokens(kg_nlp, abstract):
    assert definitions(kg_nlp, abstract) == [("DPO", "DPO", "Direct Preference Optimization")]


def test_the_long_form_is_the_shortest_that_spells_the_acronym(kg_nlp):
    assert definitions(kg_nlp, "In this paper we use Mirror descent (MD) throughout.") == [
        ("MD", "MD", "Mirror descent")]
    assert definitions(kg_nlp, "Graph neural networks (GNNs) are widely used.") == [
        ("GNNs", "GNNs", "Graph neural networks")]


def test_colon_definitions_in_titles_and_enumerations(kg_nlp):
    assert definitions(kg_nlp, "We train it.", "HypX: Hyperbolic Xenon Networks for Retrieval") == [
        ("HypX", "HypX", "Hyperbolic Xenon Networks")]
    # a mixed-case short form whose capitals start the long form's words, after a first word
    assert definitions(kg_nlp, "We train it.", "ZoFi: Neural Zorp Fields for Retrieval") == [
        ("ZoFi", "ZoFi", "Neural Zorp Fields")]
    assert definitions(kg_nlp, "We propose two losses: (1) Hyp-PC: Hyperbolic Pairwise Confusion "
                       "loss, and a margin term.") == [
        ("Hyp-PC", "Hyp-PC", "Hyperbolic Pairwise Confusion loss")]


@pytest.mark.parametrize("title", [
    "QAG: Zorp-Weighted Quux Learning for Retrieval",       # the letters are there, not from the start
    "TrimQ: Verifier-based Training-Free Quux Compression",  # the capitals are no words' initials
    "Layered Self-Prompting QAM: A Grid-Free Quux Adaptation Method",
])
def test_a_colon_title_that_says_what_the_name_does_defines_nothing(kg_nlp, title):
    assert definitions(kg_nlp, "We train it.", title) == []


def test_a_definition_before_a_colon_is_found(kg_nlp):
    """spaCy's English tokenizer keeps "):" whole as an emoticon, which hid the ")" of "Long
    Form (LF): subtitle" titles; the package's tokenizer splits it."""
    assert definitions(kg_nlp, "We study it.", "Quux Policy Optimization (QPO): Beyond Limits") == [
        ("QPO", "QPO", "Quux Policy Optimization")]
    assert definitions(kg_nlp, "We use two parts: Deep Quux Networks (DQN): a model.") == [
        ("DQN", "DQN", "Deep Quux Networks")]


@pytest.mark.parametrize("abstract", [
    "Steps (i), (ii), (iii) and (iv) follow from (IV) and (XII).",
    "Results improve (see Table 2) and (p < 0.05) overall.",
    "We use the (Evolved Sign Momentum) Lion optimizer.",  # Lion is a word, not an acronym
    "Results are good (GOOD) here.",                        # the long form is the acronym itself
    "Our (nested (ABC) thing) stays unread.",
    "We use a method (FBB) that nothing before spells.",
    "We give conditions for identifiable QAEs (QAEs that learn unique quux features).",  # explained, not spelled
    "External QTS (particularly the Quux-of-N selection paradigm) scales.",  # an aside, not a long form
])
def test_enumerators_references_and_non_definitions_are_refused(kg_nlp, abstract):
    assert definitions(kg_nlp, abstract) == []


def test_definitions_are_found_in_text_order_across_sentences(kg_nlp):
    found = definitions(kg_nlp, "Large language models (LLMs) are big. We tune them with "
                        "Deep Quux Networks (DQN), not with (ii) alone.")
    assert found == [("LLMs", "LLMs", "Large language models"),
                     ("DQN", "DQN", "Deep Quux Networks")]


def test_a_long_form_whose_words_spell_the_acronym_wins_over_the_shortest(kg_nlp):
    """Schwartz-Hearst alone takes the "p" of "optimization" for PPO's second P ("Policy
    Optimization"); words whose initials spell every letter win, so the definition is whole
    (and a paper's "PPO" is then compared with the lexicon's PPO by its whole long form)."""
    for text in ("Proximal Policy Optimization", "proximal policy optimization"):
        abstract = f"We tune them with {text} (PPO) here."
        assert definitions(kg_nlp, abstract) == [("PPO", "PPO", text)]
        view = view_of(kg_nlp, abstract)
        found = acronym_candidates(view, find_acronyms(view), {})
        assert [(view.text_of(c.start, c.end), c.name) for c in found] == [
            (text, text), ("PPO", text)]
    # where no words spell it, the shortest match stands
    assert definitions(kg_nlp, "We tune them with Policy Optimization (PPO) here.") == [
        ("PPO", "PPO", "Policy Optimization")]


@pytest.mark.parametrize("text, expected", [
    ("MD", True), ("LLM", True), ("MIL", True), ("GNNs", True), ("BERT", True), ("Hyp-PC", True),
    ("HypX", True), ("IV", False), ("XII", False), ("Adam", False), ("Concept-Based", False),
    ("method", False), ("2024", False), ("(a)", False), ("A" * 20, False),
])
def test_short_forms(text, expected):
    assert is_short_form(text) is expected


_TAIL = st.text(alphabet="aeiouy", min_size=3, max_size=7)
_INITIALS = st.text(alphabet="BCDFGHJKNPQRSTWZ", min_size=2, max_size=5)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(initials=_INITIALS, tails=st.lists(_TAIL, min_size=5, max_size=5), order=st.sampled_from(
    ["forward", "backward"]))
def test_any_spelled_out_long_form_is_found_whole(kg_nlp, initials, tails, order):
    """Capitalised words whose initials spell the acronym (and no other letter of it) are the
    long form, in either order."""
    words = [c + t for c, t in zip(initials, tails)]
    long_form = " ".join(words)
    assume(not any(w.lower() in FUNCTION_WORDS | VERBS for w in words))
    assume(initials.lower() not in NAME_STOPWORDS)
    text = (f"Here we use {long_form} ({initials}) today." if order == "forward"
            else f"Here we use {initials} ({long_form}) today.")
    assert definitions(kg_nlp, text) == [(initials, initials, long_form)]


def test_inner_name_spelled_by_an_acronym_part_is_a_candidate(kg_nlp):
    view = view_of(kg_nlp, "This results in Policy Filtration for Proximal Policy Optimization "
                   "(PF-PPO). PF-PPO is effective.")
    inner = inner_acronym_candidates(view, find_acronyms(view))
    assert [(c.name, c.type, c.aliases) for c in inner] == [
        ("Proximal Policy Optimization", "method", ["Proximal Policy Optimization", "PPO"])]
    assert view.text_of(inner[0].start, inner[0].end) == "Proximal Policy Optimization"


def test_no_inner_name_without_a_hyphenated_acronym(kg_nlp):
    view = view_of(kg_nlp, "We use Policy Filtration for Proximal Policy Optimization (PFPPO).")
    assert inner_acronym_candidates(view, find_acronyms(view)) == []


def test_acronym_candidates_name_both_parts_by_the_long_form(kg_nlp):
    view = view_of(kg_nlp, "We propose Direct Preference Optimization (DPO) for alignment.")
    found = acronym_candidates(view, find_acronyms(view), {})
    assert [(view.text_of(c.start, c.end), c.name, c.type, c.aliases) for c in found] == [
        ("Direct Preference Optimization", "Direct Preference Optimization", "method", ["DPO"]),
        ("DPO", "Direct Preference Optimization", "method", ["DPO"])]


def test_acronym_candidates_take_the_lexicon_type_of_the_short_form(kg_nlp):
    view = view_of(kg_nlp, "We report results on Zorb Quux Benchmark (ZQB) here.")
    found = acronym_candidates(view, find_acronyms(view), {"zqb": "dataset"})
    assert {(c.type, c.confidence) for c in found} == {("dataset", SURE)}


def test_acronym_long_form_takes_same_case_modifiers_but_no_praise(kg_nlp):
    view = view_of(kg_nlp, "We use novel selective state space models (SSMs) here.")
    found = acronym_candidates(view, find_acronyms(view), {})
    assert found[0].name == "selective state space models"


@pytest.mark.parametrize("abstract, short, long", [
    # a digit after a letter repeats it ("D3": three Ds), with or without a caret
    ("We propose Deep Dueling Double Quux Network (D3QN) here.", "D3QN",
     "Deep Dueling Double Quux Network"),
    ("We propose Dynamic Dual-Level Down-Quuxing (D^3Q) here.", "D^3Q",
     "Dynamic Dual-Level Down-Quuxing"),
    # "2" read as "to", "4" as "for"
    ("We propose Robust Offline-to-Online Quux (RO2OQ) here.", "RO2OQ",
     "Robust Offline-to-Online Quux"),
    ("We study text-to-quux (T2Q) generation.", "T2Q", "text-to-quux"),
    ("We propose Quux Learning for Retrieval (QL4R) here.", "QL4R", "Quux Learning for Retrieval"),
    ("We propose T2Q (Text-to-Quux Generation) here.", "T2Q", "Text-to-Quux Generation"),
])
def test_a_digit_in_an_acronym_may_repeat_a_letter_or_stand_for_to_or_for(
        kg_nlp, abstract, short, long):
    assert definitions(kg_nlp, abstract) == [(short, short, long)]


def test_a_digit_read_as_a_word_needs_that_word_and_repeats_need_as_many_words(kg_nlp):
    assert definitions(kg_nlp, "We study quux negation (NEG2) here.") == []
    assert definitions(kg_nlp, "We propose Unified Quux Detection (UQ4D) here.") == []
    # one P-word cannot give the two Ps of "P2": the long form is not "Point Object Detection"
    assert definitions(kg_nlp, "Thus Point Object Detection (P2OD) is used.") == []
    # a digit the long form writes is read as written
    assert definitions(kg_nlp, "We use Quux Anything Model 2 (QAM2) for tracking.") == [
        ("QAM2", "QAM2", "Quux Anything Model 2")]
    assert definitions(kg_nlp, "We study it.", "E2Q: Easy-to-Quux Reasoning for Agents") == [
        ("E2Q", "E2Q", "Easy-to-Quux Reasoning")]
