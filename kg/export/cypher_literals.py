"""Cypher literals for values written into a script (no parameters there)."""
from __future__ import annotations

import math
import re

from kg.errors import ExportError

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Keywords some engines refuse as bare map keys (Ladybug rejects `{end: 1}`).
RESERVED = frozenset("""ALL AND AS ASC ASCENDING BY CALL CASE CONTAINS CREATE DELETE DESC DESCENDING DETACH
DISTINCT ELSE END ENDS EXISTS FALSE IN IS LIMIT MATCH MERGE NOT NULL ON OPTIONAL OR ORDER REMOVE
RETURN SET SKIP START STARTS THEN TRUE UNION UNWIND WHEN WHERE WITH XOR""".split())
SIMPLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Control characters, line/paragraph separators and lone surrogates (not encodable as UTF-8).
NEEDS_U_ESCAPE = re.compile("[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff]")


def _u_escape(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def cypher_string(text: str) -> str:
    """A double-quoted Cypher string literal that reads back as exactly `text`."""
    escaped = "".join(SIMPLE_ESCAPES.get(ch, ch) for ch in text)
    return '"' + NEEDS_U_ESCAPE.sub(_u_escape, escaped) + '"'


def cypher_key(name: str) -> str:
    """A map key or property name, backticked unless it is a plain identifier and not a keyword."""
    if IDENTIFIER.fullmatch(name) and name.upper() not in RESERVED:
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_literal(value: object) -> str:
    """Cypher source for a null, boolean, number, string, list or map value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"{value} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(cypher_literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{cypher_key(str(k))}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ExportError(f"cannot write a {type(value).__name__} value as a Cypher literal")
