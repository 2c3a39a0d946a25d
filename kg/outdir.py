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
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import BusyError, NotAFolderError, OutputError, UnsafePathError, from_os_error

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
        fd = _open_lock(sibling(out_dir, "lock"), os.O_RDWR | os.O_CREAT)
    except OSError as error:
        raise from_os_error(error, "preparing the output folder", out_dir if error.errno != errno.ENOTDIR else None) from None
    try:
        _flock_or_busy(fd, fcntl.LOCK_EX, out_dir)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        recover(out_dir)
        yield
    finally:
        os.close(fd)  # closing drops the flock


def ensure_free(out_dir: Path) -> None:
    """Raise BusyError now if another build holds out_dir (a quick check before loading the pipeline)."""
    lock = sibling(_real(out_dir), "lock")
    try:
        fd = _open_lock(lock, os.O_RDONLY)
    except OSError:
        return  # no lock file yet, or none can be made: locked() will say why
    try:
        _flock_or_busy(fd, fcntl.LOCK_SH, _real(out_dir))
    finally:
        os.close(fd)


def _open_lock(lock: Path, flags: int) -> int:
    """Open the lock file without following a link planted in its place, and only if it is a regular file."""
    try:
        fd = os.open(lock, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafePathError(f"{lock}: the lock file is a symbolic link") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafePathError(f"{lock}: the lock file is not a regular file")
    return fd


def recover(out_dir: Path) -> None:
    """Finish a swap that was cut between its two renames (where no atomic exchange exists).

    Killed after `OUT -> .OUT.kg-old` and before `.OUT.kg-new -> OUT`, OUT is missing: the new
    build (complete, since only a complete build is swapped) is moved in, else the old one is
    put back. Call under the lock, before anything creates OUT.
    """
    old, new = sibling(out_dir, "old"), sibling(out_dir, "new")
    if out_dir.exists() or out_dir.is_symlink() or not _is_real_dir(old):
        return
    if _is_real_dir(new):  # only the cut between the two renames leaves both beside a missing OUT
        new.rename(out_dir)
    else:
        old.rename(out_dir)


def _is_real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


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
    if os.path.ismount(out_dir):
        raise OutputError(f"{out_dir}: is a mount point, which cannot be swapped; build into a folder inside it")
    new = sibling(out_dir, "new")
    _clean_leftovers(out_dir)
    try:
        new.mkdir(0o700)
    except OSError as error:
        raise from_os_error(error, "creating the new build beside it", out_dir) from None
    try:
        yield new
        _carry_over(out_dir, new, owned)
        _keep_mode_and_owner(out_dir, new)
        with _uninterrupted():  # once swapped, the build is done: Ctrl-C must not report it aborted
            swap_in(new, out_dir)
            remove(new)
    finally:
        remove(new)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Ignore Ctrl-C (SIGINT) for the swap and its clean-up, when running in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _keep_mode_and_owner(out_dir: Path, new: Path) -> None:
    """Give the new folder OUT's mode and owner (a shared group folder stays one), or the umask's mode."""
    if out_dir.is_dir():
        info = out_dir.stat()
        try:
            os.chown(new, info.st_uid, info.st_gid)
        except PermissionError:
            pass  # not ours to give away: the folder stays this user's
        os.chmod(new, stat.S_IMODE(info.st_mode))
    else:
        os.chmod(new, 0o777 & ~current_umask())


def current_umask() -> int:
    """This process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def remove(path: Path) -> None:
    """Remove a file, a link (not what it points to) or a folder tree, even one made read-only; quiet if absent."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
        return

    def writable_then_retry(function, failed: str, _exc) -> None:
        parent = os.path.dirname(failed)
        try:
            os.chmod(parent, 0o700)
            if os.path.isdir(failed) and not os.path.islink(failed):
                os.chmod(failed, 0o700)
            function(failed)
        except OSError:
            pass

    if path.exists():
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass
        shutil.rmtree(path, onerror=writable_then_retry)


def _clean_leftovers(out_dir: Path) -> None:
    """Drop what a build killed mid-swap left (recover() has already put OUT back)."""
    for path in (sibling(out_dir, "old"), sibling(out_dir, "new")):
        remove(path)


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
            _copy_owners(entry, target)
        else:
            _link_or_copy(entry, target)


def _copy_owners(source: Path, target: Path) -> None:
    """Give every folder copied from source the owner of its original (copytree keeps modes only)."""
    for folder, dirs, _ in os.walk(source):
        for name in ("", *dirs):
            original = os.path.join(folder, name)
            info = os.lstat(original)
            copy = os.path.join(target, os.path.relpath(original, source))
            try:
                os.lchown(copy, info.st_uid, info.st_gid)
            except PermissionError:
                pass
            if not os.path.islink(copy):
                os.chmod(copy, stat.S_IMODE(info.st_mode))


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
    """A temporary file beside `path`, renamed over it on success and removed on failure.

    A link is followed to the file it names (the link stays); a device, FIFO, socket or folder
    in the way is refused (UnsafePathError) rather than replaced. The file gets the mode and owner
    of the one it replaces, or the umask's mode for a new one.
    """
    path = _writable_target(Path(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".kg-part", dir=path.parent or ".")
    except OSError as error:
        raise from_os_error(error, "writing it", path) from None
    try:
        _give_mode(fd, path)
    finally:
        os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _writable_target(path: Path) -> Path:
    """The regular file (or free name) that writing `path` replaces: links followed, anything else refused."""
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as error:
        raise from_os_error(error, "writing it", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise NotAFolderError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafePathError(f"{path}: is a device, FIFO or socket, not a regular file; not replaced")
    return real


def _give_mode(fd: int, path: Path) -> None:
    """Give a new file the mode and owner of the file it will replace, or the umask's mode."""
    try:
        info = os.stat(path)
    except OSError:
        os.fchmod(fd, 0o666 & ~current_umask())
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        pass
    os.fchmod(fd, stat.S_IMODE(info.st_mode))


def replace_files(written: Path, folder: Path) -> None:
    """Move every file of the folder `written` (made beside `folder`) into `folder`, each with one
    rename, refusing to replace what is not a regular file; remove `written`."""
    for source in sorted(written.rglob("*")):
        target = folder / source.relative_to(written)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        final = _writable_target(target)
        _give_mode_to_path(source, final)
        os.replace(source, final)
    remove(written)


def _give_mode_to_path(source: Path, target: Path) -> None:
    fd = os.open(source, os.O_RDONLY)
    try:
        _give_mode(fd, target)
    finally:
        os.close(fd)


@contextmanager
def aside(folder: Path) -> Iterator[Path]:
    """A fresh hidden folder inside `folder` (created if missing) to write files in; on success each
    is renamed into `folder`, replacing its old version only once written whole; removed on failure."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".kg-", suffix=".kg-part", dir=folder))
    except OSError as error:
        raise from_os_error(error, "writing it", folder) from None
    try:
        yield work
        replace_files(work, folder)
    finally:
        remove(work)
