"""Read Neo4j's Cypher as the embedded store's (LadybugDB): rewrite what has an equivalent there.

Neo4j users write `shortestPath(...)`, `toString(x)`, `head(list)`, `list[0]`, `labels(n)`,
`type(r)`, `WHERE n:Method OR n:Dataset`, `[x IN list | f(x)]`; LadybugDB has each of these
under another spelling (`* SHORTEST`, `cast(x AS STRING)`, `list[1]`, `label(n)`,
`label(n) = 'Method'`, `list_transform(...)`), and a `WITH ... ORDER BY` needs `SKIP 0` there.
`translate` rewrites a query token by token and says what it rewrote; what has no equivalent
(`CALL { }` subqueries after other clauses, pattern comprehensions, a node pattern with two
labels) raises CypherDialectError naming what to write.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import CypherDialectError

_TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<name>`[^`]*`|[A-Za-z_][A-Za-z_0-9]*)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<param>\$\w+)
  | (?P<op>\.\.|->|<-|<>|<=|>=|=~|\+=|.)
""", re.X | re.S)

# words after which `[` opens a list, not a subscript
_KEYWORDS = frozenset("""and or xor not in is null true false return with where unwind match optional as case when then
else end distinct by order skip limit contains starts ends exists count call yield union all set create merge
delete detach remove on""".split())
_PATTERN_CLAUSES = frozenset({"match", "merge", "create"})
_CLAUSES = _PATTERN_CLAUSES | {"where", "return", "with", "unwind", "order", "set", "delete", "yield", "union"}
_SUBQUERY_WORDS = frozenset({"exists", "count", "collect", "call"})
_SHORTEST = {"shortestpath": "SHORTEST", "allshortestpaths": "ALL SHORTEST"}
# Neo4j function -> (embedded form with {} for the arguments, what the note says)
_FUNCTIONS = {
    "tostring": ("cast({0} AS STRING)", "toString"),
    "tointeger": ("cast({0} AS INT64)", "toInteger"),
    "tofloat": ("cast({0} AS DOUBLE)", "toFloat"),
    "toboolean": ("cast({0} AS BOOL)", "toBoolean"),
    "head": ("list_extract({0}, 1)", "head"),
    "last": ("list_extract({0}, -1)", "last"),
    "type": ("label({0})", "type"),
    "labels": ("[label({0})]", "labels"),
    "split": ("string_split({0}, {1})", "split"),
    "log": ("ln({0})", "log (natural, ln on the embedded store, whose log is base 10)"),
}


@dataclass(frozen=True)
class Translation:
    """A query as the embedded store reads it, and what was rewritten (empty: nothing)."""

    cypher: str
    rewrites: tuple[str, ...]


@dataclass
class _Tok:
    kind: str
    text: str


def _tokens(cypher: str) -> list[_Tok]:
    return [_Tok(m.lastgroup or "op", m.group(0)) for m in _TOKEN.finditer(cypher)]


