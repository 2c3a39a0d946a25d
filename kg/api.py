"""The Python API: each `kg` command as one function over a build folder (the CLI is a thin layer on these).

Every function imports its stage when called, so `import kg` stays cheap: it loads neither
spaCy nor networkx, pyarrow or pandas. Results are the dataclasses of kg/model.py; failures
raise the errors of kg/errors.py, each with a message and a `fix`.

Build a graph from a file of papers, then ask it questions:

>>> import json, tempfile
>>> from pathlib import Path
>>> import kg
>>> folder = Path(tempfile.mkdtemp())
>>> papers = folder / "papers.jsonl"
>>> records = [
...     {"title": "PPO on MuJoCo", "abstract": "We evaluate Proximal Policy Optimization (PPO) on MuJoCo."},
...     {"title": "Offline RL", "abstract": "We compare PPO with Soft Actor-Critic (SAC) on MuJoCo."},
... ]
>>> _ = papers.write_text("".join(json.dumps(r) + "\\n" for r in records), encoding="utf-8")
>>> summary = kg.build([papers], folder / "out", workers=1)
>>> summary.papers, summary.entities["Method"] >= 2, summary.edges["EVALUATED_ON"] >= 1
(2, True, True)
>>> result = kg.query(folder / "out", "MATCH (m:Method {id: 'method:ppo'}) RETURN m.name, m.n_papers")
>>> result.records()
[{'m.name': 'Proximal Policy Optimization', 'm.n_papers': 2}]
>>> [(f.id, f.match) for f in kg.find(folder / "out", "ppo")]
[('method:ppo', 'exact')]
>>> kg.query_template(folder / "out", "datasets_for_method", {"method": "ppo"}).records()[0]["dataset"]
'MuJoCo'
>>> [t.name for t in kg.query_templates() if not t.embedded]
['analyse_gaps_method_dataset', 'analyse_gaps_method_task', 'analyse_paths']
>>> page = kg.write_html(folder / "out", focus="PPO")
>>> page.path.name, page.cut
('graph.html', False)
>>> report = kg.analyze(folder / "out", only=["central", "paths"], pair=("PPO", "MuJoCo"))
>>> report.path.relative_to(folder), report.analyses
(PosixPath('out/analysis/report.md'), ['central', 'paths'])
>>> kg.export_cypher(folder / "out", folder / "graph.cypher").statements > 0
True
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.buildfolder import ANALYSIS_REPORT, HTML, STORE, TABLES_DIR
from kg.errors import BuildNotFoundError
from kg.home import user_lexicon_dir, user_reference_dir
from kg.limits import DEFAULT_BATCH_SIZE, DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES
from kg.model import (AdminCsv, AnalysisReport, BuildSummary, CypherScript, HtmlPage, Neo4jExport,
                      QueryResult)

if TYPE_CHECKING:
    import networkx as nx

    from kg.lookup import Found
    from kg.store.templates import QueryTemplate
    from kg.read import ReadIssue



def _lexicon(lexicon: str | os.PathLike[str] | None) -> Path | None:
    """The lexicon folder asked for, else the user's imported one when there is one."""
    if lexicon is not None:
        return Path(lexicon)
    path = user_lexicon_dir()
    return path if path.exists() else None


def _ignore(_: object) -> None:
    """The default for callbacks nobody gave."""


