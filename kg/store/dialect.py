"""Check a query before it runs: missing parameters, and Neo4j Cypher the embedded store reads otherwise.

LadybugDB's Cypher differs from Neo4j's in a few places that people trip on. Two are caught in
the query text before it runs (one of them would otherwise return a silently wrong answer);
engine errors for the others are given a hint saying what to write instead.
"""
from __future__ import annotations

import re

from kg.errors import CypherDialectError, MissingParameterError

_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.S)
_PARAM = re.compile(r"\$(\w+)")
_TYPE_CALL = re.compile(r"\btype\s*\(\s*(\w+)\s*\)", re.I)
_SUBSTRING_ZERO = re.compile(r"\bsubstring\s*\(\s*([^,()]+(?:\([^()]*\))?)\s*,\s*0\s*,\s*([^()]+?)\s*\)", re.I)

# engine message fragment -> what to write instead
ENGINE_HINTS = {
    "function TYPE does not exist": "write label(r) for a relationship's type (Neo4j's type(r))",
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
    """Raise MissingParameterError or CypherDialectError for problems visible in the query text."""
    missing = [name for name in parameters(cypher) if name not in params]
    if missing:
        names = ", ".join(f"${name}" for name in missing)
        example = " ".join(f"-p {name}=VALUE" for name in missing)
        raise MissingParameterError(f"the query needs {names}: add {example}")
    code = code_only(cypher)
    found = _TYPE_CALL.search(code)
    if found:
        raise CypherDialectError(f"type({found.group(1)}) is Neo4j's; on the embedded store write "
                                 f"label({found.group(1)})")
    found = _SUBSTRING_ZERO.search(code)
    if found:
        text, length = found.group(1).strip(), found.group(2).strip()
        raise CypherDialectError(f"substring({text}, 0, {length}) returns an empty string on the embedded store "
                                 f"(its substring counts from 1); write left({text}, {length}), "
                                 "which both engines read the same")


def hint(message: str) -> str:
    """An engine error message, followed by what to write instead when it is a known difference."""
    for fragment, advice in ENGINE_HINTS.items():
        if fragment in message:
            return f"{message} -> {advice}"
    return message
