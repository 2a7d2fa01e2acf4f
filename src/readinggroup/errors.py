"""The errors readinggroup reports to users, each with its exit code.

Every message is one sentence that names the problem and what to do about it.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes, documented in the README."""

    OK = 0
    INPUT = 1  # a file the user wrote (session, config, list) is wrong
    USAGE = 2  # a command-line argument is wrong (click's own code)
    SERVICE = 3  # an outside service failed or answered something unusable
    PARTIAL = 4  # some papers failed; what succeeded is saved, run again to retry
    MISSING_TOOL = 5  # an external program (LibreOffice) is not installed


class ReadingGroupError(Exception):
    """Base class: a failure the user can act on."""

    exit_code: ExitCode = ExitCode.INPUT


class InputError(ReadingGroupError):
    """A file the user wrote, or an argument, is wrong."""


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
