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


class NoInputsGivenError(NoInputError):
    """A build was given no input, and no interrupted build to resume."""

    fix = "give the input files or folders, or resume an interrupted build"


class BuildNotFoundError(KGError):
    """An output folder does not hold a finished build."""

    fix = "run `kg build INPUT -o OUT` first"


class DamagedBuildError(KGError):
    """A file of a finished build (papers.jsonl, extractions.jsonl, build.json) is damaged."""

    fix = "build again from the inputs: kg build INPUT... -o OUT (not --update or --resume)"


class QueryError(KGError):
    """A Cypher query failed on the embedded store."""

    fix = "check the query's syntax against the graph schema (kg/schemas/graph_schema.md)"


class ReadOnlyQueryError(QueryError):
    """A query given to `kg query` would write: the store, or a file."""

    fix = "kg query only reads; rebuild with `kg build` to change the graph, export with `kg export`"


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


class ModelError(KGError):
    """A learned extraction model (the span tagger or the decider) is missing or unreadable."""

    fix = "reinstall kg, or rebuild the models with scripts/train_decider.py"


class ExportError(KGError):
    """An export cannot be written."""

    fix = "check that the output path is writable"


class PageWriteError(KGError):
    """The HTML page cannot be written (`kg html`, a build's graph.html)."""

    fix = "check that the page's folder is writable and has free space, or give another path with -o"


class ReportWriteError(KGError):
    """The analysis report or its CSV and PNG files cannot be written (`kg analyze`)."""

    fix = "check that the report's folder is writable and has free space, or give another path with --report"


class DaskError(KGError):
    """The Dask scheduler cannot be reached or a worker failed."""

    fix = "check the --dask address and that `dask worker` processes run with this package installed"


class AnalysisError(KGError):
    """An analysis was asked for something the graph does not hold (entity, paper, analysis name)."""

    fix = "name entities and papers by an id, name or alias in the graph; see `kg analyze --help` for analyses"


class ViewError(KGError):
    """The HTML view cannot be drawn as asked (focus not found, bad type or limit)."""

    fix = "give an id, name or alias that the graph holds, and types among Paper, Method, Dataset, Task, Repository"


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


class NotFoundError(InputError):
    """A file or folder given does not exist."""

    fix = "check the path"


class NotReadableError(InputError):
    """A file or folder exists but this user may not read or write it."""

    fix = "check its permissions (ls -l), or run as a user who may read and write it"


class NoSpaceError(KGError):
    """The disk (or quota) is full."""

    fix = "free some space or choose an output folder on another disk, then run it again"


class ReadOnlyError(KGError):
    """The output is on a read-only file system."""

    fix = "choose an output folder on a writable disk"


class NotAFolderError(KGError):
    """A path that must be a folder (or sit in one) is a file."""

    fix = "give a folder path for -o, not a file (or remove the file in the way)"


class CorruptArchiveError(InputError):
    """A compressed input is corrupt or cut short."""

    fix = "download or copy the archive again (gzip -t FILE checks it)"


class BusyError(KGError):
    """Another kg process is writing the same output folder."""

    fix = "wait for it to finish, or stop it, then run this again"


class OutputError(KGError):
    """An output cannot be written for another reason the operating system gave."""

    fix = "check the output path and the disk"


class UnsafePathError(KGError):
    """A path kg writes (its lock, its staging folder, an output) is a link, a device or a FIFO."""

    fix = "remove it, or name a regular file or folder; kg never writes through links it did not make"


class CacheError(KGError):
    """The extraction cache (OUT/cache.sqlite) cannot be read or written."""

    fix = "delete OUT/cache.sqlite (it only saves time) and run the build again"


class InternalError(KGError):
    """A bug in kg: something failed that should not have."""

    fix = "please report it with the command you ran; KG_DEBUG=1 prints the details"


def from_os_error(error: OSError, doing: str = "", path: object = None) -> KGError:
    """The KGError naming what an OSError is (no space, read-only, not a folder...), with its path.

    `path` names the file in the message instead of the one the error holds (a temporary file).
    """
    import errno
    kinds: dict[int, type[KGError]] = {
        errno.ENOSPC: NoSpaceError, errno.EDQUOT: NoSpaceError, errno.EROFS: ReadOnlyError,
        errno.ENOTDIR: NotAFolderError, errno.EEXIST: NotAFolderError, errno.ENOENT: NotFoundError,
        errno.EACCES: NotReadableError, errno.EPERM: NotReadableError,
    }
    kind = kinds.get(error.errno or -1, OutputError)
    where = path if path is not None else error.filename if error.filename is not None else ""
    what = {NoSpaceError: "no space left on the device", ReadOnlyError: "read-only file system",
            NotAFolderError: "not a folder", NotFoundError: "no such file or folder",
            NotReadableError: "permission denied"}.get(kind, error.strerror or str(error))
    prefix = f"{where}: " if where else ""
    return kind(f"{prefix}{what}{' while ' + doing if doing else ''}")
