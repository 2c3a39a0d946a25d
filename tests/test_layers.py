"""Imports point one way: each module imports only earlier pipeline stages and the shared base.

The stages, in the order data flows: read -> extract -> resolve -> link (graph tables and the
networkx graph read from them) -> store, export, view, lookup (siblings: none imports another)
-> analyse -> the pipeline -> the Python API -> the CLI. Every `import` counts, including those
inside functions, which are there to keep start-up cheap, not to hide a dependency.

Inside the extract stage the rooms of kg/extract follow the same rule: text -> lexicon -> rules ->
learned -> the spaCy components and the Extractor (kg/extract/*.py). No module imports another in
a cycle, and no module of kg imports the training package kg_train/.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kg"

# Each rank lists its groups; a group is the modules (or packages) of one stage.
RANKS: list[dict[str, tuple[str, ...]]] = [
    {"base": ("kg.errors", "kg.model", "kg.serialise", "kg.schema", "kg.limits", "kg.outdir", "kg.textnorm", "kg.home",
              "kg.namematch", "kg.buildfolder")},
    {"read": ("kg.read",)},
    {"extract": ("kg.extract", "kg.cache", "kg.runners")},
    {"resolve": ("kg.resolve",)},
    {"link": ("kg.tables", "kg.graph")},
    {"store": ("kg.store",), "export": ("kg.export",), "view": ("kg.view",), "lookup": ("kg.lookup",)},
    {"analyse": ("kg.analyse",)},
    {"pipeline": ("kg.pipeline",)},
    {"api": ("kg", "kg.api")},
    {"cli": ("kg.cli", "kg.entry", "kg.__main__")},
]


# The rooms of kg/extract, in the order data flows; a room imports only itself and earlier ones.
EXTRACT_ROOMS: list[tuple[str, str]] = [
    ("text", "kg.extract.text"), ("lexicon", "kg.extract.lexicon"), ("rules", "kg.extract.rules"),
    ("learned", "kg.extract.learned"), ("pipeline", "kg.extract"),
]


def module_name(path: Path) -> str:
    """kg/tables/read.py -> kg.tables.read; kg/store/__init__.py -> kg.store."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def place(module: str) -> tuple[int, str]:
    """The (rank, group) of a module: its longest matching prefix in RANKS."""
    best: tuple[int, int, str] | None = None
    for rank, groups in enumerate(RANKS):
        for group, prefixes in groups.items():
            for prefix in prefixes:
                if module == prefix or module.startswith(prefix + "."):
                    if best is None or len(prefix) > best[0]:
                        best = (len(prefix), rank, group)
    if best is None:
        raise AssertionError(f"{module} is in no layer of tests/test_layers.py: add it to RANKS")
    return best[1], best[2]


def _is_module(name: str) -> bool:
    """Whether a dotted name is a module or package of kg (not an attribute of one)."""
    path = ROOT.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").exists()


def imports(module: str, is_package: bool, source: str) -> set[str]:
    """Every kg module a module's source imports, absolute or relative, at any depth of it."""
    package = module if is_package else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from kg import tables` imports the module kg.tables, `from kg.tables import GraphTables` kg.tables
            found.update(f"{base}.{a.name}" if _is_module(f"{base}.{a.name}") else base for a in node.names)
    return {name for name in found if name == "kg" or name.startswith("kg.")}


def wrong_way(module: str, is_package: bool, source: str) -> list[str]:
    """The imports of one module that point to a later stage or to a sibling of its stage."""
    rank, group = place(module)
    bad = []
    for target in sorted(imports(module, is_package, source)):
        target_rank, target_group = place(target)
        if target_group != group and target_rank >= rank:
            bad.append(f"{module} ({group}) imports {target} ({target_group})")
    return bad


def room(module: str) -> tuple[int, str]:
    """The (rank, room) of a module of kg/extract: its longest matching prefix in EXTRACT_ROOMS."""
    found = [(len(prefix), rank, name) for rank, (name, prefix) in enumerate(EXTRACT_ROOMS)
             if module == prefix or module.startswith(prefix + ".")]
    if not found:
        raise AssertionError(f"{module} is in no room of kg/extract")
    return max(found)[1:]


def wrong_room(module: str, is_package: bool, source: str) -> list[str]:
    """The imports of one module of kg/extract that point to a later room of it."""
    rank, name = room(module)
    bad = []
    for target in sorted(imports(module, is_package, source)):
        if target == "kg.extract" or target.startswith("kg.extract."):
            target_rank, target_name = room(target)
            if target_rank > rank:
                bad.append(f"{module} ({name}) imports {target} ({target_name})")
    return bad


SOURCES = sorted(PACKAGE.rglob("*.py"))
EXTRACT_SOURCES = [p for p in SOURCES if module_name(p).startswith("kg.extract")]


def test_every_module_has_a_layer():
    for path in SOURCES:
        place(module_name(path))


@pytest.mark.parametrize("path", SOURCES, ids=module_name)
def test_imports_point_to_earlier_stages_only(path):
    assert wrong_way(module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module,source,verdict", [
    ("kg.tables.spec", "from kg.export.rows import RelGroup", ["kg.tables.spec (link) imports kg.export.rows (export)"]),
    ("kg.store.load", "def f():\n    from kg.view import html", ["kg.store.load (store) imports kg.view.html (view)"]),
    ("kg.resolve", "from kg import tables", ["kg.resolve (resolve) imports kg.tables (link)"]),
    ("kg.read.jsonl", "from . import arxiv\nfrom kg.model import Paper", []),
    ("kg.analyse.central", "from ..graph import load_graph\nfrom kg.schema import PAPER", []),
])
def test_the_check_catches_wrong_way_imports(module, source, verdict):
    assert wrong_way(module, False, source) == verdict


@pytest.mark.parametrize("path", EXTRACT_SOURCES, ids=module_name)
def test_extract_imports_point_to_earlier_rooms_only(path):
    assert wrong_room(module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("module,source,verdict", [
    ("kg.extract.rules.names", "from ..learned.tagger import NO_TAGGER",
     ["kg.extract.rules.names (rules) imports kg.extract.learned.tagger (learned)"]),
    ("kg.extract.text.docview", "from kg.extract import Extractor",
     ["kg.extract.text.docview (text) imports kg.extract (pipeline)"]),
    ("kg.extract.learned.features", "from ..rules.assemble import Proposal\nfrom ..text.normal import norm", []),
    ("kg.extract.decide", "from .learned.decider import Decider\nfrom .propose import PROPOSALS_KEY", []),
])
def test_the_room_check_catches_wrong_way_imports(module, source, verdict):
    assert wrong_room(module, False, source) == verdict


def test_no_module_imports_another_in_a_cycle():
    graph = {module_name(p): imports(module_name(p), p.name == "__init__.py", p.read_text(encoding="utf-8"))
             - {module_name(p)} for p in SOURCES}
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(module):], module]))
        if module in done or module not in graph:
            return
        for target in sorted(graph[module]):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_the_package_never_imports_the_training_code():
    """kg_train/ (training, scikit-learn, the shared data) stays out of the runtime package and of
    the wheel; the runtime never imports it."""
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            assert not any(n.split(".")[0] == "kg_train" for n in names), module_name(path)
