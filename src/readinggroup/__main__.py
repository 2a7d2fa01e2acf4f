from __future__ import annotations

from readinggroup.cli import main

main()
