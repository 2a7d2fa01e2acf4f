"""Opening the organiser's template (.pptx, .potx) or the built-in look; the deck's docProps."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from readinggroup.builtin_deck import DECK, EMU_PER_INCH
from readinggroup.errors import InputError

_OTHER_MAIN_TYPES = (  # a template (.potx), a show (.ppsx), a deck with macros (.pptm, not run)
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
)
# PowerPoint's own limit for a file is 2 GB, but a template is its layouts and a few pictures
TEMPLATE_LIMIT_BYTES = 200 * 10**6
_DECK_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_APP_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">\
<Application>readinggroup</Application><Slides>{slides}</Slides><Notes>{slides}</Notes>\
<HiddenSlides>0</HiddenSlides><PresentationFormat>{format}</PresentationFormat></Properties>"""


def open_template(template: Path | None) -> tuple[Any, bool]:
    """The presentation to fill and whether it is the organiser's (*template*) or built in."""
    from pptx import Presentation
    from pptx.util import Inches

    from readinggroup.render.theme import BUILT_IN_PALETTE, set_palette

    if template is None:
        presentation = Presentation()
        presentation.slide_width = Inches(DECK.width_in)
        presentation.slide_height = Inches(DECK.height_in)
        set_palette(presentation.slide_master, BUILT_IN_PALETTE)
        return presentation, False
    try:
        presentation = Presentation(io.BytesIO(_deck_bytes(template)))
        _open_every_layout(presentation)
    except (KeyError, ValueError, SyntaxError) as err:  # lxml's XMLSyntaxError is one
        raise InputError(
            f"template {template} is a zip archive python-pptx cannot read as a deck ({err}); "
            "save it again from PowerPoint, Keynote, LibreOffice or Google Slides as .pptx"
        ) from None
    _remove_existing_slides(presentation)
    return presentation, True


def _open_every_layout(presentation: Any) -> None:
    """Read each master's layouts and theme now: python-pptx opens them only when asked, and a
    template whose layout or theme parts were removed would fail midway through the render."""
    from pptx.opc.constants import RELATIONSHIP_TYPE

    for master in presentation.slide_masters:
        master.part.part_related_by(RELATIONSHIP_TYPE.THEME)
        for layout in master.slide_layouts:
            list(layout.placeholders)


def _deck_bytes(template: Path) -> bytes:
    """The template as .pptx bytes (a .potx's main content type rewritten), or one clear error."""
    from readinggroup.textfiles import read_file_bytes

    data = read_file_bytes(template, what="the template", limit=TEMPLATE_LIMIT_BYTES)
    if data is None:
        raise InputError(f"template {template} not found; fix the path or leave it empty")
    problem = _problem(data)
    if problem:
        raise InputError(
            f"template {template} is {problem}, not a PowerPoint deck; "
            "point `template` at a .pptx or .potx file"
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
        other = next((kind for kind in _OTHER_MAIN_TYPES if kind in types), None)
        if other is None:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for item in archive.infolist():
                body = archive.read(item)
                if item.filename == "[Content_Types].xml":
                    body = types.replace(other, _DECK_TYPE).encode("utf-8")
                copy.writestr(item, body)
        return out.getvalue()


def _problem(data: bytes) -> str:
    """What *data* is when it is not a readable deck ("" when it looks like one)."""
    if not data:
        return "an empty file"
    if data.startswith(b"version https://git-lfs"):
        return "a Git LFS pointer (run `git lfs pull` to fetch the real file)"
    if not data.startswith(b"PK"):
        return "not a zip archive"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if archive.testzip() is not None:
                return "a damaged zip archive"
    except (zipfile.BadZipFile, EOFError, OSError):
        return "a truncated or damaged zip archive"
    if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
        return "a zip archive without a presentation in it"
    return ""


def _remove_existing_slides(presentation: Any) -> None:
    slide_ids = presentation.slides._sldIdLst
    for slide_id in list(slide_ids):
        presentation.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


def render_stamp(config: Any, template: Path | None) -> str:
    """What a deck was rendered from besides its files: settings, template path, renderer."""
    from readinggroup import __version__  # the installed version, without importlib.metadata

    digest = hashlib.sha256(__version__.encode("utf-8"))
    # an edited renderer (a development install) makes older decks stale too
    code = max(path.stat().st_mtime_ns for path in Path(__file__).parent.glob("*.py"))
    digest.update(str(code).encode("utf-8"))
    digest.update(config.as_json().encode("utf-8"))
    digest.update(str(template).encode("utf-8"))
    return digest.hexdigest()[:20]


def deck_is_current(deck: Path, inputs: Sequence[Path], stamp: str) -> bool:
    """Whether *deck* is newer than every existing one of *inputs* and carries *stamp*."""
    try:
        written = deck.stat().st_mtime
        if any(path.exists() and path.stat().st_mtime >= written for path in inputs):
            return False
        with zipfile.ZipFile(deck) as archive:
            core = archive.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f">{stamp}<".encode() in core


def describe_deck(presentation: Any, *, title: str, author: str, stamp: str = "") -> None:
    """docProps that describe this deck (title, slide count), not the template it came from;
    *stamp* (see `render_stamp`) lets `export` reuse it."""
    from xml.sax.saxutils import escape  # here: `export` of a current deck loads no XML writer

    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    core = presentation.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = "readinggroup"
    core.subject = core.keywords = core.comments = core.category = ""
    core.revision = 1
    core.identifier = stamp
    core.created = core.modified = now
    count = len(presentation.slides)
    width, height = presentation.slide_width, presentation.slide_height
    size = f"{width / EMU_PER_INCH:.2f}x{height / EMU_PER_INCH:.2f} in"
    for part in presentation.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _APP_XML.format(slides=count, format=escape(size)).encode("utf-8")
