"""Where readinggroup keeps what it may forget: translations, HTTP answers, font metrics and the
LibreOffice profile. Its own module, so a render that reads font metrics from it does not load
the translation cache (SQLite) to learn the folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """``$READINGGROUP_CACHE_DIR``, else the platform's user cache folder."""
    override = os.environ.get("READINGGROUP_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("readinggroup"))
