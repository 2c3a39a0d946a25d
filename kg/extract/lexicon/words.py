"""Word lists the extraction rules are built from (lower-case throughout), read from the data
files of kg/data/words/ (edit those, not this module): one file a list, one entry a line (a word
or a phrase), lines starting with "#" being comments.

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
