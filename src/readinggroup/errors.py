"""The errors readinggroup reports to users, each with its exit code.

Every message is one sentence that names the problem and what to do about it.
"""

from __future__ import annotations

import errno
from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    INPUT = 1  # a file the user wrote (session, config, list) is wrong
    USAGE = 2  # a command-line argument is wrong (click's own code)
    SERVICE = 3  # an outside service failed or answered something unusable
    PARTIAL = 4  # some papers failed; what succeeded is saved, run again to retry
    MISSING_TOOL = 5  # an external program (LibreOffice) is not installed
    INTERNAL = 70  # a bug in readinggroup (EX_SOFTWARE): one line, details with -v


class ReadingGroupError(Exception):
    """Base class: a failure the user can act on."""

    exit_code: ExitCode = ExitCode.INPUT


class InputError(ReadingGroupError):
    """A file the user wrote, or an argument, is wrong."""


class ArgumentError(InputError):
    """A command-line argument is wrong in a way only the run can tell (a month whose
    window has not begun): exit 2, like the arguments click refuses."""

    exit_code = ExitCode.USAGE


class SessionFileError(InputError):
    """The session file cannot be read; it is left untouched."""


class ConfigError(InputError):
    """readinggroup.toml is wrong."""


class SourceError(ReadingGroupError):
    """An outside service failed (network, 429, 5xx, unusable answer)."""

    exit_code = ExitCode.SERVICE

    def __init__(self, service: str, problem: str, hint: str = "") -> None:
        self.service = service
        self.problem = problem
        text = f"{service}: {problem}"
        if hint:
            text += f"; {hint}"
        super().__init__(text)


class TranslationError(SourceError):
    """The translation service failed for one text."""


class PartialFailure(ReadingGroupError):
    """Some items failed; everything that succeeded has been saved."""

    exit_code = ExitCode.PARTIAL


class MissingToolError(ReadingGroupError):
    """An external program is missing."""

    exit_code = ExitCode.MISSING_TOOL


_OS_PROBLEMS = {
    errno.EACCES: (
        "permission denied",
        "check its permissions, or work in another folder",
    ),
    errno.EPERM: ("permission denied", "check its permissions, or work in another folder"),
    errno.EROFS: ("is on a read-only file system", "work in a folder you can write to"),
    errno.ENOSPC: ("no space left on the disk", "free some space and run again"),
    errno.EEXIST: ("is a file where a folder is needed", "move or rename that file"),
    errno.ENOTDIR: ("a part of this path is a file, not a folder", "move or rename that file"),
    errno.EISDIR: ("is a folder where a file is needed", "move or rename that folder"),
    errno.ENOENT: ("does not exist", "check the path"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter path"),
    errno.ELOOP: (
        "is a symbolic link that leads back to itself",
        "point it at a real folder or file, or remove it",
    ),
}


def describe_os_error(err: OSError, *, unnamed: str = "a file") -> str:
    """One sentence for a file-system failure: the path (*unnamed* when the error names
    none), what is wrong, what to do."""
    code = err.errno or 0
    filename = err.filename
    if filename is not None and code in (errno.ELOOP, errno.EEXIST, errno.ENOTDIR, errno.ENOENT):
        looping = looping_part(filename)
        if looping is not None:  # a folder on the way is a link to itself: name that one
            filename, code = looping, errno.ELOOP
    path = _shown_path(filename) if filename is not None else unnamed
    problem, advice = _OS_PROBLEMS.get(
        code, (err.strerror or type(err).__name__, "check the path and its permissions")
    )
    return f"{path}: {problem}; {advice}"


def looping_part(filename: object) -> str | None:
    """The first part of *filename* that is a symbolic link leading back to itself, if any."""
    import os
    from pathlib import Path

    path = Path(os.fsdecode(filename))  # type: ignore[arg-type]
    for part in [*reversed(path.parents[:-1]), path]:
        try:
            part.stat()
        except OSError as err:
            return str(part) if err.errno == errno.ELOOP else None
    return None


def _shown_path(filename: object) -> str:
    """*filename* as the user knows it: relative to the working folder, and a temporary or
    lock file (``.name.tmp``, ``.name.lock``) shown as the folder it was being written in."""
    import os
    from pathlib import Path

    path = Path(os.fsdecode(filename))  # type: ignore[arg-type]
    if path.name.startswith(".") and path.name.endswith((".tmp", ".lock")):
        path = path.parent
    # absolute and relative by the names alone: following links (Path.resolve) fails on a
    # link that loops, which is just what such a message may be about
    try:
        shown = os.path.relpath(path.absolute(), Path.cwd())
    except (ValueError, OSError):
        return str(path)
    outside = shown == os.pardir or shown.startswith(os.pardir + os.sep)
    return str(path) if outside else shown