def build(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *, update: bool = False,
          resume: bool = False, workers: int = 0, dask: str | None = None,
          batch_size: int = DEFAULT_BATCH_SIZE, store: bool = True,
          html: bool = True, lexicon: str | os.PathLike[str] | None = None,
          on_issue: Callable[[ReadIssue], None] | None = None, fast: bool = False,
          min_confidence: float | None = None) -> BuildSummary:
    """Read, extract, resolve and link `inputs` into the build folder `out` (`kg build`).

    Parameters
    ----------
    inputs : files or folders
        Hugging Face daily-papers pages, JSON lines, CSV or arXiv metadata snapshots.
    out : folder
        Receives every output; replaced as a whole once the build succeeds.
    update : bool
        Add `inputs` to the build already in `out` (known papers are not extracted again).
    resume : bool
        Finish the build that was killed while writing `out` (or redo the finished one) from
        the inputs its build.json records, then `inputs`; repeats no extraction.
    workers : int
        Extraction processes; 0 means one per core.
    dask : str, optional
        A Dask scheduler address, or "local", to extract on a cluster.
    batch_size : int
        Papers per spaCy batch.
    store, html : bool
        Whether to load the embedded Cypher store and write graph.html.
    lexicon : folder, optional
        Extra name lists; by default the ones `kg lexicon import` put in $KG_HOME/lexicon, if any.
    fast : bool
        Extract without the span tagger: faster, a little lower F1 (README, Extraction).
    min_confidence : float
        Leave out of the graph every mention the extractor gave a confidence under this
        (0 to 1; README "Extraction" gives precision and recall at several levels). By default
        0, or with `update` or `resume` the level of the build in `out`.
    on_issue : callable, optional
        Called with each input problem (a bad record, an unreadable file); the build goes on.

    Returns
    -------
    BuildSummary
        Counts of records, papers, entities and edges, and each stage's time.

    Raises BusyError at once, before spaCy loads, when another build is writing `out`, and
    NoInputsGivenError when there is nothing to read (no `inputs`, and none recorded to resume).
    """
    from kg.buildfolder import manifest_inputs, manifest_min_confidence
    from kg.errors import NoInputsGivenError
    from kg.outdir import ensure_free
    ensure_free(Path(out))
    paths = [Path(p) for p in inputs]
    if resume:
        paths = manifest_inputs(Path(out)) + paths
        if min_confidence is None:
            min_confidence = manifest_min_confidence(Path(out))
    if not paths:
        raise NoInputsGivenError("give at least one input file or folder (or resume an interrupted build)")
    from kg.pipeline import BuildOptions, build as run_build
    options = BuildOptions(store=store, html=html, batch_size=batch_size, workers=workers or os.cpu_count() or 1,
                           user_lexicon=_lexicon(lexicon), update=update, dask=dask, fast=fast,
                           min_confidence=min_confidence)
    return run_build(paths, Path(out), options, on_issue or _ignore)


def extract_file(inputs: Iterable[str | os.PathLike[str]], out: str | os.PathLike[str], *,
                 batch_size: int = DEFAULT_BATCH_SIZE,
                 lexicon: str | os.PathLike[str] | None = None, explain: bool = False,
                 on_issue: Callable[[ReadIssue], None] | None = None, fast: bool = False,
                 min_confidence: float = 0.0) -> int:
    """Extract the entities of `inputs` into the JSON-lines file `out`, one paper a line (`kg extract`).

    With `explain`, every entity carries a `why`: which rules found it and why the model kept it.
    With `fast`, no span tagger runs (faster, a little lower F1; README, Extraction).
    Mentions the extractor is less sure of than `min_confidence` are left out.
    Returns the number of papers written.
    """
    from kg.pipeline import extract_file as run_extract
    return run_extract([Path(p) for p in inputs], Path(out), batch_size, _lexicon(lexicon),
                       on_issue or _ignore, explain, fast, min_confidence)


def store_dir(out: str | os.PathLike[str]) -> Path:
    """The embedded store of the build in `out`; BuildNotFoundError when it has none."""
    path = Path(out) / STORE
    if not path.exists():
        raise BuildNotFoundError(f"{out}: no embedded store here")
    return path


def query(out: str | os.PathLike[str], cypher: str, params: dict | None = None) -> QueryResult:
    """Run a read-only Cypher query on the embedded store of the build in `out` (`kg query`)."""
    from kg.store import run_query
    columns, rows = run_query(store_dir(out), cypher, params)
    return QueryResult(columns, rows)


def query_templates() -> list[QueryTemplate]:
    """The built-in query templates (`kg query --list`): name, summary, parameters, and engines
    (`.embedded`: whether `kg query` runs it, else Neo4j only, with `.note` saying what to use)."""
    from kg.store.templates import list_templates
    return list_templates()


def find_query_template(name: str) -> QueryTemplate | None:
    """The built-in query called `name` (with or without .cypher), or None when there is none."""
    from kg.store.templates import find_template
    return find_template(name)


def format_table(columns: list[str], rows: list[list], full: bool = False) -> str:
    """Rows as the aligned text table `kg query` prints, with a row count; `full` keeps long cells
    whole instead of cutting them at 60 characters."""
    from kg.store import format_table as run_format
    return run_format(columns, rows, full=full)


