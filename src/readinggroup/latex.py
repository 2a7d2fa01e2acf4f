"""LaTeX in arXiv titles and abstracts (``$\\infty$-former``, ``$100\\times$``) as Unicode."""

from __future__ import annotations

import re
from functools import lru_cache

_MARKUP = re.compile(r"\$|\\[A-Za-z]+|\\[^A-Za-z\s]|[{}]")


@lru_cache(maxsize=4096)
def latex_to_unicode(text: str) -> str:
    """*text* with LaTeX math and macros rendered as Unicode (pylatexenc); plain text unchanged."""
    if not _MARKUP.search(text):
        return text
    from pylatexenc.latex2text import LatexNodes2Text

    converted: str = LatexNodes2Text(math_mode="text", strict_latex_spaces=True).latex_to_text(text)
    return " ".join(converted.split()) if "\n" not in text else converted
