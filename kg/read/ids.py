"""Stable paper ids derived from titles, identical whatever format a paper came from."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_ALNUM = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """Lower-case NFKC title with every run of non-alphanumerics collapsed to one space."""
    text = unicodedata.normalize("NFKC", title).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def paper_id_for_title(title: str) -> str:
    """Return "p" plus the first 12 hex digits of the SHA-1 of the normalised title."""
    digest = hashlib.sha1(normalise_title(title).encode("utf-8")).hexdigest()
    return "p" + digest[:12]
