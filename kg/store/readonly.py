"""Keep `kg query` from changing anything: the store is opened read-only, and the statements that
write even so (CHECKPOINT, COPY ... TO a file, EXPORT/IMPORT DATABASE, ATTACH, INSTALL, LOAD
EXTENSION) are refused before they reach the engine."""
from __future__ import annotations

import re

from kg.errors import ReadOnlyQueryError

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_WRITES = [
    (re.compile(r"\bCHECKPOINT\b", re.I), "CHECKPOINT"),
    (re.compile(r"\bCOPY\b.*\bTO\b", re.I | re.S), "COPY ... TO (it writes a file)"),
    (re.compile(r"\b(?:EXPORT|IMPORT)\s+DATABASE\b", re.I), "EXPORT/IMPORT DATABASE"),
    (re.compile(r"\b(?:ATTACH|DETACH|INSTALL)\b", re.I), "ATTACH, DETACH and INSTALL"),
    (re.compile(r"\bLOAD\s+(?:EXTENSION\b|(?!FROM\b)\w)", re.I), "LOAD EXTENSION"),
]
_ENGINE_READ_ONLY = ("read-only database", "read only database", "in read-only mode")


def refuse_writes(cypher: str) -> None:
    """Raise ReadOnlyQueryError when the query holds a statement that would write."""
    code = _STRINGS.sub("''", cypher)
    for pattern, what in _WRITES:
        if pattern.search(code):
            raise ReadOnlyQueryError(f"kg query only reads the store; {what} is refused")


def is_read_only_refusal(message: str) -> bool:
    """Whether an engine error is its refusal to write (CREATE, SET, DELETE on the read-only store)."""
    lowered = message.lower()
    return any(part in lowered for part in _ENGINE_READ_ONLY)
