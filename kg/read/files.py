"""Expand the paths a user gives into the input files to read, in a stable order."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from kg.errors import InputError


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, plus every non-hidden file under each folder named, sorted per folder."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(_folder_files(path))
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def _folder_files(folder: Path) -> list[Path]:
    found = (
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    return sorted(found, key=lambda p: p.relative_to(folder).parts)
