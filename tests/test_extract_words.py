"""Unit tests of the rules' data and text helpers: kg/extract/lexicon/words.py (every word list
exists, loads and is non-empty, and is named there only), text/normal.py (the comparison key,
against the reference scorer) and text/docview.py (sentences, title, offsets)."""
from __future__ import annotations

import ast
import importlib.util
import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kg.errors import LexiconError
from kg.extract.lexicon import words
from kg.extract.lexicon.words import WORDS_DIR, word_list
from kg.extract.text.normal import norm
from support.extract import view_of

KG = Path(__file__).resolve().parents[1] / "kg"
SHARED = Path(os.environ.get("KG_SHARED") or Path(__file__).resolve().parents[1].parent / "shared")
SCORER = SHARED / "eval" / "score.py"
LIST_FILES = sorted(p.stem for p in WORDS_DIR.glob("*.txt"))
NAMED = sorted(set(re.findall(r'word_list\("(\w+)"\)', "".join(
    p.read_text(encoding="utf-8") for p in KG.rglob("*.py")))))
CONSTANTS = [n for n in dir(words) if n.isupper() and isinstance(getattr(words, n), frozenset)]


def test_every_list_the_code_names_is_a_file_and_every_file_is_named():
    assert len(NAMED) > 30
    assert NAMED == LIST_FILES


def test_every_word_list_is_named_once_in_words_py():
    """The rules import the constants of kg/extract/lexicon/words.py; none reads a list itself."""
    words_py = Path(words.__file__).resolve()
    readers = [str(p.relative_to(KG)) for p in (KG / "extract").rglob("*.py")
               if p.resolve() != words_py and "word_list(" in p.read_text(encoding="utf-8")]
    assert readers == []
    calls = [node.args[0].value for node in ast.walk(ast.parse(words_py.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "word_list"]
    assert sorted(set(calls)) == LIST_FILES
    assert len(calls) == len(set(calls))


@pytest.mark.parametrize("name", LIST_FILES)
def test_every_word_list_loads_non_empty_lower_case_and_without_comments(name):
    entries = word_list(name)
    assert entries and all(e == e.strip() and not e.startswith("#") for e in entries)
    text = (WORDS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    assert entries == {line.strip() for line in text.splitlines()
                       if line.strip() and not line.startswith("#")}
    if name != "cue_punct":
        assert all(e == e.lower() for e in entries), name


@pytest.mark.parametrize("constant", CONSTANTS)
def test_every_word_set_of_words_py_is_non_empty(constant):
    assert getattr(words, constant)


def test_derived_sets():
    assert words.DATASET_HEADS <= words.CLASS_WORDS and words.SOFT_METHOD_HEADS <= words.CLASS_WORDS
    assert words.LEADING_VERBS >= word_list("leading_participles")
    assert not (words.LEADING_VERBS & word_list("noun_verbs"))
    assert {"propose", "the", "benchmark", "classification"} <= (
        words.PROPOSE_VERBS | words.FUNCTION_WORDS | words.DATASET_HEADS | words.TASK_HEADS)


def test_a_missing_word_list_is_named():
    with pytest.raises(LexiconError, match="no_such_list"):
        word_list("no_such_list")


@pytest.mark.parametrize("text, key", [
    ("The Vision-Language Models", "vision language model"), ("ResNet-50", "resnet 50"),
    ("  Graph   Neural_Networks ", "graph neural network"), ("class", "class"),
    ("loss", "loss"), ("GANs", "gan"), ("C++", "c++"), ("ﬁne-tuning", "fine tuning"),
    ("the", "the"), ("bus", "bus"),
])
def test_norm_examples(text, key):
    assert norm(text) == key


_NAMES = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
                 max_size=30)


@pytest.mark.skipif(not SCORER.is_file(), reason="shared reference scorer not present")
@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=_NAMES)
def test_norm_is_the_reference_scorers_key(text):
    assert norm(text) == reference_scorer().norm(text)


@lru_cache(maxsize=1)
def reference_scorer():
    spec = importlib.util.spec_from_file_location("reference_score", SCORER)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=_NAMES)
def test_norm_is_stable_on_its_keys(text):
    """A key normalises to itself, unless one more plural "s" or leading "the" can go, or the
    "s" it stripped left a space to strip ("00_S" -> "00 "; the reference scorer does each once,
    so norm must too)."""
    key = norm(text)
    assume(not key.endswith(("s", " ")) and not key.startswith("the "))
    assert norm(key) == key


@settings(max_examples=200, deadline=None, derandomize=True)
@given(words_=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1,
                               max_size=8), min_size=1, max_size=4))
def test_norm_folds_case_and_separators(words_):
    text = " ".join(words_)
    assert norm(text.upper()) == norm(text) == norm("-".join(words_)) == norm(
        "_".join(words_).title())


def test_docview_sentences_title_and_offsets(kg_nlp):
    view = view_of(kg_nlp, "We train GSM8K models. Does it work? Yes!", "A Title: With Colon")
    assert view.texts[:view.title_end] == ["A", "Title", ":", "With", "Colon", "\n\n"]
    assert [view.text_of(a, b) for a, b in view.sents] == [
        "A Title: With Colon\n\n", "We train GSM8K models.", "Does it work?", "Yes!"]
    assert view.in_title(0) and not view.in_title(view.title_end)
    k = view.texts.index("GSM8K")
    assert view.text[view.starts[k]:view.starts[k] + 5] == "GSM8K"
    assert view.sent_bounds(k) == view.sents[1] and view.lowers[k] == "gsm8k"


def test_tokenizer_keeps_names_whole(kg_nlp):
    doc = kg_nlp.make_doc("ResNet-50 on GSM8K, f-DVL and Llama-3-8B on MMLU.")
    assert [t.text for t in doc] == [
        "ResNet-50", "on", "GSM8K", ",", "f-DVL", "and", "Llama-3-8B", "on", "MMLU", "."]


def test_tokenizer_splits_brackets_from_punctuation(kg_nlp):
    """spaCy keeps emoticons such as "):" whole; a paper's brackets are brackets."""
    assert [t.text for t in kg_nlp.make_doc("Quux (QX): see (:) and [=] then :)")] == [
        "Quux", "(", "QX", ")", ":", "see", "(", ":", ")", "and", "[", "=", "]", "then", ":", ")"]
