"""Reading the small text files the organiser writes (config, glossary, list files).

UTF-8 with or without a byte-order mark and UTF-16 with one are read as text; anything else, a
folder where the file should be, or a file that cannot be opened, is one sentence naming the
file, what is wrong and what to do.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from readinggroup.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text_file(path: Path, *, what: str, error: type[InputError] = InputError) -> str | None:
    """The text of *path* (a *what*, e.g. "the config file"); None when there is no such file.

    Line ends are normalised to ``\\n``; a BOM is dropped.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise error(
            f"{path} is a folder, but {what} must be a file; move the folder away or rename it"
        ) from None
    except NotADirectoryError:
        raise error(
            f"{path}: a part of this path is a file, not a folder; fix the path of {what}"
        ) from None
    except PermissionError:
        raise error(
            f"{path}: permission denied while reading {what}; make the file readable"
        ) from None
    return decode_text(data, path, what=what, error=error)


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
