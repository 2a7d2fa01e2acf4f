"""PDF and PNG export: LibreOffice in headless mode, poppler's pdftoppm, a contact sheet by Pillow.

One LibreOffice profile is kept in the cache folder: building a fresh one costs about a second on
every export.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from readinggroup.errors import MissingToolError, ReadingGroupError

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "install it (Debian/Ubuntu: sudo apt-get install libreoffice-impress fonts-noto-cjk "
    "fonts-noto-core; macOS: brew install --cask libreoffice) and run again"
)
POPPLER_HINT = (
    "install poppler (Debian/Ubuntu: sudo apt-get install poppler-utils; macOS: brew install "
    "poppler) and run again"
)
TIMEOUT_SECONDS = 300
SLIDE_WIDTH_PX = 960
SHEET_COLUMNS = 5
SHEET_THUMB_PX = 320
SHEET_GAP_PX = 8
_TYPEFACE = re.compile(rb'<a:(latin|ea) typeface="([^"+][^"]*)"')


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def default_profile() -> Path:
    """The LibreOffice profile kept under the cache folder (``$READINGGROUP_CACHE_DIR``)."""
    from readinggroup.cache_dir import default_cache_dir

    return default_cache_dir() / "libreoffice-profile"


class LibreOfficeExporter:
    """The DeckExporter of LibreOffice in headless mode; *profile* defaults to the cache's;
    *font_installed* says whether fontconfig has a family itself (the renderer's lookup)."""

    def __init__(
        self, profile: Path | None = None, *, font_installed: Callable[[str], bool]
    ) -> None:
        self._profile = profile
        self._font_installed = font_installed

    def to_pdf(self, deck: Path, pdf: Path) -> Path:
        """Write *deck* as *pdf* (see :func:`convert_to_pdf`)."""
        warn_missing_fonts(deck, installed=self._font_installed)
        return convert_to_pdf(deck, pdf, profile=self._profile or default_profile())

    def to_png(self, pdf: Path, folder: Path) -> Path:
        """One PNG per page of *pdf* in *folder* and a contact sheet; returns the sheet."""
        slides = pdf_to_pngs(pdf, folder)
        return contact_sheet(slides, folder / "contact-sheet.png")


def convert_to_pdf(deck: Path, pdf: Path, *, profile: Path) -> Path:
    """Convert *deck* to *pdf* with the LibreOffice *profile* folder (created when missing)."""
    soffice = find_soffice()
    if soffice is None:
        raise MissingToolError(f"LibreOffice (soffice) is not installed; {INSTALL_HINT}")
    from filelock import FileLock

    profile.mkdir(parents=True, exist_ok=True)
    # one LibreOffice per profile at a time: a second one would hand its work to the first and
    # exit without converting anything
    with (
        FileLock(str(profile.with_name(f"{profile.name}.lock"))),
        tempfile.TemporaryDirectory(prefix="readinggroup-lo-") as scratch,
    ):
        outdir = Path(scratch)
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(deck),
        ]
        done = _run(command, f"converting {deck}")
        produced = outdir / f"{deck.stem}.pdf"
        if done.returncode != 0 or not produced.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ReadingGroupError(f"LibreOffice could not convert {deck} ({detail[0]})")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return pdf


def pdf_to_pngs(pdf: Path, folder: Path) -> list[Path]:
    """``slide-01.png``… in *folder*, one per page of *pdf* (older slide images removed).

    pdftoppm writes plain pixmaps and Pillow compresses them: poppler's own PNG writer takes
    more than twice as long.
    """
    from PIL import Image

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise MissingToolError(f"pdftoppm is not installed; {POPPLER_HINT}")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("slide-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="readinggroup-png-") as scratch:
        command = [pdftoppm, "-scale-to", str(SLIDE_WIDTH_PX), str(pdf), f"{scratch}/p"]
        done = _run(command, f"drawing {pdf}")
        pages = sorted(Path(scratch).glob("p-*.ppm"), key=lambda p: int(p.stem.split("-")[-1]))
        if done.returncode != 0 or not pages:
            raise ReadingGroupError(f"pdftoppm could not draw {pdf} ({done.stderr.strip()})")
        slides = []
        for number, page in enumerate(pages, start=1):
            target = folder / f"slide-{number:02d}.png"
            with Image.open(page) as image:
                image.save(target, compress_level=6)
            slides.append(target)
    return slides


def contact_sheet(slides: Sequence[Path], out: Path) -> Path:
    """*slides* as thumbnails on one image, in rows of five, written to *out*."""
    from PIL import Image

    thumbs = []
    for path in slides:
        with Image.open(path) as image:
            image.thumbnail((SHEET_THUMB_PX, SHEET_THUMB_PX * 4))
            thumbs.append(image.convert("RGB"))
    width = max(thumb.width for thumb in thumbs)
    height = max(thumb.height for thumb in thumbs)
    columns = min(SHEET_COLUMNS, len(thumbs))
    rows = -(-len(thumbs) // columns)
    gap = SHEET_GAP_PX
    sheet = Image.new(
        "RGB", (columns * (width + gap) + gap, rows * (height + gap) + gap), (128, 128, 128)
    )
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        sheet.paste(thumb, (gap + column * (width + gap), gap + row * (height + gap)))
    # 256 colours are plenty for slides at this size and make the sheet a quarter as big to share
    sheet.quantize(colors=256, method=Image.Quantize.FASTOCTREE).save(out, optimize=True)
    return out


def deck_fonts(deck: Path) -> set[str]:
    """The typefaces *deck*'s slides name, and its theme's Latin ones when no run names one."""
    slides: set[tuple[bytes, bytes]] = set()
    themes: set[tuple[bytes, bytes]] = set()
    with zipfile.ZipFile(deck) as archive:
        for item in archive.namelist():
            if item.endswith(".xml") and item.startswith(("ppt/slides/slide", "ppt/theme/")):
                found = set(_TYPEFACE.findall(archive.read(item)))
                (slides if item.startswith("ppt/slides/") else themes).update(found)
    named = slides if any(script == b"latin" for script, _ in slides) else slides | themes
    return {name.decode("utf-8") for _, name in named}


def warn_missing_fonts(deck: Path, *, installed: Callable[[str], bool]) -> None:
    """Log a warning for each font *deck* names that this machine does not have (*installed*
    False for it)."""
    if shutil.which("fc-match") is None:
        return
    for name in sorted(deck_fonts(deck)):
        if not installed(name):
            log.warning(
                "the deck uses the font %s, which is not installed here; the PDF will show a "
                "substitute (install it, or set fonts in readinggroup.toml)",
                name,
            )


def _run(command: list[str], doing: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise ReadingGroupError(
            f"{Path(command[0]).name} did not finish {doing} in {TIMEOUT_SECONDS} s; "
            "close other LibreOffice windows and run again"
        ) from None