class _Translator:
    def __init__(self, cypher: str) -> None:
        self.toks = _tokens(cypher)
        self.match = self._pairs()
        self.notes: list[str] = []

    def _pairs(self) -> dict[int, int]:
        opening = {"(": ")", "[": "]", "{": "}"}
        stack: list[int] = []
        pairs: dict[int, int] = {}
        for i, tok in enumerate(self.toks):
            if tok.kind != "op":
                continue
            if tok.text in opening:
                stack.append(i)
            elif tok.text in (")", "]", "}"):
                if not stack or opening[self.toks[stack[-1]].text] != tok.text:
                    raise _Unbalanced
                pairs[stack.pop()] = i
        if stack:
            raise _Unbalanced
        return pairs

    def note(self, what: str) -> None:
        if what not in self.notes:
            self.notes.append(what)

    def sig(self, i: int, step: int) -> int | None:
        """Index of the nearest non-space token from i in direction step, or None."""
        i += step
        while 0 <= i < len(self.toks):
            if self.toks[i].kind != "space":
                return i
            i += step
        return None

    def text(self, i: int | None) -> str:
        return self.toks[i].text.lower() if i is not None else ""

    def is_word(self, i: int | None) -> bool:
        return i is not None and self.toks[i].kind == "name"

    def map_value(self, colon: int | None) -> bool:
        """Whether the colon at `colon` follows a map key (`{key:` or `, key:`)."""
        key = self.sig(colon, -1) if colon is not None else None
        return self.is_word(key) and self.text(self.sig(key, -1)) in ("{", ",")

    def ends_value(self, i: int | None) -> bool:
        """Whether the token at i ends an expression (so a `[` after it is a subscript)."""
        if i is None:
            return False
        tok = self.toks[i]
        if tok.kind == "name":
            return tok.text.lower() not in _KEYWORDS
        return tok.kind in ("param", "string") or tok.text in (")", "]", "}")

    # --- rendering -------------------------------------------------------------------------

    def render(self, lo: int, hi: int, mode: str) -> str:
        """Tokens lo..hi-1 as the embedded store reads them; mode is "expr", "node" or "map"."""
        out: list[str] = []
        clause = ""
        i = lo
        while i < hi:
            tok = self.toks[i]
            low = tok.text.lower()
            if tok.kind == "name" and low in _KEYWORDS:
                clause = low if low in _CLAUSES else clause
                out.append(tok.text)
                i += 1
                continue
            if tok.kind == "name":
                nxt = self.sig(i, 1)
                prev = self.sig(i, -1)
                if self.text(nxt) == "(" and self.text(prev) != ":" and nxt is not None:
                    text, i = self.call(i, nxt)
                    out.append(text)
                    continue
                if (self.text(nxt) == ":" and mode != "node" and (self.text(prev) != ":" or self.map_value(prev))
                        and not (mode == "map" and self.text(prev) in ("{", ","))):
                    text, i = self.label_test(i, nxt)
                    out.append(text)
                    continue
                out.append(tok.text)
                i += 1
                continue
            if tok.kind == "op" and tok.text in "([{" and i in self.match:
                text, i = self.bracket(i, clause, mode)
                out.append(text)
                continue
            out.append(tok.text)
            i += 1
        return "".join(out)

    def bracket(self, i: int, clause: str, mode: str) -> tuple[str, int]:
        end = self.match[i]
        prev = self.sig(i, -1)
        opener = self.toks[i].text
        if opener == "(":
            if self.is_pattern(i, end, clause):
                self.check_node(i, end)
                return "(" + self.render(i + 1, end, "node") + ")", end + 1
            return "(" + self.render(i + 1, end, "expr") + ")", end + 1
        if opener == "{":
            if self.text(prev) in _SUBQUERY_WORDS:
                return "{" + self.render(i + 1, end, "expr") + "}", end + 1
            return "{" + self.render(i + 1, end, "map") + "}", end + 1
        # "["
        if self.text(prev) in ("-", "<-"):
            return "".join(t.text for t in self.toks[i:end + 1]), end + 1  # a relationship pattern
        if self.ends_value(prev):
            return self.subscript(i, end), end + 1
        return self.list_literal(i, end), end + 1

    def is_pattern(self, i: int, end: int, clause: str) -> bool:
        """Whether the parenthesis at i opens a node pattern (not an expression)."""
        prev, after = self.sig(i, -1), self.sig(end, 1)
        if self.text(prev) in ("-", "->", "<-", ">") or self.text(after) in ("-", "<-", "<", "->"):
            return True
        if self.text(prev) in _PATTERN_CLAUSES:
            return True
        if self.text(prev) in (",", "=") and clause in _PATTERN_CLAUSES:
            return True
        return False

    def check_node(self, i: int, end: int) -> None:
        """Refuse (n:A:B): both labels in Neo4j, either of them on the embedded store."""
        colons = [j for j in range(i + 1, end) if self.toks[j].text == ":" and self.toks[j].kind == "op"]
        brace = next((j for j in range(i + 1, end) if self.toks[j].text == "{"), end)
        if len([j for j in colons if j < brace]) > 1:
            node = "".join(t.text for t in self.toks[i:brace]).strip() + ")"
            raise CypherDialectError(
                f"{node} means a node with all these labels in Neo4j (none here: every node has one "
                "label) but one with any of them on the embedded store; for any of them write "
                f"{node.replace(':', '|').replace('|', ':', 1)}")

    def args(self, open_: int, close: int) -> list[tuple[int, int]]:
        """Token ranges of the comma-separated arguments between two brackets."""
        ranges, start, j = [], open_ + 1, open_ + 1
        while j < close:
            if j in self.match:
                j = self.match[j] + 1
                continue
            if self.toks[j].text == ",":
                ranges.append((start, j))
                start = j + 1
            j += 1
        if any(t.kind != "space" for t in self.toks[start:close]) or ranges:
            ranges.append((start, close))
        return ranges

    def call(self, name_at: int, open_: int) -> tuple[str, int]:
        name = self.toks[name_at].text
        low = name.lower()
        close = self.match[open_]
        if low in _SHORTEST:
            return self.shortest(low, open_, close), close + 1
        ranges = self.args(open_, close)
        rendered = [self.render(a, b, "expr").strip() for a, b in ranges]
        if low in _FUNCTIONS and (len(rendered) == 1 or low == "split" and len(rendered) == 2):
            form, what = _FUNCTIONS[low]
            self.note(what)
            return form.format(*rendered), close + 1
        if low == "substring" and len(rendered) in (2, 3):
            self.note("substring from 0")
            start = _plus_one(rendered[1])
            length = rendered[2] if len(rendered) == 3 else f"size({rendered[0]})"
            return f"substring({rendered[0]}, {start}, {length})", close + 1
        if low == "round" and len(rendered) == 1:
            return f"round({rendered[0]}, 0)", close + 1
        return f"{name}({', '.join(rendered)})", close + 1

    def shortest(self, low: str, open_: int, close: int) -> str:
        """shortestPath((a)-[:R*..k]-(b)) as (a)-[:R* SHORTEST 1..k]-(b)."""
        rels = [j for j in range(open_ + 1, close) if self.toks[j].text == "[" and j in self.match]
        if len(rels) != 1:
            raise CypherDialectError(f"{low}(...) needs one relationship pattern, e.g. (a)-[*..6]-(b)")
        rel, rel_end = rels[0], self.match[rels[0]]
        inside = "".join(t.text for t in self.toks[rel + 1:rel_end])
        star = re.match(r"^(?P<head>[^*]*)\*\s*(?P<low>\d+)?\s*(?P<dots>\.\.)?\s*(?P<high>\d+)?(?P<rest>.*)$",
                        inside, re.S)
        if star:
            lo = star.group("low") or "1"
            hi = star.group("high") or (lo if star.group("low") and not star.group("dots") else "")
            bounds = f" {lo}..{hi}" if hi else ""
            inner = f"{star.group('head')}* {_SHORTEST[low]}{bounds}{star.group('rest')}"
        else:
            inner = f"{inside}* {_SHORTEST[low]} 1..1"
        self.note(low)
        before = self.render(open_ + 1, rel, "expr")
        after = self.render(rel_end + 1, close, "expr")
        return f"{before}[{inner}]{after}".strip()

    def label_test(self, var_at: int, colon: int) -> tuple[str, int]:
        """`n:A`, `n:A|B`, `n:A:B` in an expression as tests of label(n)."""
        var = self.toks[var_at].text
        j = colon
        groups: list[list[str]] = []  # AND of ORs
        while self.text(j) == ":":
            label_at = self.sig(j, 1)
            if not self.is_word(label_at):
                break
            alternatives = [self.toks[label_at].text.strip("`")]
            j = self.sig(label_at, 1)
            while self.text(j) == "|" and self.is_word(self.sig(j, 1)):
                label_at = self.sig(j, 1)
                alternatives.append(self.toks[label_at].text.strip("`"))
                j = self.sig(label_at, 1)
            groups.append(alternatives)
        if not groups:
            return var, var_at + 1
        self.note("label predicates")
        tests = [f"label({var}) = '{g[0]}'" if len(g) == 1 else
                 f"label({var}) IN [{', '.join(repr(x) for x in g)}]" for g in groups]
        end = (j if j is not None else len(self.toks))
        # keep the spaces before what follows
        last = end - 1
        while self.toks[last].kind == "space":
            last -= 1
        return "(" + " AND ".join(tests) + ")", last + 1

    def subscript(self, i: int, end: int) -> str:
        """list[i] and list[a..b], 0-based in Neo4j, as the store's 1-based index and slice."""
        dots = [j for j in range(i + 1, end) if self.toks[j].text == ".." and not self._nested(i, j)]
        if not dots:
            inner = self.render(i + 1, end, "expr").strip()
            if self.toks[self.sig(i, 1)].kind == "string":
                return f"[{inner}]"  # a map key
            self.note("0-based index")
            return f"[{_index(inner)}]"
        start = self.render(i + 1, dots[0], "expr").strip()
        stop = self.render(dots[0] + 1, end, "expr").strip()
        self.note("0-based slice")
        return f"[{_index(start) if start else ''}..{_slice_end(stop) if stop else ''}]"

    def _nested(self, i: int, j: int) -> bool:
        return any(a < j < b for a, b in self.match.items() if i < a)

    def list_literal(self, i: int, end: int) -> str:
        first = self.sig(i, 1)
        second = self.sig(first, 1) if first is not None and first < end else None
        if self.is_word(first) and self.text(second) == "in":
            return self.comprehension(i, end, self.toks[first].text, second)
        if self.text(first) == "(":
            bar = [j for j in range(i + 1, end) if self.toks[j].text == "|" and not self._nested(i, j)]
            if bar:
                raise CypherDialectError(
                    "pattern comprehensions [(a)-->(b) | b.x] do not run on the embedded store: write "
                    "OPTIONAL MATCH (a)-->(b) WITH a, collect(b.x) AS xs")
        return "[" + self.render(i + 1, end, "expr") + "]"

    def comprehension(self, i: int, end: int, var: str, in_at: int) -> str:
        """[x IN list WHERE p | f] as list_transform(list_filter(list, x -> p), x -> f)."""
        top = [j for j in range(in_at + 1, end) if not self._nested(i, j)]
        where = next((j for j in top if self.text(j) == "where"), None)
        bar = next((j for j in top if self.toks[j].text == "|"), None)
        source = self.render(in_at + 1, where or bar or end, "expr").strip()
        self.note("list comprehension")
        if where is not None:
            test = self.render(where + 1, bar or end, "expr").strip()
            source = f"list_filter({source}, {var} -> {test})"
        if bar is not None:
            return f"list_transform({source}, {var} -> {self.render(bar + 1, end, 'expr').strip()})"
        return source