def query_template(out: str | os.PathLike[str], name: str, params: dict | None = None) -> QueryResult:
    """Run the built-in template `name` on the embedded store (`kg query OUT -f NAME`).

    Raises CypherDialectError for a Neo4j-only template (naming what answers it here), and
    EntityNotFoundError, with near names, when no rows come back because an entity given in a
    parameter does not exist.
    """
    from kg.errors import CypherDialectError, EntityNotFoundError
    from kg.store.templates import find_template
    template = find_template(name)
    if template is None:
        known = ", ".join(t.name for t in query_templates())
        raise EntityNotFoundError(f"no built-in query is called {name!r} (those are: {known})")
    if not template.embedded:
        raise CypherDialectError(f"{template.name} runs on Neo4j only: {template.note or 'see its header'}")
    result = query(out, template.text, params)
    if not result.rows:
        resolved = _entity_params(out, template, params or {})
        if resolved != (params or {}):  # a name kg find matches exactly that the query's toLower did not
            result = query(out, template.text, resolved)
    return result


def _entity_params(out: str | os.PathLike[str], template: QueryTemplate, params: dict) -> dict:
    """`params` with each entity parameter replaced by the id of the entity `kg find` matches
    exactly (kg.namematch), so a name find resolves works here too; EntityNotFoundError, with
    near names, for one that matches no entity exactly."""
    from kg.errors import EntityNotFoundError
    from kg.lookup import EXACT, find_entities, near_names
    from kg.store.templates import ENTITY_PARAMETERS
    resolved = dict(params)
    for param in (p for p in template.parameters if p in ENTITY_PARAMETERS and isinstance(params.get(p), str)):
        value = params[param]
        try:
            found = find_entities(_tables(out).folder, value, limit=None)
        except EntityNotFoundError:
            raise EntityNotFoundError(f"{template.name}: ${param}: no method, dataset or task is called "
                                      f"{value!r}{_near(near_names(_tables(out).folder, value))}") from None
        exact = [f for f in found if f.rank == EXACT]
        if not exact:
            raise EntityNotFoundError(f"{template.name}: ${param}: no method, dataset or task is called "
                                      f"{value!r}{_near([f.name for f in found[:5]])}")
        resolved[param] = exact[0].id
    return resolved


def _near(names: list[str]) -> str:
    """"; near names: A, B" or nothing."""
    return f"; near names: {', '.join(names)}" if names else ""


def find(out: str | os.PathLike[str], name: str, limit: int | None = 20) -> list[Found]:
    """Entities answering to `name` (a name, alias, acronym or id, any case), best first (`kg find`)."""
    from kg.lookup import find_entities
    return find_entities(_tables(out).folder, name, limit)


def explain_lines(reasons: dict) -> list[str]:
    """One entity's reasons (a value of `explain`) as the lines `kg find` prints."""
    from kg.lookup import explain_lines as run_explain
    return run_explain(reasons)


def explain(out: str | os.PathLike[str], ids: list[str]) -> dict[str, dict]:
    """Why each entity's names were joined and what was kept apart (`kg find` prints it)."""
    from kg.lookup import merge_reasons
    return merge_reasons(Path(out), ids)


def _tables(out: str | os.PathLike[str]):
    """The graph tables of the build in `out` (BuildNotFoundError without them)."""
    from kg.tables import GraphTables
    tables = GraphTables(Path(out) / TABLES_DIR)
    check_tables(tables.folder)
    return tables


def check_tables(folder: Path) -> None:
    """DamagedBuildError naming the first graph table in `folder` whose Parquet footer cannot be read
    (a file cut short or overwritten), instead of Arrow's error about no file in particular."""
    import pyarrow.parquet as pq

    from kg.errors import DamagedBuildError
    from kg.tables.rows import first_line
    for path in sorted(Path(folder).glob("*.parquet")):
        try:
            pq.read_metadata(path)
        except (OSError, ValueError) as error:  # ArrowInvalid is a ValueError
            raise DamagedBuildError(f"{path}: not a readable graph table ({first_line(error)})") from None


def load_graph(out: str | os.PathLike[str], max_edges: int | None = DEFAULT_MAX_EDGES,
               on_note: Callable[[str], None] | None = None) -> nx.MultiDiGraph:
    """The build's graph as a networkx MultiDiGraph: whole, or past `max_edges` (0 or None: never) a
    deterministic sample of its papers with everything they link, which `on_note` is told."""
    from kg.graph import load_graph as read_graph
    _tables(out)  # a missing or damaged table is named before the graph is read
    return read_graph(Path(out), max_edges or None, on_note=on_note)


def export_neo4j(out: str | os.PathLike[str], uri: str = "bolt://localhost:7687", *, user: str | None = None,
                 password: str | None = None, database: str | None = None, batch_size: int = 500) -> Neo4jExport:
    """Load the build into a running Neo4j (or other Bolt) server, idempotently (`kg export neo4j`).

    Without `user` it connects without authentication.
    """
    from kg.export.neo4j import export_neo4j as run_export
    return run_export(_tables(out), uri, user=user, password=password, database=database, batch_size=batch_size)


