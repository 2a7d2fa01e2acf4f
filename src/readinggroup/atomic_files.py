"""Writing a file so that nobody ever sees half of it: the session file and the deck alike.

The bytes go to a uniquely named hidden file in the same folder, then a rename puts it in
place. A run killed mid-write (``kill -9``) leaves that hidden file behind; the next write in
the folder removes such leftovers once they are :data:`STALE_SECONDS` old, so a temp file
another run is writing right now is never touched.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)
STALE_SECONDS = 60.0  # a live temp file is written in well under this; older ones are leftovers
# ".2021-10.yaml.<pid>.<12 hex>.tmp"; older versions wrote ".<name>.<32 hex>.tmp" for the deck
_LEFTOVER = re.compile(r"^\..+\.(?:\d+\.[0-9a-f]{12}|[0-9a-f]{32})\.tmp$")


def write_atomically(
    path: Path, write: Callable[[BinaryIO], object], *, unless_changed_from: FileState = None
) -> bool:
    """Let *write* fill a temp file beside *path*, then rename it onto *path*; an existing
    file keeps its mode and, where allowed, its owner. Stale leftovers are removed after.
    With *unless_changed_from* (a :func:`file_state`), nothing is written, and False returned,
    when the file is no longer in that state just before the rename (someone wrote it).

    A *path* that is a symbolic link is written through: the file it points to gets the new
    text and the link stays. A file with other hard links is rewritten in place (a rename would
    leave the other names on the old text), after the whole text is safe in the temp file.
    """
    path = real_file(path)
    try:
        kept = path.stat()
    except FileNotFoundError:
        kept = None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:12]}.tmp")
    # 0o666 less the umask, like any new file; O_EXCL: two writers never share a temp file
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            if kept is not None:
                os.fchmod(stream.fileno(), kept.st_mode & 0o7777)
                _keep_owner(stream.fileno(), kept)
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        if unless_changed_from is not None and file_state(path) != unless_changed_from:
            temporary.unlink()
            return False
        if kept is not None and kept.st_nlink > 1:
            _copy_in_place(temporary, path)
            temporary.unlink()
        else:
            temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    remove_stale_leftovers(path.parent)
    return True


# What tells one version of a file from another: its inode and its bytes (a digest). Times
# and sizes do not: two saves a few milliseconds apart share a timestamp, and "edit 66" and
# "edit 67" a size. None: no file.
FileState = tuple[int, bytes] | None


def file_state(path: Path | int, data: bytes | None = None) -> FileState:
    """The :data:`FileState` of the file at *path* (or open as the descriptor *path*; *data*:
    its bytes, when they were just read)."""
    try:
        if isinstance(path, int):
            inode = os.fstat(path).st_ino
            if data is None:
                data = os.pread(path, os.fstat(path).st_size + 1, 0)
        else:
            inode = path.stat().st_ino
            if data is None:
                data = path.read_bytes()
    except FileNotFoundError:
        return None
    return inode, hashlib.blake2b(data, digest_size=16).digest()


def real_file(path: Path) -> Path:
    """The file *path* names once its symbolic links are followed (*path* when it is none).

    A link that loops is left as it is: reading or writing it then says so.
    """
    if not path.is_symlink():
        return path
    return Path(os.path.realpath(path))


def _copy_in_place(source: Path, target: Path) -> None:
    """Overwrite *target*'s own bytes (its inode, so every hard link sees them) with *source*'s."""
    data = source.read_bytes()
    handle = os.open(target, os.O_WRONLY)
    try:
        _reserve(handle, len(data))  # a full disk fails here, before a byte is overwritten
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.ftruncate(handle, len(data))
        os.fsync(handle)
    finally:
        os.close(handle)


def write_text_atomically(path: Path, text: str, *, unless_changed_from: FileState = None) -> bool:
    """*text* (UTF-8) into *path* through :func:`write_atomically`."""
    return write_atomically(
        path,
        lambda stream: stream.write(text.encode("utf-8")),
        unless_changed_from=unless_changed_from,
    )


def remove_stale_leftovers(
    folder: Path, *, older_than: float = STALE_SECONDS, now: float | None = None
) -> list[Path]:
    """Remove the temp files of killed writes in *folder* last changed *older_than* seconds
    before *now* (default: the current time); return what was removed. Never raises."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _LEFTOVER.match(entry.name):
            continue
        with contextlib.suppress(OSError):  # gone already (another run cleaned it), or not ours
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > older_than:
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
                log.info("removed %s, left by a write that was interrupted", entry.path)
    return removed


def _reserve(handle: int, size: int) -> None:
    """Make the file behind *handle* hold *size* bytes' room, where the system can say so."""
    try:
        os.posix_fallocate(handle, 0, size)
    except OSError as err:
        if err.errno not in (errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS):
            raise
    except AttributeError:  # no posix_fallocate (macOS): the write itself must find room
        pass


def _keep_owner(handle: int, kept: os.stat_result) -> None:
    """Give the new file the old one's owner and group, as far as this user may."""
    for uid, gid in ((kept.st_uid, kept.st_gid), (-1, kept.st_gid)):
        try:
            os.fchown(handle, uid, gid)
            return
        except PermissionError:
            continue
