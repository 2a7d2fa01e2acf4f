"""Benchmark: each command against its floor, measured side by side in the same run.

    python bench/bench_speed.py [--repeat 7] [--no-bytecode]

Prints the median wall time of the command and of its floor and their ratio (target in
brackets), the CPU-time ratio beside it (steadier on a busy machine), then the peak memory
(max RSS) of the 200-paper render:

- ``readinggroup --help``                  vs ``python -c "import click"``          (≤ 1.5×)
- warm ``readinggroup build 2021-10``      vs python-pptx writing the same 25 slides (≤ 1.8×)
- ``render`` of a 200-paper session        vs the same floor at 205 slides          (≤ 1.5×)
- ``export --pdf`` after ``build``         vs bare ``soffice --convert-to pdf``      (≤ 1.2×)

The build runs in a temporary copy of the shipped ``sessions/2021-10.yaml`` (every field
filled, so nothing is fetched or translated); the 200-paper session is made from its papers
under new ids. The floor script (:data:`FLOOR_SCRIPT`) writes, with plain python-pptx on the
default template, the slides the command wrote: read back from the command's deck before the
timing starts, the same text boxes, the same paragraphs and runs with the same text and font
size, the same speaker notes. Runs alternate command / floor so a busy machine slows both.

Children run with a bytecode cache (``PYTHONPYCACHEPREFIX`` in the scratch folder), as after a
``pip install`` that byte-compiles; ``--no-bytecode`` keeps ``PYTHONDONTWRITEBYTECODE`` as set,
so every run compiles the package's sources again (an editable install on such a machine).
The cache folder (``READINGGROUP_CACHE_DIR``) is in the scratch folder too. Not a test: run it
by hand; it exits 1 when a ratio misses its target.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "sessions" / "2021-10.yaml"
MONTH = "2021-10"
BIG_PAPERS = 200

# The floor: python-pptx alone, writing the text boxes (and the one pickup shape) it is given.
FLOOR_SCRIPT = """\
import json
import sys

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Pt

content = json.loads(open(sys.argv[1], encoding="utf-8").read())
deck = Presentation()
deck.slide_width, deck.slide_height = Emu(content["width"]), Emu(content["height"])
blank = deck.slide_layouts[6]
for spec in content["slides"]:
    slide = deck.slides.add_slide(blank)
    for box in spec["boxes"]:
        left, top, width, height = (Emu(value) for value in box["place"])
        if box["badge"]:
            shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, height)
        else:
            shape = slide.shapes.add_textbox(left, top, width, height)
        frame = shape.text_frame
        frame.word_wrap = True
        for index, paragraph in enumerate(box["paragraphs"]):
            target = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            for text in paragraph:
                run = target.add_run()
                run.text = text
                run.font.size = Pt(box["size"])
    if spec["notes"] is not None:
        slide.notes_slide.notes_text_frame.text = spec["notes"]
deck.save(sys.argv[2])
"""


@dataclasses.dataclass
class Timing:
    seconds: list[float] = dataclasses.field(default_factory=list)
    cpu_seconds: list[float] = dataclasses.field(default_factory=list)
    max_rss_kb: list[int] = dataclasses.field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu_seconds)


def run(command: Sequence[str], *, cwd: Path, env: dict[str, str], timing: Timing) -> None:
    """Run *command* once; add its wall time, CPU time and peak RSS (``wait4``) to *timing*."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: a chatty child never blocks
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            stderr.seek(0)
            said = stderr.read().decode(errors="replace")
            sys.exit(f"{' '.join(command)} failed ({os.waitstatus_to_exitcode(status)}):\n{said}")
    timing.seconds.append(elapsed)
    timing.cpu_seconds.append(usage.ru_utime + usage.ru_stime)
    timing.max_rss_kb.append(usage.ru_maxrss)


