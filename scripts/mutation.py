"""Mutation testing of the core modules: how many deliberate bugs their fast tests catch.

Not run in CI (minutes, not seconds). Needs mutmut 3, which is not in the ``test`` extra::

    pip install 'mutmut>=3.8,<4'
    python scripts/mutation.py                 # every module of MODULES
    python scripts/mutation.py ids rank        # some of them
    python scripts/mutation.py --survivors ids # and print each surviving mutant's diff

Each module runs in a scratch copy of the repository (nothing is written here), mutating only
its file and running only its tests; the score is the share of mutants the tests catch
(killed or timed out). mutmut mutates function bodies; module-level constants such as the
id regexes are not mutated, so the tests pin them by example instead.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Module:
    """A source file to mutate and the fast tests that guard it (paths from the repo root)."""

    source: str
    tests: tuple[str, ...]


# Edit this table when a module moves or its tests are split (paths from the repository root).
MODULES = {
    "ids": Module("src/readinggroup/ids.py", ("tests/test_ids.py",)),
    "rank": Module(
        "src/readinggroup/rank.py", ("tests/test_rank.py", "tests/test_fetch_pipeline.py")
    ),
    "protected": Module("src/readinggroup/text/protected.py", ("tests/test_glossary.py",)),
    "textfit": Module("src/readinggroup/render/textfit.py", ("tests/test_textfit.py",)),
    "session": Module(
        "src/readinggroup/session/schema.py",  # validation; session/ reads and writes the file
        (  # validation first: mutmut credits code run at import to the first test it runs
            "tests/test_session_validation.py",
            "tests/test_session.py",
            "tests/test_session_checks.py",
        ),
    ),
}
COPIED = ("src", "tests", "sessions", "pyproject.toml")  # what the tests read from the repo
PYTEST_ARGS = ["-p", "no:cacheprovider", "--hypothesis-seed=0"]  # same examples every run
# Imported once before the per-mutant processes are forked (never readinggroup itself, see below).
PRELOADED = (
    *("pytest", "hypothesis", "hypothesis.strategies", "pydantic", "yaml", "requests"),
    *("responses", "urllib3", "pptx", "click", "filelock", "tenacity", "rich", "platformdirs"),
)
# mutmut next to this Python (a venv's), else the one on PATH; `python -m mutmut` is unsupported
MUTMUT = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")


@dataclass(frozen=True)
class Score:
    """One module's mutants by outcome."""

    killed: int
    survived: int
    no_tests: int
    timeout: int
    other: int

    @property
    def total(self) -> int:
        return self.killed + self.survived + self.no_tests + self.timeout + self.other

    @property
    def percent(self) -> float:
        return 100.0 * (self.killed + self.timeout) / self.total if self.total else 0.0


def mutate(name: str, module: Module, *, workers: int, survivors: bool) -> Score:
    """Run mutmut on *module* in a scratch copy; print the *survivors*' diffs when asked."""
    for path in (module.source, *module.tests):
        if not (REPO / path).is_file():
            sys.exit(f"{name}: {path} does not exist; update MODULES in {Path(__file__).name}")
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as scratch:
        root = Path(scratch)
        for entry in COPIED:
            source = REPO / entry
            if source.is_dir():
                shutil.copytree(source, root / entry, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                shutil.copy2(source, root / entry)
        preload = root / "mutation-preload.txt"
        preload.write_text("\n".join(PRELOADED) + "\n", encoding="utf-8")
        with (root / "pyproject.toml").open("a", encoding="utf-8") as config:
            config.write(
                "\n[tool.mutmut]\n"
                'source_paths = ["src"]\n'  # all of it, so the package imports as one
                f"only_mutate = [{json.dumps(module.source)}]\n"
                f"pytest_add_cli_args_test_selection = {json.dumps(list(module.tests))}\n"
                f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS)}\n"
                f"also_copy = {json.dumps(list(COPIED))}\n"
                # Each mutant in a process that imports readinggroup itself: code run at import
                # (the session schema is built from the models) is then mutated too, and no cache
                # filled by an earlier test run hides a mutant; the libraries are preloaded.
                'process_isolation = "forkserver"\n'
                'forkserver_warmup = "import"\n'
                f"preload_modules_file = {json.dumps(str(preload))}\n"
            )
        log = root / "mutmut.log"
        with log.open("w", encoding="utf-8") as out:
            run = subprocess.run(
                [MUTMUT, "run", "--max-children", str(workers)],
                cwd=root,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        subprocess.run([MUTMUT, "export-cicd-stats"], cwd=root, capture_output=True, check=False)
        stats_file = root / "mutants" / "mutmut-cicd-stats.json"
        if run.returncode != 0 or not stats_file.exists():
            print(log.read_text("utf-8")[-3000:], file=sys.stderr)
            sys.exit(f"{name}: mutmut failed (exit {run.returncode}); its log's end is above")
        stats = json.loads(stats_file.read_text("utf-8"))
        if survivors:
            _print_survivors(root)
    counted = ("killed", "survived", "no_tests", "timeout")
    return Score(
        killed=stats["killed"],
        survived=stats["survived"],
        no_tests=stats["no_tests"],
        timeout=stats["timeout"],
        other=stats["total"] - sum(stats[key] for key in counted),
    )


def _print_survivors(root: Path) -> None:
    """Each surviving (or untested) mutant's name and changed lines."""
    listing = subprocess.run(
        [MUTMUT, "results"], cwd=root, capture_output=True, text=True, check=False
    ).stdout
    for line in listing.splitlines():
        mutant, _, outcome = line.strip().partition(": ")
        if outcome not in ("survived", "no tests"):
            continue
        diff = subprocess.run(
            [MUTMUT, "show", mutant], cwd=root, capture_output=True, text=True, check=False
        ).stdout
        changed = [
            row for row in diff.splitlines() if row[:1] in "+-" and row[:3] not in ("+++", "---")
        ]
        print(f"  {mutant} ({outcome})")
        for row in changed:
            print(f"      {row}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"some of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--survivors", action="store_true", help="print surviving mutants")
    parser.add_argument("--workers", type=int, default=2, help="parallel mutants (default 2)")
    args = parser.parse_args()
    unknown = [name for name in args.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    if MUTMUT is None:
        sys.exit("mutmut is not installed; run: pip install 'mutmut>=3.8,<4'")
    scores: dict[str, Score] = {}
    for name in args.modules or list(MODULES):
        print(f"{name}: mutating {MODULES[name].source}", flush=True)
        scores[name] = mutate(name, MODULES[name], workers=args.workers, survivors=args.survivors)
    print(f"\n{'module':<10} {'mutants':>7} {'killed':>6} {'survived':>8} {'no test':>7} score")
    for name, score in scores.items():
        caught = score.killed + score.timeout
        print(
            f"{name:<10} {score.total:>7} {caught:>6} {score.survived:>8} {score.no_tests:>7} "
            f"{score.percent:5.1f}%"
        )
    total = sum(s.total for s in scores.values())
    caught = sum(s.killed + s.timeout for s in scores.values())
    if total:
        print(f"{'all':<10} {total:>7} {caught:>6} {'':>8} {'':>7} {100 * caught / total:5.1f}%")


if __name__ == "__main__":
    main()