class _Unbalanced(Exception):
    """Brackets do not pair up: leave the query to the engine's own parser."""


def _index(expr: str) -> str:
    if re.fullmatch(r"-\s*\d+", expr):
        return expr.replace(" ", "")  # negative indices count from the end on both engines
    if expr.isdigit():
        return str(int(expr) + 1)
    return f"CASE WHEN ({expr}) < 0 THEN ({expr}) ELSE ({expr}) + 1 END"


def _slice_end(expr: str) -> str:
    if expr.isdigit():
        return expr  # exclusive and 0-based is inclusive and 1-based
    if re.fullmatch(r"-\s*\d+", expr):
        return str(int(expr.replace(" ", "")) - 1)
    return f"CASE WHEN ({expr}) < 0 THEN ({expr}) - 1 ELSE ({expr}) END"


def _plus_one(expr: str) -> str:
    return str(int(expr) + 1) if expr.isdigit() else f"({expr}) + 1"


_CALL_BLOCK = re.compile(r"^\s*CALL\s*(?:\(\s*\)\s*)?\{", re.I)


def translate(cypher: str) -> Translation:
    """The query as the embedded store reads it; CypherDialectError for Neo4j Cypher with no equivalent."""
    cypher = _inline_leading_call(cypher)
    try:
        translator = _Translator(cypher)
    except _Unbalanced:
        return Translation(cypher, ())
    _refuse_call_subqueries(translator)
    _skip_after_with_order(translator)
    text = translator.render(0, len(translator.toks), "expr")
    return Translation(text, tuple(translator.notes))