def compare(
    product: Sequence[str], floor: Sequence[str], *, cwd: Path, env: dict[str, str], repeat: int
) -> tuple[Timing, Timing]:
    """One warm-up each, then *repeat* alternating runs of *product* and *floor*."""
    product_timing, floor_timing = Timing(), Timing()
    run(product, cwd=cwd, env=env, timing=Timing())
    run(floor, cwd=cwd, env=env, timing=Timing())
    for _ in range(repeat):
        run(product, cwd=cwd, env=env, timing=product_timing)
        run(floor, cwd=cwd, env=env, timing=floor_timing)
    return product_timing, floor_timing


def deck_content(deck: Path) -> dict[str, Any]:
    """What the floor must write: per slide its text shapes (place, paragraphs of runs, size)."""
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    presentation = Presentation(str(deck))
    slides = []
    for slide in presentation.slides:
        boxes = []
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            paragraphs = [[run.text for run in p.runs] for p in shape.text_frame.paragraphs]
            sizes = [
                run.font.size.pt
                for p in shape.text_frame.paragraphs
                for run in p.runs
                if run.font.size is not None
            ]
            boxes.append(
                {
                    "place": [shape.left, shape.top, shape.width, shape.height],
                    "badge": shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE,
                    "paragraphs": paragraphs,
                    "size": sizes[0] if sizes else 18,
                }
            )
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else None
        slides.append({"boxes": boxes, "notes": notes})
    return {
        "width": presentation.slide_width,
        "height": presentation.slide_height,
        "slides": slides,
    }


def write_content(deck: str, content_json: str) -> None:
    """Write what the floor must write for *deck* to *content_json*."""
    content = deck_content(Path(deck))
    Path(content_json).write_text(json.dumps(content), encoding="utf-8")


def same_slides(content_json: str, floor_deck: str) -> None:
    """Stop unless the floor wrote the same shapes, runs, text, sizes and notes."""
    if deck_content(Path(floor_deck)) != json.loads(Path(content_json).read_text("utf-8")):
        sys.exit(f"{floor_deck} differs from the command's deck: the floor is not comparable")


def in_child(step: str, *args: str) -> None:
    """Run a preparation *step* of this script in a child process, so that this one stays
    small: Linux starts a child's peak RSS at the size of the process it was forked from."""
    subprocess.run([sys.executable, __file__, step, *args], check=True)


def big_session(workdir: str) -> None:
    """``sessions/2021-10.yaml`` in *workdir* with 200 papers (two lists of 100, one pickup).

    Every title and abstract is distinct, as in a real month: nothing is converted or measured
    once for several papers.
    """
    from readinggroup.models import ListEntry
    from readinggroup.session import load_session, save_session

    shipped = load_session(EXAMPLE)
    sources = [paper for paper in shipped.papers if paper.abstract_ja]
    papers = []
    for index in range(BIG_PAPERS):
        paper_id = f"2109.{90000 + index}"
        source = sources[index % len(sources)]
        papers.append(
            dataclasses.replace(
                source,
                id=paper_id,
                title=f"{source.title} ({index})",
                abstract=f"{source.abstract} ({index})",
                abstract_ja=f"{source.abstract_ja}（{index}）",
                pickup=index == 0,
                notes=f"https://arxiv.org/abs/{paper_id}v1",
            )
        )
    half = BIG_PAPERS // 2
    lists = tuple(
        dataclasses.replace(
            ranked,
            size=half,
            entries=tuple(
                ListEntry(rank=rank + 1, id=paper.id)
                for rank, paper in enumerate(papers[offset : offset + half])
            ),
        )
        for ranked, offset in zip(shipped.lists, (0, half), strict=True)
    )
    session = dataclasses.replace(shipped, papers=tuple(papers), lists=lists)
    (Path(workdir) / "sessions").mkdir(parents=True)
    save_session(session, Path(workdir) / "sessions" / f"{MONTH}.yaml")


def child_env(scratch: Path, bytecode: bool) -> dict[str, str]:
    env = dict(os.environ)
    env["READINGGROUP_CACHE_DIR"] = str(scratch / "cache")
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    return env


