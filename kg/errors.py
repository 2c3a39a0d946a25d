"""One exception type per failure kind; the CLI prints each as one line with its fix."""
from __future__ import annotations


class KGError(Exception):
    """Base of every error the CLI reports as one line."""

    fix: str = ""

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{msg} ({self.fix})" if self.fix else msg


class InputError(KGError):
    """An input file or record cannot be read."""

    fix = "check the file's format: seed text pages, JSON lines, CSV or arXiv metadata"


class NoInputError(KGError):
    """Nothing at all could be read from the inputs given."""

    fix = "pass at least one readable file or folder"


class BuildNotFoundError(KGError):
    """An output folder does not hold a finished build."""

    fix = "run `kg build INPUT -o OUT` first"


class QueryError(KGError):
    """A Cypher query failed on the embedded store."""

    fix = "check the query's syntax against schemas/graph_schema.md"


class StoreError(KGError):
    """The embedded store cannot be opened or loaded."""

    fix = "delete the store folder and run `kg build` again"


class Neo4jConnectionError(KGError):
    """The Neo4j server cannot be reached."""

    fix = "check --uri and that the server is running"


class Neo4jAuthError(KGError):
    """The Neo4j server refused the credentials."""

    fix = "check --user and --password"


class Neo4jDatabaseError(KGError):
    """The Neo4j database named does not exist or cannot be written."""

    fix = "check --database, or leave it out for the server's default"


class LexiconError(KGError):
    """A lexicon file cannot be imported."""

    fix = "give a JSON/JSON-lines list of {type, name, aliases} or a Papers with Code dump"


class ExportError(KGError):
    """An export cannot be written."""

    fix = "check that the output path is writable"


class AnalysisError(KGError):
    """An analysis was asked for something the graph does not hold (entity, paper, analysis name)."""

    fix = "name entities and papers by an id, name or alias in the graph; see `kg analyze --help` for analyses"


class ViewError(KGError):
    """The HTML view cannot be drawn as asked (focus not found, bad type or limit)."""

    fix = "give an id, name or alias that the graph holds, and types among Paper, Method, Dataset, Task, Repository"


class BrowserError(KGError):
    """Headless Chromium cannot be started or driven."""

    fix = "check that Chromium is installed (`apt-get install -y chromium`) or set CHROMIUM to its path"


class Neo4jExportError(KGError):
    """The Neo4j server rejected a statement of the export."""

    fix = "see the server's log; re-running the export is safe"


class TablesError(KGError):
    """The graph tables cannot be written or hold values of the wrong type."""

    fix = "check free disk space in the output folder, then run the build again"


class MissingParameterError(KGError):
    """A Cypher query names a $parameter that was not given."""

    fix = "give it with -p NAME=VALUE"


class CypherDialectError(KGError):
    """A query uses Neo4j Cypher that the embedded store does not accept or reads differently."""

    fix = "the embedded store is LadybugDB; see 'Cypher without a server' in README.md"


class EntityNotFoundError(KGError):
    """No entity has the name, alias or id looked up."""

    fix = "try a shorter part of the name, or `kg query OUT \"MATCH (e:Method) RETURN e.name\"` to list names"
