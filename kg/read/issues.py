"""Problems met while reading input files, reported instead of raised."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class ReadIssue:
    """One problem in an input file; good records around it are still read."""

    file: str
    line: int
    message: str
    fatal_for_file: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


IssueSink = Callable[[ReadIssue], None]
