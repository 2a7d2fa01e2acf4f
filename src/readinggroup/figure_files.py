"""The key figures on disk: where a found figure is written, and which picture a paper's
``figure:`` shows (checked, so a wrong path is one sentence, not a broken deck).

Paths in the session file are relative to the workspace (the folder holding ``sessions/``,
``output/`` and ``figures/``); a found figure is written as ``figures/YYYY-MM/<id>.<ext>`` so
the organiser can find and replace it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from readinggroup.atomic_files import write_atomically
from readinggroup.errors import InputError
from readinggroup.figure_choice import NO_FIGURE
from readinggroup.models import Paper
from readinggroup.months import Month

FIGURES_FOLDER = "figures"
# what a picture file may be called; anything else is "not a picture"
PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"})


@dataclass(frozen=True, slots=True)
class ShownFigure:
    """The picture a full paper slide shows: its file and size in pixels."""

    path: Path
    pixels: tuple[int, int]
    caption: str = ""


def found_figure_path(month: Month, paper_id: str, extension: str) -> str:
    """Where the figure found for *paper_id* goes, relative to the workspace
    (``figures/2021-10/2109.04454.png``; an old-style id's ``/`` becomes ``_``)."""
    return f"{FIGURES_FOLDER}/{month}/{paper_id.replace('/', '_')}.{extension}"


class FigureFolder:
    """The workspace's figure files (a FigureStore): *root* is the workspace folder."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def exists(self, relative: str) -> bool:
        return (self._root / relative).is_file()

    def save(self, relative: str, data: bytes) -> None:
        path = self._root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, lambda stream: stream.write(data))


def shown_figures(papers: Iterable[Paper], root: Path, *, where: str) -> dict[str, ShownFigure]:
    """By id, the picture each of *papers* shows (those without one left out); the first
    ``figure:`` that names no readable picture is refused (see :func:`shown_figure`)."""
    shown = {paper.id: shown_figure(paper, root, where=where) for paper in papers}
    return {paper_id: figure for paper_id, figure in shown.items() if figure is not None}


def shown_figure(paper: Paper, root: Path, *, where: str) -> ShownFigure | None:
    """The picture *paper*'s full slide shows (None: no picture), its file checked.

    ``none``, nothing yet, or a figure number the figures stage has not found show nothing.
    Raises InputError (*where* names the session file) for a path that is not there, a file
    that is not a picture, or a picture Pillow cannot open.
    """
    record = paper.found_figure
    choice = paper.figure
    if not choice or choice == NO_FIGURE:
        return None
    if choice.isdigit():
        if record is None or record.number != int(choice):
            return None
        relative = record.file
    else:
        relative = choice
    caption = record.caption if record is not None and record.file == relative else ""
    path = root / PurePosixPath(relative)
    said = f"{where}: {paper.id} figure: {relative}"
    if not path.exists():
        raise InputError(
            f"{said} does not exist; put the picture there, write another path, or write none"
        )
    if not path.is_file() or path.suffix.lower() not in PICTURE_SUFFIXES:
        raise InputError(
            f"{said} is not a picture; name a PNG or JPEG file (or write none for no figure)"
        )
    return ShownFigure(path, _pixels(path, said), caption)


def _pixels(path: Path, said: str) -> tuple[int, int]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
            return image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as err:
        raise InputError(
            f"{said} cannot be opened as a picture ({err}); save it again as PNG or JPEG"
        ) from None
