"""The built-in query templates (kg/schemas/queries/*.cypher): what each answers, its parameters,
and which engines run it, read from its header comments."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.schema import ENTITY_TYPES

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "schemas" / "queries"
EMBEDDED = "ladybug"
# parameters that name an entity (matched by name, alias or id in the templates)
ENTITY_PARAMETERS = frozenset({*ENTITY_TYPES, "name", "a", "b"})
_ENGINES = re.compile(r"^// Engines:\s*(?P<engines>[\w ,]+?)\s*(?:\((?P<note>.*)\))?\s*$")


@dataclass(frozen=True)
class QueryTemplate:
    """One built-in query: its name, first header line, $parameters, engines and why not elsewhere."""

    name: str
    summary: str
    parameters: tuple[str, ...]
    engines: tuple[str, ...]
    note: str
    path: Path

    @property
    def embedded(self) -> bool:
        """Whether it runs on the embedded store (`kg query`), not only on Neo4j."""
        return EMBEDDED in self.engines

    @property
    def text(self) -> str:
        """The query file's text."""
        return self.path.read_text(encoding="utf-8")


def read_template(path: Path) -> QueryTemplate:
    """A template from its file's header: first comment line, `// Parameters:`, `// Engines:`."""
    header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("//")]
    summary = header[0].removeprefix("//").strip() if header else ""
    listed = next((line for line in header if line.startswith("// Parameters:")), "")
    engines = next((_ENGINES.match(line) for line in header if _ENGINES.match(line)), None)
    names = tuple(e.strip() for e in engines.group("engines").split(",")) if engines else ("neo4j",)
    return QueryTemplate(path.stem, summary, tuple(dict.fromkeys(re.findall(r"\$(\w+)", listed))), names,
                         (engines.group("note") or "") if engines else "", path)


def list_templates() -> list[QueryTemplate]:
    """Every built-in template, by name."""
    return [read_template(path) for path in sorted(TEMPLATES_DIR.glob("*.cypher"))]


def find_template(name: str) -> QueryTemplate | None:
    """The built-in template called `name` (with or without .cypher), or None."""
    path = TEMPLATES_DIR / f"{name.removesuffix('.cypher')}.cypher"
    return read_template(path) if path.is_file() else None
