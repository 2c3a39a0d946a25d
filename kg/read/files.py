"""Expand the paths a user gives into the input files to read, in a stable order."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from kg.errors import NotFoundError
from kg.read.issues import IssueSink, ReadIssue


def input_files(paths: Iterable[str | Path], exclude: Iterable[Path] = (),
                on_issue: IssueSink | None = None) -> list[Path]:
    """Files named, plus every non-hidden file under each folder named (sorted), minus those under
    `exclude`; a subfolder that cannot be listed is reported to `on_issue`."""
    files: list[Path] = []
    skip = [Path(os.path.realpath(p)) for p in exclude]
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(f for f in _folder_files(path, on_issue) if not _under(f, skip))
        elif path.exists():
            files.append(path)
        else:
            raise NotFoundError(f"{path}: no such file or folder")
    return files


def _under(path: Path, folders: list[Path]) -> bool:
    real = Path(os.path.realpath(path))
    return any(real == f or f in real.parents for f in folders)


def _folder_files(folder: Path, on_issue: IssueSink | None = None) -> list[Path]:
    def unreadable(error: OSError) -> None:
        if on_issue is not None:
            where = os.fsencode(error.filename or folder).decode("utf-8", errors="replace")
            on_issue(ReadIssue(where, 0, f"folder cannot be read ({error.strerror}); its files were skipped "
                                         "(check its permissions with ls -ld)", fatal_for_file=True))

    found = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, n) for n in names if not n.startswith("."))
    return sorted((p for p in found if p.is_file()), key=lambda p: p.relative_to(folder).parts)