_ENDS_WITH_ORDER = frozenset({"match", "optional", "with", "return", "unwind", "where", "union", "call", "create",
                              "merge", "set", "delete", "detach", "remove"})


def _skip_after_with_order(translator: _Translator) -> None:
    """`WITH ... ORDER BY x` with no SKIP or LIMIT gets `SKIP 0`: Neo4j orders the rows a WITH
    passes on (a later collect() keeps that order), the embedded store refuses the clause without one."""
    toks = translator.toks
    in_with = ordered = False
    i = 0
    while i <= len(toks):
        tok = toks[i] if i < len(toks) else _Tok("name", "return")
        low = tok.text.lower() if tok.kind == "name" else ""
        if low in _ENDS_WITH_ORDER and not (low == "where" and not ordered):
            if in_with and ordered:
                toks.insert(i, _Tok("space", "SKIP 0 " if i < len(toks) else " SKIP 0"))
                translator.match = translator._pairs()
                translator.note("WITH ... ORDER BY (SKIP 0 added: the embedded store needs SKIP or LIMIT after it)")
                i += 1
            in_with, ordered = low == "with", False
        elif low == "order" and in_with:
            ordered = True
        elif low in ("skip", "limit"):
            ordered = False
        elif tok.text in "([{" and i in translator.match:
            i = translator.match[i]
        i += 1


