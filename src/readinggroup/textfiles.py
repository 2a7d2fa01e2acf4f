"""Reading the files the organiser gives readinggroup (config, glossary, list files, session,
template): one reader for all of them.

Only a regular file is read, and only up to a size cap: a named pipe would block the run until
killed, ``/dev/zero`` would fill the memory, a symbolic link that loops cannot be opened at all;
each is one sentence saying what the path is instead. UTF-8 with or without a byte-order mark and
UTF-16 with one are read as text; anything else, a folder where the file should be, or a file
that cannot be opened, is one sentence naming the file, what is wrong and what to do.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path

from readinggroup.errors import InputError, looping_part

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A config, glossary or list file of the organiser's is a few kB; a megabyte is a wrong file.
TEXT_LIMIT_BYTES = 10**6
_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a disk device"),
    (stat.S_ISSOCK, "a socket"),
)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO without it waits for a writer
_NOCTTY = getattr(os, "O_NOCTTY", 0)


def read_file_bytes(
    path: Path, *, what: str, limit: int, error: type[InputError] = InputError
) -> bytes | None:
    """The bytes of the regular file *path* (a *what*, e.g. "the config file"); None when there
    is no such file. Anything else at *path*, or a file over *limit* bytes, raises *error*."""
    try:
        handle = os.open(path, os.O_RDONLY | _NONBLOCK | _NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise error(
            f"{path}: a part of this path is a file, not a folder; fix the path of {what}"
        ) from None
    except PermissionError:
        raise error(
            f"{path}: permission denied while reading {what}; make the file readable"
        ) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            looping = looping_part(path) or str(path)
            target = what if looping == str(path) else "a real folder"
            raise error(
                f"{looping} is a symbolic link that leads back to itself; point it at {target} "
                "or remove it"
            ) from None
        raise
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(path, status.st_mode, what, error)
        if status.st_size > limit:
            raise error(_too_large(path, status.st_size, limit, what))
        data = _read_up_to(handle, limit + 1)
        if len(data) > limit:  # it grew while being read
            raise error(_too_large(path, len(data), limit, what))
        return data
    except IsADirectoryError:
        raise _not_regular(path, stat.S_IFDIR, what, error) from None
    finally:
        os.close(handle)


def _read_up_to(handle: int, count: int) -> bytes:
    chunks = []
    while count > 0:
        chunk = os.read(handle, min(count, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _not_regular(path: Path, mode: int, what: str, error: type[InputError]) -> InputError:
    if stat.S_ISDIR(mode):
        return error(
            f"{path} is a folder, but {what} must be a file; move the folder away or rename it"
        )
    kind = next((name for test, name in _KINDS if test(mode)), "not a plain file")
    return error(f"{path} is {kind}, not a file; {what} must be a plain file: fix the path")


def _too_large(path: Path, size: int, limit: int, what: str) -> str:
    return (
        f"{path} is {_megabytes(size)}, more than the {_megabytes(limit)} {what} may be; "
        "check that the path names the right file"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size < 10**7 or size % 10**6 else f"{size // 10**6} MB"


def read_text_file(
    path: Path,
    *,
    what: str,
    error: type[InputError] = InputError,
    limit: int = TEXT_LIMIT_BYTES,
) -> str | None:
    """The text of *path* (a *what*, e.g. "the config file"); None when there is no such file.

    Line ends are normalised to ``\\n``; a BOM is dropped.
    """
    data = read_file_bytes(path, what=what, limit=limit, error=error)
    return None if data is None else decode_text(data, path, what=what, error=error)


def decode_text(data: bytes, path: Path, *, what: str, error: type[InputError] = InputError) -> str:
    """*data* (the bytes of *path*) as text: UTF-8, or UTF-8/UTF-16 with a byte-order mark."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise error(
            f"{path}, line {line}: {what} is not UTF-8 text (byte 0x{data[err.start]:02x} "
            "cannot be read); save it as UTF-8 and run again"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
