"""Figure files as pictures a deck can show: PNG or JPEG bytes, or None when unreadable.

PNG and JPEG are kept as they are; a PDF figure is drawn with PDFium (``pypdfium2``), its first
page at about :data:`RENDER_SIDE` pixels on its longer side; other pictures Pillow reads (GIF,
TIFF, WebP …) become PNG. EPS/PostScript, which only Ghostscript could draw, and anything
Pillow cannot open count as unreadable: the finder takes the next figure.

A paper's PDF without a usable source yields its largest embedded picture instead
(:func:`embedded_images`): figures drawn as vectors have none, photographs and plots saved as
pictures do.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass

log = logging.getLogger(__name__)
RENDER_SIDE = 1600  # pixels on the longer side of a drawn PDF figure
MIN_SIDE = 200  # an embedded picture smaller than this on either side is an icon or a logo
MAX_PIXELS = 60_000_000  # larger pictures are refused (Pillow's decompression-bomb guard)


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture the deck can show."""

    data: bytes
    extension: str  # "png" or "jpg"
    width: int
    height: int


def usable_picture(data: bytes) -> Picture | None:
    """*data* (any figure file) as a PNG or JPEG, or None when it cannot be shown."""
    if data.startswith(b"%PDF"):
        return render_pdf_figure(data)
    if data.startswith((b"%!PS", b"\xc5\xd0\xd3\xc6")):  # EPS, plain or with a binary header
        return None
    return _pillow_picture(data)


def _pillow_picture(data: bytes) -> Picture | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS or image.format in ("EPS", "PDF"):
                    return None
                image.load()  # a truncated file fails here, not later in the deck
                if image.format == "PNG":
                    return Picture(data, "png", image.width, image.height)
                if image.format == "JPEG":
                    return Picture(data, "jpg", image.width, image.height)
                return _as_png(image)
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        ValueError,
        SyntaxError,
        Warning,
    ) as err:
        log.debug("figure: not a picture Pillow reads (%s)", err)
        return None


def _as_png(image: object) -> Picture:
    from PIL import Image

    assert isinstance(image, Image.Image)
    converted = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    out = io.BytesIO()
    converted.save(out, format="PNG", optimize=True)
    return Picture(out.getvalue(), "png", converted.width, converted.height)


def render_pdf_figure(data: bytes) -> Picture | None:
    """The first page of the PDF figure *data*, drawn on white at ~RENDER_SIDE pixels."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        log.debug("figure: not a PDF PDFium reads (%s)", err)
        return None
    try:
        if len(document) == 0:
            return None
        page = document[0]
        width, height = page.get_size()
        if width <= 0 or height <= 0:
            return None
        scale = min(max(RENDER_SIDE / max(width, height), 0.5), 16.0)
        image = page.render(scale=scale).to_pil()
        return _as_png(image)
    except pdfium.PdfiumError as err:
        log.debug("figure: PDFium could not draw it (%s)", err)
        return None
    finally:
        document.close()


def embedded_images(pdf: bytes, *, min_side: int = MIN_SIDE) -> list[Picture]:
    """The pictures embedded in the paper's *pdf*, page by page, at least *min_side* pixels
    on both sides; an unreadable PDF has none."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as err:
        log.info("figure: the paper's PDF is not readable (%s)", err)
        return []
    pictures: list[Picture] = []
    try:
        for page in document:
            for item in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,)):
                if not isinstance(item, pdfium.PdfImage):
                    continue
                width, height = item.get_px_size()
                if min(width, height) < min_side or width * height > MAX_PIXELS:
                    continue
                picture = _image_object(item)
                if picture is not None:
                    pictures.append(picture)
    except pdfium.PdfiumError as err:
        log.info("figure: stopped reading the paper's PDF (%s)", err)
    finally:
        document.close()
    return pictures


def _image_object(item: object) -> Picture | None:
    """An embedded picture as a file: a JPEG's own bytes, anything else decoded to PNG."""
    import pypdfium2 as pdfium

    assert isinstance(item, pdfium.PdfImage)
    try:
        if item.get_filters() == ["DCTDecode"]:
            jpeg = _pillow_picture(bytes(item.get_data(decode_simple=False)))
            if jpeg is not None and jpeg.extension == "jpg":
                return jpeg
        return _as_png(item.get_bitmap(render=False).to_pil())
    except (pdfium.PdfiumError, OSError, ValueError) as err:
        log.debug("figure: an embedded picture could not be read (%s)", err)
        return None


def largest(pictures: list[Picture]) -> Picture | None:
    """The picture with the most pixels (the first of equals), or None."""
    return max(pictures, key=lambda picture: picture.width * picture.height, default=None)
