"""Every word list of the extractor, named once here (lower-case throughout) and read from the
data files of kg/data/words/: one file a list, one entry a line (a word or a phrase), lines
starting with "#" being comments. Edit the files, not this module; a new list is a file and a
constant here, which the rules import.

>>> "classification" in word_list("task_heads")
True
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.errors import LexiconError

WORDS_DIR = Path(__file__).resolve().parents[2] / "data" / "words"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of kg/data/words/NAME.txt."""
    path = WORDS_DIR / f"{name}.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise LexiconError(f"{path}: cannot read the word list: {e}") from e
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Words that end a noun phrase when walking left from its head.
FUNCTION_WORDS = word_list("function_words")

# Verbs and verb forms frequent in abstracts; they never sit inside a name.
VERBS = word_list("verbs")

# Adjectives that praise or quantify rather than name; stripped from the left of a phrase.
FILLER_ADJECTIVES = word_list("filler_adjectives")

# Heads that make a phrase a task.
TASK_HEADS = word_list("task_heads")

# Heads that make a phrase a method.
METHOD_HEADS = word_list("method_heads")

# Heads that, right after a name, make it a dataset.
DATASET_HEADS = word_list("dataset_heads")

# Generic method heads: they type a phrase but are dropped from an entity name ("XQL method").
SOFT_METHOD_HEADS = word_list("soft_method_heads")

# Task heads that alone are too broad; "learning" also needs a specific modifier.
SOFT_TASK_HEADS = word_list("soft_task_heads")

# Whole phrases that name no specific entity.
GENERIC_PHRASES = word_list("generic_phrases")

# Capitalised or upper-case tokens that are not entity names.
NAME_STOPWORDS = word_list("name_stopwords")

# Verbs whose object is the paper's own contribution.
PROPOSE_VERBS = word_list("propose_verbs")

# Words right before a name that mark it as the paper's own.
NAMING_WORDS = word_list("naming_words")

# Words that close the object phrase of a proposing verb.
CLAUSE_BREAKS = word_list("clause_breaks")

# Head words after "a new"/"a novel" that announce a contribution.
CONTRIBUTION_NOUNS = word_list("contribution_nouns")

# Modifiers that say which instance, not which technique ("student network", "larger models").
GENERIC_MODIFIERS = word_list("generic_modifiers")

# Words ending in -ing that are nouns when they modify a head ("learning rate", "ranking model").
NOUN_ING = word_list("noun_ing")

# Task heads too common to trust alone: such phrases need support (title, repetition, proposal).
WEAK_TASK_HEADS = word_list("weak_task_heads")

# Tasks so broad that a passing mention is not annotated; kept only when the paper dwells on them.
BROAD_TASKS = word_list("broad_tasks")

# Words before "on X" that make X the data results come from ("accuracy on ImageNet").
EVALUATION_WORDS = word_list("evaluation_words")

# Modifiers of "learning" that name a learning setting, which the guidelines count as a task.
LEARNING_SETTINGS = word_list("learning_settings")

# Class words that follow a name in text ("ImageNet benchmark") but are no part of it.
CLASS_WORDS = DATASET_HEADS | SOFT_METHOD_HEADS | word_list("class_words")

# Verb forms that never open a name: VERBS minus participles ("generalized", "integrated"), which
# can, and minus forms that are also nouns ("design", "study", "release"), plus a few that do.
LEADING_VERBS = (frozenset(v for v in VERBS if not v.endswith("ed")) - word_list("noun_verbs")
                 | word_list("leading_participles"))

# Heads that make a capitalised name before them a technique: "Gaussian processes",
# "Shapley values", "Gauss-Southwell rule", "Kalman filter".
EPONYM_HEADS = word_list("eponym_heads")

# Parts of a data collection: "ShapeNet category", "ImageNet classes", "COCO images".
DATA_PARTS = word_list("data_parts")

# Words after a one-capital prefix that make the token a name ("Q-learning", "U-Net", "T-former").
LETTER_NAMES = word_list("letter_names")

# Words after a head that keep it the head: "classification tasks", "detection performance".
CONTEXT_WORDS = word_list("context_words")

# Verbs whose object is what a result is compared with ("outperforms X"), so a technique.
COMPARISON_VERBS = word_list("comparison_verbs")

# Words before "to"/"with" that compare ("similar to X", "compared with X").
COMPARISON_WORDS = word_list("comparison_words")

# Words before what a thing is done by ("via X", "using X"), so a technique.
MEANS_WORDS = word_list("means_words")

# What "single" narrows before a task head: "single image reflection removal" keeps its "single".
SINGLE_WHAT = word_list("single_what")

# Nouns that call a phrase a task: "X tasks", "the problem of X", "X is a challenging task".
TASK_NOUNS = word_list("task_nouns")

# "applications to denoising", "applied to regression": what a technique is put to is a task.
APPLIED_WORDS = word_list("applied_words")

# "vulnerable to X", "robustness against X": the threat a paper studies is its task.
THREAT_WORDS = word_list("threat_words")

# Broad words named so often in passing that even a cue does not make them the paper's task.
NEVER_BARE = word_list("never_bare")

# Nouns for the paper itself: "this paper presents X" proposes X, as "we present X" does.
DOCUMENT_NOUNS = word_list("document_nouns")

# Words between the class noun and the list; at least one that is not punctuation must occur.
CUE_WORDS = word_list("cue_words")

# Punctuation that may sit between a class noun and its list ("datasets: A, B").
CUE_PUNCT = word_list("cue_punct")

# Class nouns that head_type does not know but that only ever list methods.
METHOD_CLASSES = word_list("method_classes")

# Class nouns that list tasks ("tasks such as X, Y").
TASK_CLASSES = word_list("task_classes")

# Words shortly before an acronym-named proposal that make it a setting or problem, not a method.
SETTING_WORDS = word_list("setting_words")
