"""PDF export through LibreOffice in headless mode."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from readinggroup.errors import MissingToolError, ReadingGroupError

INSTALL_HINT = (
    "install it (Debian/Ubuntu: sudo apt-get install libreoffice-impress fonts-noto-cjk; "
    "macOS: brew install --cask libreoffice) and run again"
)
TIMEOUT_SECONDS = 300


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class LibreOfficeExporter:
    """The DeckExporter of LibreOffice in headless mode."""

    def to_pdf(self, deck: Path, pdf: Path) -> Path:
        """Write *deck* as *pdf* (see :func:`convert_to_pdf`)."""
        return convert_to_pdf(deck, pdf)


def convert_to_pdf(deck: Path, pdf: Path) -> Path:
    """Convert *deck* to *pdf*; a fresh LibreOffice profile lets runs go side by side."""
    soffice = find_soffice()
    if soffice is None:
        raise MissingToolError(f"LibreOffice (soffice) is not installed; {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="readinggroup-lo-") as scratch:
        profile = Path(scratch) / "profile"
        outdir = Path(scratch) / "out"
        command = [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(deck),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise ReadingGroupError(
                f"LibreOffice did not finish converting {deck} in {TIMEOUT_SECONDS} s; "
                "close other LibreOffice windows and run again"
            ) from None
        produced = outdir / f"{deck.stem}.pdf"
        if done.returncode != 0 or not produced.exists():
            detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            raise ReadingGroupError(f"LibreOffice could not convert {deck} ({detail[0]})")
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), pdf)
    return pdf
