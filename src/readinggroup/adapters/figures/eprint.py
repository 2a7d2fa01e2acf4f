"""arXiv's e-print (``/e-print/<id>v<n>``): the files of the paper's source, in memory.

arXiv sends one of three things: a gzip'd tar of the source folder, a single gzip'd ``.tex``
(a one-file submission), or the PDF itself (a submission without source). Nothing is written
to disk: the members are read into memory, no more than :data:`MAX_UNPACKED` bytes in all,
so a small archive that unpacks to gigabytes is cut off.
"""

from __future__ import annotations

import gzip
import io
import logging
import posixpath
import tarfile
import zlib
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
MAX_UNPACKED = 200 * 1024 * 1024  # bytes of a source once unpacked
SINGLE_FILE = "main.tex"  # the name a one-file submission's text is given here


@dataclass(frozen=True, slots=True)
class SourceFiles:
    """What an e-print held: the source's files by normalised path, or the paper's PDF."""

    files: dict[str, bytes] = field(default_factory=dict)
    pdf: bytes | None = None


def unpack_eprint(data: bytes, *, limit: int = MAX_UNPACKED) -> SourceFiles:
    """The files of the e-print *data* (empty when it is none of the three kinds)."""
    if data.startswith(b"%PDF"):
        return SourceFiles(pdf=data)
    if data.startswith(b"\x1f\x8b"):
        try:
            unpacked = _gunzip(data, limit)
        except (OSError, EOFError, zlib.error) as err:
            log.info("e-print: not a readable gzip file (%s)", err)
            return SourceFiles()
    else:
        unpacked = data
    if unpacked.startswith(b"%PDF"):
        return SourceFiles(pdf=unpacked)
    if _is_tar(unpacked):
        return SourceFiles(files=_tar_members(unpacked, limit))
    if b"\\documentclass" in unpacked or b"\\begin{document}" in unpacked:
        return SourceFiles(files={SINGLE_FILE: unpacked})
    return SourceFiles()


def _gunzip(data: bytes, limit: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        unpacked = stream.read(limit + 1)
    if len(unpacked) > limit:
        raise OSError(f"it unpacks to more than {limit:,} bytes")
    return unpacked


def _is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"


def _tar_members(data: bytes, limit: int) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    left = limit
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
            for member in archive:
                if not member.isfile() or member.size > left:
                    continue
                stream = archive.extractfile(member)
                if stream is None:
                    continue
                content = stream.read(member.size)
                left -= len(content)
                files[normalise_path(member.name)] = content
    except (tarfile.TarError, OSError) as err:  # a cut-off archive: keep what was read
        log.info("e-print: the archive ends early (%s)", err)
    return files


def normalise_path(name: str) -> str:
    """*name* as a path inside the source folder (``./figs//a.png`` → ``figs/a.png``)."""
    path = posixpath.normpath(name.replace("\\", "/").lstrip("/"))
    return "" if path in (".", "..") or path.startswith("../") else path
