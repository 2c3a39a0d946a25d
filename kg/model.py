"""Plain dataclasses that the pipeline stages hand to each other."""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("method", "dataset", "task")


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
    date: str | None = None  # ISO "YYYY-MM-DD" only when the year is known
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
    why: str = ""  # with `kg extract --explain`: which component decided, and on what evidence


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
