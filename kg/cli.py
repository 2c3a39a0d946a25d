"""The `kg` command line: build, extract, query, export, html, analyze, lexicon.

Each command parses its options, calls the function of the Python API (kg/api.py) that does
the work and prints from the dataclass it returns; kg/api.py imports every stage lazily, so
`kg --help` loads no NLP, Arrow or networkx.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

import click

import kg
from kg.buildfolder import HTML
from kg.errors import InternalError, KGError, NoInputsGivenError, from_os_error
from kg.limits import DEFAULT_BATCH_SIZE, DEFAULT_MAX_EDGES
from kg.model import BuildSummary

# The analyses' names, kept here so that `kg --help` need not import pandas and matplotlib.
ANALYSIS_NAMES = ["central", "families", "gaps", "communities", "trends", "similar", "paths"]
# Inputs are checked by the reader, which names a missing one in one line.
INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
BUILD_DIR = click.argument("out", type=click.Path(file_okay=False, path_type=Path))
FAST = click.option("--fast", is_flag=True,
                    help="Extract without the span tagger: faster, a little lower F1 "
                         "(README, Extraction, gives both).")

MIN_CONFIDENCE_HELP = ("Leave out entities the extractor is less sure of than this, 0 to 1: higher "
                       "keeps fewer, surer ones (README, Extraction, gives precision and recall "
                       "at several levels).")


def _warn(issue: object) -> None:
    """Print one input problem as a one-line warning on stderr."""
    click.echo(f"warning: {issue}", err=True)


def _note(note: str) -> None:
    """Print a note (e.g. that a sample of the graph was loaded) on stderr."""
    click.echo(f"note: {note}", err=True)


def summary_lines(summary: BuildSummary) -> list[str]:
    """A build's summary as printable lines."""
    total = sum(summary.seconds.values())
    stages = ", ".join(f"{k} {v:.1f}s" for k, v in summary.seconds.items())
    return [
        f"papers: {summary.papers} ({summary.records} records read, {summary.issues} input problems, "
        f"{summary.extracted} extracted, {summary.papers - summary.extracted} from cache)",
        "entities: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.entities.items())),
        "edges: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.edges.items())),
        f"time: {total:.1f}s ({stages})",
        *summary.notes,
    ]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg-ml-literature", prog_name="kg")
def cli() -> None:
    """Build a knowledge graph of methods, datasets and tasks from ML paper abstracts.

    Start with `kg build seeds/ -o out/`, then open out/graph.html or run
    `kg query out/ "MATCH (m:Method) RETURN m.name, m.n_papers ORDER BY m.n_papers DESC LIMIT 10"`.
    """


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Output folder (created if missing).")
@click.option("--update", is_flag=True, help="Add INPUTS to the build already in OUT; known papers are not extracted again.")
@click.option("--resume", is_flag=True, help="Finish an interrupted build in OUT from its recorded inputs.")
@click.option("--workers", default=0, show_default=True, help="Extraction processes (0 = all cores).")
@click.option("--dask", default=None, metavar="ADDRESS",
              help="Extract on a Dask cluster: tcp://SCHEDULER:8786, or 'local' for a local one.")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, help="Papers per spaCy batch.")
@click.option("--no-store", is_flag=True, help="Skip loading the embedded Cypher store.")
@click.option("--no-html", is_flag=True, help="Skip rendering graph.html.")
@FAST
@click.option("--min-confidence", default=None, type=click.FloatRange(0.0, 1.0),
              help=MIN_CONFIDENCE_HELP + " Default 0, or with --update and --resume the level of "
                                         "the build in OUT.")
def build(inputs: tuple[Path, ...], out: Path, update: bool, resume: bool, workers: int, dask: str | None,
          batch_size: int, no_store: bool, no_html: bool, fast: bool, min_confidence: float | None) -> None:
    """Read INPUTS (files or folders), extract entities and write the graph to OUT.

    INPUTS may be Hugging Face daily-papers text pages, JSON lines, CSV or arXiv
    metadata snapshot files. OUT receives graph.json, graph.graphml, papers.jsonl,
    extractions.jsonl, graph.html and the embedded store (store/). Extractions are
    cached in OUT, so re-running, --update and --resume only extract what is new.
    """
    try:
        summary = kg.build(list(inputs), out, update=update, resume=resume, workers=workers, dask=dask,
                           batch_size=batch_size, store=not no_store, html=not no_html, fast=fast,
                           min_confidence=min_confidence, on_issue=_warn)
    except NoInputsGivenError:
        raise click.UsageError("give at least one INPUT (or --resume an interrupted build)") from None
    for line in summary_lines(summary):
        click.echo(line)
    if not no_html:
        click.echo(f"open {out / HTML} in a browser")
    if not no_store:
        click.echo(f"query it: kg query {out} -f top_methods -p limit=10")


