"""Benchmark: rendering and exporting against their floors, measured side by side in one run.

    python bench/bench_render.py

Prints, each as a ratio to its floor (median of three runs, wall time):
- a warm ``render 2021-10`` of the shipped example vs a python-pptx script writing 25 slides with
  a few text boxes and speaker notes each;
- ``render`` of a generated 200-paper session (205 slides) vs the same script at 205 slides, and
  the render's peak memory;
- ``export --pdf`` after a render vs bare ``soffice --convert-to pdf`` of the same deck (its own
  profile, kept between runs as export keeps its own).
Not a test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
FLOOR = """
import sys
from pptx import Presentation
from pptx.util import Inches, Pt
deck = Presentation()
deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
layout = deck.slide_layouts[6]
for number in range(int(sys.argv[2])):
    slide = deck.slides.add_slide(layout)
    for top in range(5):
        box = slide.shapes.add_textbox(
            Inches(0.5), Inches(0.3 + top * 1.4), Inches(12), Inches(1.2)
        )
        box.text_frame.text = "ConvMLP：視覚のための階層的畳み込みMLP " * 6
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    slide.notes_slide.notes_text_frame.text = "English abstract " * 80
deck.save(sys.argv[1])
"""


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr}")
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def report(what: str, took: float, floor: float, extra: str = "") -> None:
    print(f"{what:<20} {took:6.2f} s  floor {floor:5.2f} s  ×{took / floor:.2f}{extra}")


def unshared(paper: Any) -> Any:
    """*paper* with containers of its own (the YAML writer would anchor shared ones)."""
    changes = {}
    for item in fields(paper):
        value = getattr(paper, item.name)
        if isinstance(value, date):
            changes[item.name] = date.fromordinal(value.toordinal())
        elif isinstance(value, tuple):
            changes[item.name] = tuple(list(value))
        elif isinstance(value, Mapping):
            changes[item.name] = dict(value)
        elif is_dataclass(value) and not isinstance(value, type):
            changes[item.name] = unshared(value)
    return replace(paper, **changes)


def big_session(root: Path) -> None:
    """A 200-paper session: the example's papers repeated under new ids, two lists of 100."""
    sys.path.insert(0, str(REPO / "src"))
    from readinggroup.models import ListEntry
    from readinggroup.session import load_session, save_session

    path = root / "sessions" / "2021-10.yaml"
    session = load_session(path)
    papers, lists = [], []
    for number, ranked in enumerate(session.lists):
        entries = []
        for rank in range(1, 101):
            source = session.papers[(rank + number) % len(session.papers)]
            paper_id = f"2109.{9000 + number * 100 + rank:05d}"
            copy = replace(source, id=paper_id, pickup=rank == 3 and number == 0)
            papers.append(unshared(copy))
            entries.append(ListEntry(rank=rank, id=paper_id))
        lists.append(replace(ranked, entries=tuple(entries), size=100))
    save_session(replace(session, papers=tuple(papers), lists=tuple(lists)), path)


def main() -> None:
    cli = [str(Path(sys.executable).with_name("readinggroup"))]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        env = {**os.environ, "READINGGROUP_CACHE_DIR": str(root / "cache")}
        example = root / "example"
        (example / "sessions").mkdir(parents=True)
        shutil.copy(REPO / "sessions" / "2021-10.yaml", example / "sessions")
        render = [*cli, "-C", str(example), "render", "2021-10"]
        subprocess.run(render, check=True, capture_output=True, env=env)
        floor = [sys.executable, "-c", FLOOR, str(root / "floor.pptx")]
        rendered, floor_25 = timed(render, env), timed([*floor, "25"])
        report("render 2021-10", rendered, floor_25)

        large = root / "large"
        (large / "sessions").mkdir(parents=True)
        shutil.copy(REPO / "sessions" / "2021-10.yaml", large / "sessions")
        big_session(large)
        render_large = [*cli, "-C", str(large), "render", "2021-10"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        large_time, floor_205 = timed(render_large, env), timed([*floor, "205"])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            f"render 200 papers     {large_time:6.2f} s  floor {floor_205:5.2f} s  "
            f"×{large_time / floor_205:.2f}  peak memory {max(peak, before) / 1024:.0f} MiB"
        )

        export = [*cli, "-C", str(example), "export", "2021-10", "--pdf"]
        subprocess.run(export, check=True, capture_output=True, env=env)
        profile = (root / "bare-profile").as_uri()
        bare = [
            "soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
            "--convert-to", "pdf", "--outdir", str(root / "bare"),
            str(example / "output" / "2021-10.pptx"),
        ]  # fmt: skip
        subprocess.run(bare, check=True, capture_output=True)
        exported, soffice = timed(export, env), timed(bare)
        report("export --pdf", exported, soffice)


if __name__ == "__main__":
    main()
