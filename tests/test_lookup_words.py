"""`kg find` never matches inside a word, and a name it cannot find comes with near names."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import EntityNotFoundError
from kg.lookup import EXACT, PART, WHOLE_WORD, find_entities, fold, match_rank


@pytest.mark.parametrize("query, name, rank", [
    ("lora", "exploration", None), ("ppo", "support vector machine", None), ("lora", "lora", EXACT),
    ("lora", "lora fa", WHOLE_WORD), ("lo", "lora", PART), ("ppo", "multi agent ppo", WHOLE_WORD),
    ("net", "resnet 50", None), ("res", "resnet 50", PART),
])
def test_a_query_matches_whole_names_words_or_word_starts_only(query, name, rank):
    assert match_rank(fold(query), [fold(name)]) == rank


def test_exploration_is_not_lora_and_misses_suggest_near_names(seed_build: Path):
    tables = seed_build / "tables"
    for query in ("LoRA", "explo", "ppo"):
        try:
            found = find_entities(tables, query, None)
        except EntityNotFoundError:
            found = []
        for f in found:  # every match starts a word of a name, an alias or the id
            assert any(re.search(rf"(?<!\w){query.lower()}", fold(n)) for n in [f.name, *f.aliases, f.id])
    with pytest.raises(EntityNotFoundError, match="near names: Proximal Policy Optimization"):
        find_entities(tables, "proximal polcy optimisation")