def line(name: str, product: Timing, floor: Timing, target: float) -> bool:
    """Print the wall-time ratio (the one with a target) and, for a busy machine, the CPU one."""
    ratio = product.median / floor.median
    verdict = "ok" if ratio <= target else "OVER"
    print(
        f"{name:<34} {product.median:7.3f} s  vs floor {floor.median:7.3f} s  "
        f"= {ratio:4.2f}× (target ≤ {target:g}×) {verdict}  "
        f"[CPU {product.median_cpu:.3f} / {floor.median_cpu:.3f} s "
        f"= {product.median_cpu / floor.median_cpu:4.2f}×]",
        flush=True,
    )
    return ratio <= target


def slide_count(workdir: Path) -> int:
    return len(json.loads((workdir / "slides.json").read_text("utf-8"))["slides"])


STEPS = {"content": write_content, "same": same_slides, "big": big_session}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in STEPS:
        STEPS[sys.argv[1]](*sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each (median)")
    parser.add_argument(
        "--no-bytecode", action="store_true", help="leave PYTHONDONTWRITEBYTECODE as it is"
    )
    args = parser.parse_args()
    python = sys.executable
    readinggroup = str(Path(python).with_name("readinggroup"))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    met = []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as name:
        scratch = Path(name)
        env = child_env(scratch, bytecode=not args.no_bytecode)
        floor_script = scratch / "floor.py"
        floor_script.write_text(FLOOR_SCRIPT, encoding="utf-8")
        print(
            f"{args.repeat} runs each, median; bytecode cache: {not args.no_bytecode}; "
            f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            flush=True,
        )

        product, floor = compare(
            [readinggroup, "--help"],
            [python, "-c", "import click"],
            cwd=scratch,
            env=env,
            repeat=args.repeat,
        )
        met.append(line("readinggroup --help", product, floor, 1.5))

        small = scratch / "small"
        (small / "sessions").mkdir(parents=True)
        shutil.copy(EXAMPLE, small / "sessions" / EXAMPLE.name)
        build = [readinggroup, "-q", "build", MONTH]
        run(build, cwd=small, env=env, timing=Timing())
        in_child("content", str(small / "output" / f"{MONTH}.pptx"), str(small / "slides.json"))
        floor_command = [python, str(floor_script), "slides.json", "floor.pptx"]
        product, floor = compare(build, floor_command, cwd=small, env=env, repeat=args.repeat)
        in_child("same", str(small / "slides.json"), str(small / "floor.pptx"))
        name = f"warm build {MONTH} ({slide_count(small)} slides)"
        met.append(line(name, product, floor, 1.8))

        big = scratch / "big"
        in_child("big", str(big))
        render = [readinggroup, "-q", "render", MONTH]
        run(render, cwd=big, env=env, timing=Timing())
        in_child("content", str(big / "output" / f"{MONTH}.pptx"), str(big / "slides.json"))
        product, floor = compare(render, floor_command, cwd=big, env=env, repeat=args.repeat)
        in_child("same", str(big / "slides.json"), str(big / "floor.pptx"))
        name = f"render {BIG_PAPERS} papers ({slide_count(big)} slides)"
        met.append(line(name, product, floor, 1.5))
        print(
            f"{'peak memory, render ' + str(BIG_PAPERS) + ' papers':<34} "
            f"{max(product.max_rss_kb) / 1024:7.1f} MB  vs floor "
            f"{max(floor.max_rss_kb) / 1024:7.1f} MB (max RSS)",
            flush=True,
        )

        if soffice is None:
            print("export --pdf: skipped (no soffice)")
        else:
            profile = (scratch / "floor-profile").as_uri()
            bare = [
                soffice,
                "--headless",
                f"-env:UserInstallation={profile}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(scratch / "floor-pdf"),
                str(small / "output" / f"{MONTH}.pptx"),
            ]
            export = [readinggroup, "-q", "export", MONTH, "--pdf"]
            repeat = max(3, args.repeat // 2)  # LibreOffice takes seconds a run
            product, floor = compare(export, bare, cwd=small, env=env, repeat=repeat)
            met.append(line("export --pdf after build", product, floor, 1.2))
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