def _refuse_call_subqueries(translator: _Translator) -> None:
    toks = translator.toks
    for i, tok in enumerate(toks):
        if tok.kind == "name" and tok.text.lower() == "call":
            nxt = translator.sig(i, 1)
            if translator.text(nxt) in ("{", "("):
                raise CypherDialectError(
                    "CALL { } subqueries do not run on the embedded store: write EXISTS { MATCH ... } or "
                    "COUNT { MATCH ... } for a test or a count, or OPTIONAL MATCH ... WITH x, count(y) "
                    "for a per-row aggregate")
            if translator.text(nxt) in ("db", "apoc", "gds", "dbms"):
                raise CypherDialectError(
                    f"{toks[nxt].text}.* procedures are Neo4j's: on the embedded store CALL show_tables() "
                    "RETURN * lists the labels and relationship types, and kg analyze computes the analyses")


def _inline_leading_call(cypher: str) -> str:
    """`CALL () { MATCH ... RETURN x } REST` (a leading, uncorrelated subquery without UNION;
    also the older `CALL { }`) as `MATCH ... WITH x REST`, which is what it means."""
    found = _CALL_BLOCK.match(cypher)
    if not found:
        return cypher
    try:
        translator = _Translator(cypher)
    except _Unbalanced:
        return cypher
    open_ = next(i for i, t in enumerate(translator.toks) if t.text == "{")
    close = translator.match[open_]
    body = [t for t in translator.toks[open_ + 1:close]]
    words = [(j, t.text.lower()) for j, t in enumerate(body) if t.kind == "name"]
    depth_ok = [j for j, w in words if not translator._nested(open_, open_ + 1 + j)]
    tops = [(j, w) for j, w in words if j in depth_ok]
    if any(w in ("union", "call") for _, w in tops) or not tops or tops[0][1] == "with":
        return cypher
    returns = [j for j, w in tops if w == "return"]
    if not returns:
        return cypher
    last = returns[-1]
    body[last] = _Tok("name", "WITH")
    rest = "".join(t.text for t in translator.toks[close + 1:])
    return "".join(t.text for t in body).strip() + "\n" + rest.lstrip()
