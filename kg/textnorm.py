"""The comparison key of a name as the reference scorer computes it (a base module: no NLP)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Comparison key of a name: case, Unicode, separators, "the" and a plural "s" folded.

    >>> norm("The Vision-Language Models")
    'vision language model'
    """
    text = unicodedata.normalize("NFKC", text).lower().strip()
    text = re.sub(r"[-_/]", " ", text)
    text = re.sub(r"[^\w\s+.#]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return singular(text)


def singular(text: str) -> str:
    """A key without the final plural "s" the scorer drops (past three letters, not "ss").

    >>> singular("llms"), singular("rls"), singular("class")
    ('llm', 'rls', 'class')
    """
    if len(text) > 3 and text.endswith("s") and not text.endswith("ss"):
        return text[:-1]
    return text