def export_cypher(out: str | os.PathLike[str], path: str | os.PathLike[str], *,
                  block_size: int = 1000) -> CypherScript:
    """Write the build as a re-runnable script for `cypher-shell -f` (`kg export cypher`)."""
    from kg.export.cypher_script import write_cypher_script
    return write_cypher_script(_tables(out), Path(path), block_size=block_size)


def export_csv(out: str | os.PathLike[str], folder: str | os.PathLike[str], *, database: str = "neo4j") -> AdminCsv:
    """Write the build as `neo4j-admin database import full` files, and the command (`kg export csv`)."""
    from kg.export.admin_csv import write_admin_csv
    return write_admin_csv(_tables(out), Path(folder), database=database)


def write_html(out: str | os.PathLike[str], path: str | os.PathLike[str] | None = None, *, focus: str | None = None,
               depth: int = 1, top: int | None = None, types: Sequence[str] | None = None, min_papers: int = 1,
               max_nodes: int | None = DEFAULT_MAX_NODES, max_edges: int | None = DEFAULT_MAX_EDGES,
               on_note: Callable[[str], None] | None = None) -> HtmlPage:
    """Write the build's interactive page (`kg html`), by default to OUT/graph.html.

    `focus` (a name, alias or id) draws its neighbourhood `depth` hops deep; `top`, `types` and
    `min_papers` choose what to draw; graphs with more than `max_nodes` nodes (0 or None: no cap)
    are cut to their most-studied entities and the papers naming most of them, which the returned
    page's `message` says.
    """
    from dataclasses import replace

    from kg.outdir import atomic_file
    from kg.view.html import write_html as render
    target = Path(path) if path is not None else Path(out) / HTML
    graph = load_graph(out, max_edges, on_note)
    _make_parent(target)
    with atomic_file(target) as tmp:  # a failed or cut-short page leaves the previous one whole
        page = render(graph, tmp, focus=focus, depth=depth, top=top,
                      types=types, min_papers=min_papers, max_nodes=max_nodes or None)
    return replace(page, path=target)


def _make_parent(target: Path) -> None:
    """Create the folder a file will be written in, naming it when that fails."""
    from kg.errors import from_os_error
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise from_os_error(error, "creating its folder", target.parent) from None


def analyze(out: str | os.PathLike[str], report: str | os.PathLike[str] | None = None, *,
            only: Sequence[str] | None = None, top: int = 10, pair: tuple[str, str] | None = None,
            max_edges: int | None = DEFAULT_MAX_EDGES,
            on_note: Callable[[str], None] | None = None) -> AnalysisReport:
    """Run the analyses on the build (`kg analyze`) and write their Markdown report, CSV and PNG files.

    The report goes to `report` (default OUT/analysis/report.md), its files beside it. `only` picks
    analyses among central, gaps, communities, trends, similar and paths; `pair` names the two
    entities the paths analysis joins.
    """
    from kg.analyse.report import run_analyses
    from kg.outdir import aside
    target = Path(report) if report is not None else Path(out) / ANALYSIS_REPORT
    graph = load_graph(out, max_edges, on_note)
    with aside(target.parent) as work:  # every file written whole beside, then renamed in
        written = run_analyses(graph, work, only=list(only) if only else None,
                               top=top, report_name=target.name, pair=pair)
    return AnalysisReport(target, target.parent / written.files.relative_to(work), written.analyses)


def import_lexicon(file: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None,
                   reference: str | None = None) -> int:
    """Add a file's names (JSON lines, JSON, Papers with Code dumps) to the user's lexicon
    (`kg lexicon import`), by default in $KG_HOME/lexicon; returns the entries written.

    With `reference="pwc"`, the file is a reference list instead (in $KG_HOME/reference as
    pwc.jsonl): the extractor does not read it; resolution links each entity it names to its
    entry (the node's `ref`, `pwc:dataset:coco`)."""
    from kg.extract.lexicon.importer import import_lexicon as run_import
    if reference is not None:
        dest = Path(folder) if folder is not None else user_reference_dir()
        dest.mkdir(parents=True, exist_ok=True)
        return run_import(Path(file), dest, name=reference)
    dest = Path(folder) if folder is not None else user_lexicon_dir()
    dest.mkdir(parents=True, exist_ok=True)
    return run_import(Path(file), dest)
