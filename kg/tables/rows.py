"""Rows of one graph table read whole, with damage inside its data reported as the file's fault."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from kg.errors import DamagedBuildError


def first_line(error: Exception) -> str:
    """Arrow's reason for a failed read, on one line (its messages can run to several)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def damaged(path: Path, error: Exception) -> DamagedBuildError:
    """The error for a graph table whose data cannot be read (bytes changed inside it), naming the file."""
    return DamagedBuildError(f"{path}: a damaged graph table ({first_line(error)})")


def read_columns(path: Path, columns: list[str]) -> list[dict]:
    """A whole graph table's rows, only these columns; DamagedBuildError when its data cannot be read."""
    try:
        return pq.read_table(path, columns=columns).to_pylist()
    except (OSError, ValueError) as error:
        raise damaged(path, error) from None
