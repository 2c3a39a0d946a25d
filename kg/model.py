"""Plain dataclasses: what the pipeline stages hand to each other, and what the public functions return."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# the entity types are the schema's (kg.schema.ENTITY_TYPE_SPECS), re-exported for the stages
from kg.schema import ENTITY_TYPES as ENTITY_TYPES


@dataclass(frozen=True)
class Source:
    """Where a record was read: a file and the 1-based line its record starts on."""

    file: str
    line: int


@dataclass(frozen=True)
class Link:
    """A URL found on a paper; `kind` is "repository" (GitHub, GitLab...) or "project"."""

    url: str
    kind: str


@dataclass
class Paper:
    """One paper as read from any input format."""

    id: str
    title: str
    abstract: str
    # ISO, as precise as the input: "YYYY-MM-DD", "YYYY-MM" (an arXiv id) or "YYYY"; only when the
    # year is known
    date: str | None = None
    date_text: str | None = None  # the date exactly as the input gave it ("May 9")
    authors: list[str] = field(default_factory=list)
    n_authors: int | None = None
    url: str | None = None
    categories: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Title and abstract as one text; mention offsets point into it."""
        return f"{self.title}\n\n{self.abstract}"

    @property
    def year(self) -> int | None:
        """Publication year when the input gave one."""
        return int(self.date[:4]) if self.date else None

    @property
    def month(self) -> int | None:
        """Publication month (1-12) when the input gave one with its year."""
        return int(self.date[5:7]) if self.date and len(self.date) >= 7 else None


@dataclass
class Mention:
    """One entity as a single paper names it, with the sentence that shows it."""

    type: str  # one of ENTITY_TYPES
    name: str  # the long form where the paper gives one
    aliases: list[str]
    role: str  # "proposed" or "used"
    evidence: str  # the sentence it was found in
    start: int  # character offsets of `evidence` in Paper.text
    end: int
    # how sure the decider is of the type it gave (its probability), 1.0 for a name of the
    # user's own lexicon or a rules-only decision
    confidence: float = 1.0
    why: str = ""  # with `kg extract --explain`: which component decided, and on what evidence
    # aliases that name something broader the paper also writes for it ("reflection removal" of
    # "single image reflection removal"): one entity of the paper, two things of the corpus
    broader: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one paper."""

    paper_id: str
    title: str
    mentions: list[Mention]
    extractor_version: str = ""


@dataclass
class Entity:
    """One real-world method, dataset or task, merged across papers."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    ref: str | None = None  # the reference list entry it is linked to (pwc:dataset:coco)


# What the public functions return; the CLI prints from these.


@dataclass
class BuildSummary:
    """What a build read, extracted and made, and how long each stage took."""

    records: int = 0  # records read, before merging records of one paper
    papers: int = 0
    extracted: int = 0  # papers extracted by this build (the others came from the cache)
    issues: int = 0  # input problems reported
    entities: Counter = field(default_factory=Counter)  # node label -> count, papers aside
    edges: Counter = field(default_factory=Counter)  # relationship type -> count
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> wall-clock seconds
    notes: list[str] = field(default_factory=list)  # what the build chose not to do, and why


@dataclass(frozen=True)
class StoreLoad:
    """The embedded store a load wrote: its folder and its rows per node label and relationship type."""

    folder: Path
    counts: dict[str, int]


@dataclass(frozen=True)
class Neo4jExport:
    """What an export to a Bolt server sent and created (`dialect`: "neo4j" or "falkordb")."""

    dialect: str
    nodes: int
    relationships: int
    nodes_created: int
    relationships_created: int


@dataclass(frozen=True)
class CypherScript:
    """A written cypher-shell script: its data statements and the transaction blocks holding them."""

    path: Path
    statements: int
    blocks: int


@dataclass(frozen=True)
class AdminCsv:
    """The neo4j-admin import files written, and the command that imports them."""

    folder: Path
    node_files: list[Path]
    relationship_files: list[Path]
    command: str


@dataclass(frozen=True)
class HtmlPage:
    """A written page: what it draws, and whether the node cap cut the graph (`message` says how)."""

    path: Path
    nodes: int
    edges: int
    cut: bool
    total_nodes: int
    total_edges: int
    message: str | None


@dataclass(frozen=True)
class AnalysisReport:
    """A written report.md, the folder of its CSV and PNG files, and the analyses it holds."""

    path: Path
    files: Path
    analyses: list[str]


@dataclass(frozen=True)
class QueryResult:
    """A Cypher query's column names and rows."""

    columns: list[str]
    rows: list[list]

    def records(self) -> list[dict]:
        """The rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row)) for row in self.rows]
