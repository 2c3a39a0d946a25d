"""The user's own kg folder ($KG_HOME, by default ~/.kg): imported lexicons and reference lists."""
from __future__ import annotations

import os
from pathlib import Path


def kg_home() -> Path:
    """$KG_HOME, or ~/.kg."""
    return Path(os.environ.get("KG_HOME", Path.home() / ".kg"))


def user_lexicon_dir() -> Path:
    """Where `kg lexicon import` puts a user's lists: $KG_HOME/lexicon."""
    return kg_home() / "lexicon"


def user_reference_dir() -> Path:
    """Where `kg lexicon import FILE --reference NAME` puts reference lists: $KG_HOME/reference."""
    return kg_home() / "reference"
