"""Markdown pieces for report.md: escaped text, tables from DataFrames, and the folder of its files."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def md(text: object) -> str:
    """Text as literal Markdown: HTML and Markdown punctuation escaped, newlines made spaces."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", " ".join(value.split()))


def _cell(value: object) -> str:
    """One table cell: floats rounded, text escaped."""
    if isinstance(value, float):
        return "" if value != value else f"{value:.4g}"  # NaN (not computed) left blank
    return md(value)


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None) -> str:
    """A pipe table of `frame`, optionally keeping and renaming `columns` (name -> header)."""
    if columns:
        frame = frame[list(columns)].rename(columns=columns)
    if frame.empty:
        return "_(none)_\n"
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows]) + "\n"


@dataclass(frozen=True)
class Assets:
    """The folder beside the report that holds its CSV and PNG files, and links to them from the report."""

    folder: Path
    link_prefix: str

    @classmethod
    def beside(cls, report: Path) -> Assets:
        """`<report stem>_files/` next to the report."""
        name = f"{report.stem}_files"
        return cls(report.parent / name, name)

    def path(self, name: str) -> Path:
        """Where to write the asset `name`."""
        return self.folder / name

    def link(self, name: str) -> str:
        """The asset's path relative to the report."""
        return f"{self.link_prefix}/{name}"

    def code(self, name: str) -> str:
        """The asset's relative path as inline code, for prose."""
        return f"`{self.link(name)}`"

    def image(self, alt: str, name: str) -> str:
        """A Markdown image of the asset."""
        return f"![{md(alt)}]({self.link(name)})\n"
