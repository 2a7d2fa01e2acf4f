"""Print the summary figures of issue 10 on the shipped 2021-10 session, every line blanked.

    python bench/summary_figures.py

Per line: how many of the 16 papers got a draft (translator none, and a fake translator that
prefixes "JA:"), the longest line in em (one slide line is cues.LINE_EM), and how the 固有名
line compares with the organiser's own.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fakes import FakeTranslator  # noqa: E402
from tests.test_names_table import EXPECTED  # noqa: E402
from tests.test_summarize_example import LINES, blanked  # noqa: E402

from readinggroup.session import load_session  # noqa: E402
from readinggroup.stages.summarize import summarize_session  # noqa: E402
from readinggroup.text.clauses import LINE_EM  # noqa: E402
from readinggroup.text.script import text_width  # noqa: E402


def main() -> None:
    organiser = {p.id: p.summary for p in load_session(ROOT / "sessions" / "2021-10.yaml").papers}
    for label, translator in (("none", None), ("fake", FakeTranslator())):
        session, _ = summarize_session(blanked(), translator=translator)
        for line in LINES:
            texts = [p.summary.get(line) for p in session.papers]  # type: ignore[arg-type]
            filled = [t for t in texts if t]
            widest = max(text_width(t) for t in filled)
            print(
                f"{label:5} {line:8} filled {len(filled)}/16  widest {widest:.1f} em (≤ {LINE_EM})"
            )
    session, _ = summarize_session(blanked(), translator=None)
    same = coined = 0
    for paper in session.papers:
        ours = [n for n in paper.summary.names.split("、") if n]
        theirs = [n for n in organiser[paper.id].names.split("、") if n]
        same += set(ours) == set(theirs)
        coined += all(name in ours for name in EXPECTED[paper.id])
        print(f"  {paper.id}  ours: {'、'.join(ours) or '—'}  organiser: {'、'.join(theirs)}")
    print(
        f"固有名: all coined names found {coined}/16, identical to the organiser's line {same}/16"
    )


if __name__ == "__main__":
    main()