@cli.command()
@INPUTS
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="JSON-lines file: one paper a line with its entities.")
@click.option("--batch-size", default=DEFAULT_BATCH_SIZE, show_default=True, help="Papers per spaCy batch.")
@click.option("--explain", is_flag=True,
              help="Give every entity a 'why': which rules found it, how they read it, and the "
                   "model's probabilities and strongest features for its type and role.")
@FAST
@click.option("--min-confidence", default=0.0, show_default=True, type=click.FloatRange(0.0, 1.0),
              help=MIN_CONFIDENCE_HELP)
def extract(inputs: tuple[Path, ...], out: Path, batch_size: int, explain: bool, fast: bool,
            min_confidence: float) -> None:
    """Extract methods, datasets and tasks from INPUTS into a JSON-lines file.

    The output can be scored with ../shared/eval/score.py OUT REFERENCE.
    """
    n = kg.extract_file(list(inputs), out, batch_size=batch_size, explain=explain, fast=fast,
                        min_confidence=min_confidence, on_issue=_warn)
    click.echo(f"{n} papers written to {out}")


@cli.command()
@click.argument("out", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("cypher", required=False)
@click.option("-f", "--file", "cypher_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the query from a file, or name a built-in query (top_methods, "
                   "datasets_for_method, ...: see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter; VALUE is read as JSON when it parses (limit=10, name='\"DPO\"').")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON objects, one a line.")
@click.option("--full", is_flag=True, help="Print long cells (evidence sentences, titles) whole, not cut at 60 characters.")
@click.option("--list", "list_templates", is_flag=True,
              help="List the built-in queries, their parameters and where each runs (no OUT needed).")
def query(out: Path | None, cypher: str | None, cypher_file: Path | None, params: tuple[str, ...],
          as_json: bool, full: bool, list_templates: bool) -> None:
    """Run a CYPHER query on the embedded store of the build in OUT and print the result.

    Neo4j's Cypher is read as the embedded store's where it has an equivalent (shortestPath,
    toString, list[0], labels(n), n:Label...; README, Cypher without a server).

    Example: kg query out/ "MATCH (m:Method) RETURN m.name, m.n_papers ORDER BY m.n_papers DESC LIMIT 10"
    """
    if list_templates:
        _print_templates(as_json)
        return
    if out is None:
        raise click.UsageError("give the build folder OUT (or --list the built-in queries)")
    template = _builtin_name(cypher_file)
    if cypher_file and template is None:
        cypher = _query_text(cypher_file)
    if not cypher and template is None:
        raise click.UsageError("give a CYPHER query or --file")
    kg.api.store_dir(out)  # a missing store is named before the parameters are judged
    if template is not None:
        result = kg.query_template(out, template, _parse_params(params))
    else:
        result = kg.query(out, cypher, _parse_params(params))
    if as_json:
        for record in result.records():
            click.echo(json.dumps(record, ensure_ascii=False, default=str))
    else:
        click.echo(kg.api.format_table(result.columns, result.rows, full=full))


def _builtin_name(path: Path | None) -> str | None:
    """The built-in query a -f value names when no such file exists ("top_methods"), else None."""
    if path is None or path.is_file():
        return None
    found = kg.api.find_query_template(path.name)
    return found.name if found else None


def _print_templates(as_json: bool) -> None:
    """The built-in queries: name, parameters, where each runs, what it answers."""
    templates = kg.query_templates()
    if as_json:
        for t in templates:
            click.echo(json.dumps({"name": t.name, "parameters": list(t.parameters), "engines": list(t.engines),
                                   "embedded": t.embedded, "note": t.note, "summary": t.summary}))
        return
    rows = [[t.name, " ".join(f"{p}=" for p in t.parameters), "kg query and Neo4j" if t.embedded else
             "Neo4j only", t.summary if t.embedded else f"{t.summary} [{t.note}]"] for t in templates]
    click.echo(kg.api.format_table(["query", "parameters", "runs on", "what"], rows, full=True))
    click.echo("run one: kg query OUT -f NAME -p NAME=VALUE ...; for Neo4j: cypher-shell -f "
               "kg/schemas/queries/NAME.cypher -P '{name: value}'")


@cli.command()
@BUILD_DIR
@click.argument("name")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0), help="Most matches to print (0 = all).")
@click.option("--json", "as_json", is_flag=True, help="Print matches as JSON objects, one a line.")
def find(out: Path, name: str, limit: int, as_json: bool) -> None:
    """Look up NAME (any case; a name, alias, acronym or id) among the entities of the build in OUT.

    Prints each match with its type, id, papers and aliases: exact matches first, then names
    holding NAME as a whole word, then names with a word starting with it (never a match inside
    a word); for an exact match, why its names were joined (a definition, the lexicon, which
    folding rule) and which other meanings of its acronym were kept apart. Use the id or name in
    queries and `kg html --focus`.
    """
    found = kg.find(out, name, limit or None)
    reasons = kg.api.explain(out, [f.id for f in found if f.match == "exact"])
    if as_json:
        for f in found:
            click.echo(json.dumps({"id": f.id, "name": f.name, "type": f.type, "papers": f.n_papers,
                                   "aliases": list(f.aliases), "match": f.match, **reasons.get(f.id, {})},
                                  ensure_ascii=False))
        return
    rows = [[f.type, f.name, f.id, f.n_papers, list(f.aliases), f.match] for f in found]
    click.echo(kg.api.format_table(["type", "name", "id", "papers", "aliases", "match"], rows))
    for eid, why in reasons.items():
        lines = kg.api.explain_lines(why)
        if lines:
            click.echo(f"\nwhy {eid} holds these names:")
            click.echo("\n".join(lines))


