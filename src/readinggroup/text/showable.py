"""Characters a slide cannot hold: XML 1.0 refuses the C0 controls but tab, newline and carriage
return, U+FFFE/U+FFFF and lone surrogates (not even UTF-8), so a deck holding one could not be
written. The session file refuses them by line; text from elsewhere has them dropped."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, TypeVar

NOT_FOR_SLIDES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
T = TypeVar("T")


def showable(text: str) -> str:
    """*text* without the characters a slide cannot hold."""
    return NOT_FOR_SLIDES.sub("", text)


def without_unshowable(value: T) -> T:
    """*value* (text, or tuples, mappings and frozen records of it) with :func:`showable` text."""
    cleaned: Any = value
    if isinstance(value, str):
        cleaned = showable(value)
    elif isinstance(value, tuple):
        cleaned = tuple(without_unshowable(part) for part in value)
    elif isinstance(value, Mapping):
        cleaned = {key: without_unshowable(part) for key, part in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {item.name: getattr(value, item.name) for item in dataclasses.fields(value)}
        parts = {name: without_unshowable(part) for name, part in fields.items()}
        cleaned = value if parts == fields else dataclasses.replace(value, **parts)
    return cleaned  # type: ignore[no-any-return]
