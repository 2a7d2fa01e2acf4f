"""What `metrics.text_metrics` found, kept in the cache folder so a render runs neither
``fc-match`` nor fontTools again while the fonts stay as they are.

An entry holds the widths and line heights for one (latin, East Asian, bold) pairing, the font
files they were read from with their modification times, and a stamp of fontconfig's own inputs:
its configuration, its caches and the modification times of every folder under the font
directories (what fontconfig itself checks before trusting its cache). A font installed, removed
or replaced, or a changed configuration, changes the stamp and the entry is read afresh.
Unreadable or stale entries are ignored; a cache that cannot be written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from readinggroup.atomic_files import write_text_atomically

log = logging.getLogger(__name__)

FOLDER = "font-metrics"
_VERSION = 1  # bump when what is stored (or how it is measured) changes
_CONFIG_PLACES = ("/etc/fonts", "/etc/fonts/conf.d", "~/.config/fontconfig")
_CACHE_PLACES = ("/var/cache/fontconfig", "~/.cache/fontconfig")
_FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def fontconfig_stamp() -> str:
    """A digest of what decides which file ``fc-match`` names for a family."""
    digest = hashlib.sha256(str(shutil.which("fc-match")).encode("utf-8"))
    places = [Path(place).expanduser() for place in (*_CONFIG_PLACES, *_CACHE_PLACES)]
    for folder in [*places, *_font_folders()]:
        try:
            digest.update(f"{folder}\0{folder.stat().st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{folder}\0-\n".encode())
    return digest.hexdigest()


def _font_folders() -> Iterator[Path]:
    for root in _FONT_ROOTS:
        for folder, _, _ in os.walk(Path(root).expanduser()):
            yield Path(folder)


def file_stamps(paths: Sequence[str]) -> list[list[Any]]:
    """[path, modification time] for each font file *paths* names."""
    stamps: list[list[Any]] = []
    for path in paths:
        try:
            stamps.append([path, Path(path).stat().st_mtime_ns])
        except OSError:
            stamps.append([path, None])
    return stamps


def load(directory: Path, key: str) -> dict[str, Any] | None:
    """The entry stored for *key* under *directory*, if its fonts and fontconfig are unchanged."""
    try:
        entry = json.loads(_entry_path(directory, key).read_text(encoding="utf-8"))
        if not isinstance(entry, dict) or entry.get("version") != _VERSION:
            return None
        if entry.get("key") != key or entry.get("fontconfig") != fontconfig_stamp():
            return None
        files = entry.get("files", [])
        if file_stamps([path for path, _ in files]) != files:
            return None
        return entry
    except (OSError, ValueError, TypeError):
        return None


def store(directory: Path, key: str, files: Sequence[str], values: Mapping[str, Any]) -> None:
    """Keep *values* for *key*, stamped with *files* and fontconfig's state (atomically)."""
    entry = {
        "version": _VERSION,
        "key": key,
        "fontconfig": fontconfig_stamp(),
        "files": file_stamps(files),
        **values,
    }
    target = _entry_path(directory, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, json.dumps(entry, separators=(",", ":")))
    except OSError as err:  # a cache that cannot be written only costs time
        log.debug("cannot keep font metrics in %s (%s)", target, err)


def _entry_path(directory: Path, key: str) -> Path:
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return directory / FOLDER / f"{name}.json"
