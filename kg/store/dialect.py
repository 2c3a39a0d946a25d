"""Check a query before it runs (missing parameters), and give engine errors a hint.

Neo4j Cypher that the embedded store (LadybugDB) spells otherwise is rewritten by
kg/store/translate.py; engine errors for the differences left are given a hint saying what to
write instead.
"""
from __future__ import annotations

import re

from kg.errors import MissingParameterError

_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_PARAM = re.compile(r"\$(\w+)")

# engine message fragment -> what to write instead
ENGINE_HINTS = {
    "List extract takes 1-based position": "the list index is out of range or not a number",
    "is out of range": "Neo4j returns null for an index past the end; the embedded store stops: check size(list) first",
    "Undirected rel pattern": "this store was built before undirected patterns were supported: run kg build again",
    "ORDER BY must be followed by SKIP or LIMIT": (
        "WITH ... ORDER BY needs a LIMIT on the embedded store: add LIMIT n after it, "
        "or move the ORDER BY to the RETURN"),
    "Cannot evaluate $": "a $parameter is missing: give it with -p NAME=VALUE",
}


def code_only(cypher: str) -> str:
    """The query with string literals, quoted names and comments blanked out (same length)."""
    return _STRINGS_AND_COMMENTS.sub(lambda m: " " * len(m.group(0)), cypher)


def parameters(cypher: str) -> list[str]:
    """The $parameters a query uses, in order of first use."""
    return list(dict.fromkeys(_PARAM.findall(code_only(cypher))))


def check_query(cypher: str, params: dict) -> None:
    """Raise MissingParameterError when the query uses a $parameter not given."""
    missing = [name for name in parameters(cypher) if name not in params]
    if missing:
        names = ", ".join(f"${name}" for name in missing)
        example = " ".join(f"-p {name}=VALUE" for name in missing)
        raise MissingParameterError(f"the query needs {names}: add {example}")


def hint(message: str) -> str:
    """An engine error message, followed by what to write instead when it is a known difference."""
    for fragment, advice in ENGINE_HINTS.items():
        if fragment in message:
            return f"{message} -> {advice}"
    return message
