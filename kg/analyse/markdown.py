"""Markdown pieces for report.md: tables from DataFrames."""
from __future__ import annotations

import pandas as pd


def _cell(value: object) -> str:
    """One table cell: floats rounded, pipes and newlines escaped."""
    if isinstance(value, float):
        text = f"{value:.4g}"
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")


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
