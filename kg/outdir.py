"""Replace an output folder or file as a whole: write aside, then swap it in with one rename.

A build writes into `.OUT.kg-new` beside OUT and, once everything is written, exchanges it
with OUT in one atomic `renameat2(RENAME_EXCHANGE)` (Linux), so OUT is always either the
previous build or the new one, whenever the process dies. Files in OUT that a build does not
write (an `analysis/` folder, the extraction cache) are hard-linked into the new folder first.
A lock file `.OUT.kg-lock` beside OUT (held with flock, so it is freed when its process dies)
refuses a second build into the same OUT.
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import BusyError, NotAFolderError, OutputError, from_os_error

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def sibling(out_dir: Path, suffix: str) -> Path:
    """The hidden path beside out_dir with this suffix (`.OUT.kg-new`, `.OUT.kg-lock`...)."""
    return out_dir.parent / f".{out_dir.name}.kg-{suffix}"


def staging_folder(out_dir: Path) -> Path:
    """Where a build into out_dir writes before it is swapped in (left behind by a killed build)."""
    return sibling(_real(out_dir), "new")


def _real(out_dir: Path) -> Path:
    """out_dir with symlinks and `..` resolved, so the swap replaces the real folder."""
    return Path(os.path.realpath(out_dir))


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the lock of out_dir; raise BusyError naming the process that holds it already."""
    out_dir = _real(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotAFolderError(f"{out_dir}: is a file, not a folder")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(sibling(out_dir, "lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise from_os_error(error, "preparing the output folder", out_dir if error.errno != errno.ENOTDIR else None) from None
    try:
        _flock_or_busy(fd, fcntl.LOCK_EX, out_dir)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing drops the flock


def ensure_free(out_dir: Path) -> None:
    """Raise BusyError now if another build holds out_dir (a quick check before loading the pipeline)."""
    lock = sibling(_real(out_dir), "lock")
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return  # no lock file yet, or none can be made: locked() will say why
    try:
        _flock_or_busy(fd, fcntl.LOCK_SH, _real(out_dir))
    finally:
        os.close(fd)


def _flock_or_busy(fd: int, mode: int, out_dir: Path) -> None:
    """Take the lock on fd without waiting, or raise BusyError naming the pid written in it."""
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        raise BusyError(f"{out_dir}: another kg build (pid {holder}) is writing this folder") from None


@contextmanager
def staged(out_dir: Path, owned: frozenset[str] = frozenset()) -> Iterator[Path]:
    """A fresh folder to write a build in, swapped in for out_dir on success, removed on failure.

    At the swap, every entry of out_dir that the new folder lacks is linked into it (the
    cache the build updates in place, an analysis folder), except those named in `owned`:
    outputs of a build that this one chose not to write (a store with --no-store) go.
    Call under locked(out_dir).
    """
    out_dir = _real(out_dir)
    new = sibling(out_dir, "new")
    _clean_leftovers(out_dir)
    try:
        new.mkdir()
    except OSError as error:
        raise from_os_error(error, "creating the new build beside it", out_dir) from None
    try:
        yield new
        _carry_over(out_dir, new, owned)
        swap_in(new, out_dir)
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _clean_leftovers(out_dir: Path) -> None:
    """Undo what a build killed mid-swap left: restore OUT from `.kg-old`, drop a stale `.kg-new`."""
    old, new = sibling(out_dir, "old"), sibling(out_dir, "new")
    if old.exists() and not out_dir.exists():
        old.rename(out_dir)
    for path in (old, new):
        shutil.rmtree(path, ignore_errors=True)


def _carry_over(out_dir: Path, new: Path, owned: frozenset[str]) -> None:
    """Hard-link (copy when links fail) every entry of out_dir that the new folder lacks and does not own."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        target = new / entry.name
        if entry.name in owned or target.exists() or target.is_symlink():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, target)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def swap_in(new: Path, out_dir: Path) -> None:
    """Make `new` be out_dir in one step; the previous out_dir ends up at `new` (to be removed)."""
    if not out_dir.exists():
        new.rename(out_dir)
        return
    if _exchange(new, out_dir):
        return
    # No atomic exchange on this file system: two renames, undone by _clean_leftovers if cut between.
    old = sibling(out_dir, "old")
    out_dir.rename(old)
    new.rename(out_dir)
    old.rename(new)


_libc = None


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where it is not supported."""
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(None, use_errno=True)
            _libc.renameat2  # noqa: B018 - present in glibc >= 2.28
        except (OSError, AttributeError):
            _libc = False
    if not _libc:
        return False
    result = _libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    if code == errno.EBUSY:
        raise OutputError(f"{b}: is a mount point, which cannot be swapped; build into a folder inside it")
    raise from_os_error(OSError(code, os.strerror(code), str(b)), "swapping in the new build")


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """A temporary file beside `path`, renamed over it on success and removed on failure."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".kg-part", dir=path.parent or ".")
    except OSError as error:
        raise from_os_error(error, "writing it", path) from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
