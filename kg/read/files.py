"""Expand the paths a user gives into the input files to read, in a stable order."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from kg.errors import NotFoundError


def input_files(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files named, plus every non-hidden file under each folder named (sorted), minus those under `exclude`."""
    files: list[Path] = []
    skip = [Path(os.path.realpath(p)) for p in exclude]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(f for f in _folder_files(path) if not _under(f, skip))
        elif path.exists():
            files.append(path)
        else:
            raise NotFoundError(f"{path}: no such file or folder")
    return files


def _under(path: Path, folders: list[Path]) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == f or f in real.parents for f in folders)


def _folder_files(folder: Path) -> list[Path]:
    found = (
        p for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    return sorted(found, key=lambda p: p.relative_to(folder).parts)