def _query_text(path: Path) -> str:
    """A query file's text (a built-in query's name is taken by _builtin_name before this)."""
    if path.is_file():
        return path.read_text(encoding="utf-8")
    known = ", ".join(sorted(t.name for t in kg.query_templates()))
    raise click.BadParameter(f"{path}: no such file, nor a built-in query (those are: {known})",
                             param_hint="--file")


def _parse_params(pairs: tuple[str, ...]) -> dict:
    """NAME=VALUE pairs as query parameters, VALUE as JSON when it parses, else as text."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.UsageError(f"--param {pair!r}: write it as NAME=VALUE")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    return params


MAX_EDGES = click.option("--max-edges", default=DEFAULT_MAX_EDGES, show_default=True, type=click.IntRange(min=0),
                         help="Load a sample of the papers when the graph has more edges (about 1 GiB "
                              "per million edges; 0 = always the whole graph).")


@cli.group()
def export() -> None:
    """Export a built graph to Neo4j, a cypher-shell script or neo4j-admin CSV files."""


@export.command("neo4j")
@BUILD_DIR
@click.option("--uri", default="bolt://localhost:7687", show_default=True, help="Bolt or neo4j:// URI.")
@click.option("--user", default=None, help="User name; leave out for a server without authentication.")
@click.option("--password", default=None, envvar="NEO4J_PASSWORD", help="Password (or NEO4J_PASSWORD).")
@click.option("--database", default=None, help="Database name (default: the server's default).")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(min=1),
              help="Rows per UNWIND transaction.")
def export_neo4j_cmd(out: Path, uri: str, user: str | None, password: str | None,
                     database: str | None, batch_size: int) -> None:
    """Load the graph in OUT into a running Neo4j server (idempotent: safe to run again)."""
    result = kg.export_neo4j(out, uri, user=user, password=password, database=database, batch_size=batch_size)
    click.echo(", ".join(f"{k}: {v}" for k, v in asdict(result).items()))


@export.command("cypher")
@BUILD_DIR
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The .cypher script to write.")
@click.option("--block-size", default=1000, show_default=True, type=click.IntRange(min=1),
              help="Statements per :begin/:commit transaction.")
def export_cypher_cmd(out: Path, output: Path, block_size: int) -> None:
    """Write the graph in OUT as a script for `cypher-shell -f` (constraints, then MERGEs; safe to re-run)."""
    script = kg.export_cypher(out, output, block_size=block_size)
    click.echo(f"wrote {output} ({script.statements} statements); run: cypher-shell -f {output}")


@export.command("csv")
@BUILD_DIR
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the node and relationship CSV files.")
@click.option("--database", default="neo4j", show_default=True, help="Database the import command names.")
def export_csv_cmd(out: Path, output: Path, database: str) -> None:
    """Write the graph in OUT as `neo4j-admin database import full` CSV files."""
    files = kg.export_csv(out, output, database=database)
    click.echo(f"wrote {output}; import with:\n{files.command}")


@cli.command()
@BUILD_DIR
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Page to write (default: OUT/graph.html).")
@click.option("--focus", default=None, help="Draw only the neighbourhood of this entity (name, alias or id).")
@click.option("--depth", default=1, show_default=True, help="Hops around --focus.")
@click.option("--top", type=int, default=None, help="Keep the N entities with most papers, and their papers.")
@click.option("--types", default=None, help="Comma-separated labels to keep, e.g. Method,Dataset.")
@click.option("--min-papers", default=1, show_default=True, help="Drop entities with fewer papers.")
@click.option("--max-nodes", default=3000, show_default=True,
              help="Cut larger graphs to the best-connected nodes (0 = no cap; slow past ~5,000).")
@MAX_EDGES
def html(out: Path, output: Path | None, focus: str | None, depth: int, top: int | None,
         types: str | None, min_papers: int, max_nodes: int, max_edges: int) -> None:
    """Render the graph in OUT as an interactive HTML page that works offline."""
    page = kg.write_html(out, output, focus=focus, depth=depth, top=top, types=types.split(",") if types else None,
                         min_papers=min_papers, max_nodes=max_nodes, max_edges=max_edges, on_note=_note)
    if page.cut:
        click.echo(page.message, err=True)
    click.echo(f"wrote {page.path} ({page.nodes} nodes, {page.edges} edges)")


@cli.command()
@BUILD_DIR
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown report to write; CSV and PNG files go beside it (default: OUT/analysis/report.md).")
@click.option("--only", multiple=True, type=click.Choice(ANALYSIS_NAMES),
              help="Run only this analysis (repeatable).")
@click.option("--top", default=10, show_default=True, help="Rows per table in the report.")
@click.argument("between", nargs=-1, metavar="[A B]")
@MAX_EDGES
def analyze(out: Path, report: Path | None, only: tuple[str, ...], top: int, between: tuple[str, ...],
            max_edges: int) -> None:
    """Central entities, untried pairs, communities, trends, similar papers and paths.

    A and B (names, aliases or ids) choose the two entities the paths analysis joins,
    e.g. `kg analyze out/ --only paths DPO MuJoCo`; without them it picks a central pair.
    """
    if between and len(between) != 2:
        raise click.UsageError(f"give two entities to join with paths (A B), not {len(between)}")
    written = kg.analyze(out, report, only=only, top=top, pair=(between[0], between[1]) if between else None,
                         max_edges=max_edges, on_note=_note)
    click.echo(f"wrote {written.path}")


@cli.group()
def lexicon() -> None:
    """Manage the lists of known methods, datasets and tasks the extractor uses."""


@lexicon.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reference", metavar="NAME", help="Import FILE as a reference list called NAME (e.g. pwc): "
              "the extractor does not read it; each entity it names is linked to its entry (node property "
              "ref = NAME:type:slug).")
def lexicon_import(file: Path, reference: str | None) -> None:
    """Add FILE's entries (JSON lines, JSON, or Papers with Code dumps) to your lexicon."""
    n = kg.import_lexicon(file, reference=reference)
    where = kg.api.user_reference_dir() if reference else kg.api.user_lexicon_dir()
    click.echo(f"imported {n} entries into {where}")


def main() -> None:
    """Entry point: run the CLI, printing every failure as one line (never a traceback) and exiting non-zero."""
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except KGError as err:
        _fail(err)
    except OSError as err:
        _fail(from_os_error(err))
    except Exception as err:  # noqa: BLE001 - the last line of defence: a bug still gets one line
        if os.environ.get("KG_DEBUG"):
            raise
        _fail(InternalError(f"unexpected {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"))


def _fail(err: KGError) -> None:
    """Print one error line on stderr and exit 1."""
    click.echo(f"kg: error: {err}", err=True)
    sys.exit(1)
