"""Mutation testing of the core modules: how many deliberate bugs their tests catch.

Not run in CI (about an hour for every module on two cores). Needs mutmut 3, which is not in the
``test`` extra; install it into your own virtualenv::

    pip install 'mutmut>=3.8,<4'
    python scripts/mutation.py                 # every module of MODULES
    python scripts/mutation.py cues deck       # some of them
    python scripts/mutation.py --survivors cues  # and print each surviving mutant's diff
    python scripts/mutation.py cues --only 'readinggroup.text.cues.x__purpose__mutmut_2*'
                                               # rerun some mutants (after adding a test)

Each module runs in a scratch copy of the repository's files (nothing is written here), mutating
only its source files. A mutant is run against WHOLE test files: mutmut records which tests
reach a function and reruns only those, which credits a module-scoped fixture's work to the
first test that set it up, so the tests that assert on the fixture's result never see the
mutant; here every test of a file that reaches the function runs. The score is the share of
mutants the tests catch (killed or timed out); read the survivors with ``--survivors`` and count
those that cannot change behaviour (equivalent mutants) out by hand. mutmut mutates function
bodies; module-level constants such as the id regexes are not mutated, so the tests pin them by
example instead.
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
    """Source files to mutate and the test files that guard them (paths from the repo root)."""

    sources: tuple[str, ...]
    tests: tuple[str, ...]


# Edit this table when a module moves or its tests are split (paths from the repository root).
MODULES = {
    "ids": Module(("src/readinggroup/ids.py",), ("tests/test_ids.py",)),
    "rank": Module(
        ("src/readinggroup/rank.py",), ("tests/test_rank.py", "tests/test_fetch_pipeline.py")
    ),
    "protected": Module(("src/readinggroup/text/protected.py",), ("tests/test_glossary.py",)),
    "textfit": Module(
        ("src/readinggroup/render/textfit.py",),
        ("tests/test_textfit.py", "tests/test_textfit_edges.py"),
    ),
    "cues": Module(
        ("src/readinggroup/text/cues.py",),
        ("tests/test_cues.py", "tests/test_cue_rules.py", "tests/test_translate_stage.py"),
    ),
    "organisations": Module(
        ("src/readinggroup/text/organisations.py",),
        ("tests/test_organisations.py", "tests/test_summarize_affiliations.py"),
    ),
    "plan": Module(
        ("src/readinggroup/plan.py",),
        ("tests/test_plan.py", "tests/test_deck_plan.py"),
    ),
    "session-merge": Module(
        ("src/readinggroup/session/merge.py",),
        (
            "tests/test_session_merge.py",
            "tests/test_session_merge_fuzz.py",
            "tests/test_session_edits_kept.py",
            "tests/test_session_save_races.py",  # the warnings for what a merge left out
        ),
    ),
    "session-lock": Module(
        ("src/readinggroup/session/lock.py",),
        ("tests/test_session_lock.py", "tests/test_concurrency.py"),
    ),
    "session-io": Module(  # reading and writing the file
        ("src/readinggroup/session/read.py", "src/readinggroup/session/write.py"),
        (
            "tests/test_session.py",
            "tests/test_session_checks.py",
            "tests/test_session_edits_kept.py",
            "tests/test_session_settle.py",
            "tests/test_session_save_races.py",
            "tests/test_session_file_edges.py",
        ),
    ),
    "session-replaced": Module(  # late writes into a file a save replaced
        ("src/readinggroup/session/replaced.py",),
        ("tests/test_session_save_races.py",),
    ),
    "session-schema": Module(
        ("src/readinggroup/session/schema.py",),  # validation
        (  # validation first: mutmut credits code run at import to the first test it runs
            "tests/test_session_validation.py",
            "tests/test_session.py",
            "tests/test_session_checks.py",
        ),
    ),
}
PYTEST_ARGS = ["-p", "no:cacheprovider", "--hypothesis-seed=0"]  # same examples every run
# Imported once before the per-mutant processes are forked (never readinggroup itself, see below).
PRELOADED = (
    *("pytest", "hypothesis", "hypothesis.strategies", "pydantic", "yaml", "requests"),
    *("responses", "urllib3", "pptx", "click", "filelock", "tenacity", "rich", "platformdirs"),
)
# mutmut next to this Python (a venv's), else the one on PATH; `python -m mutmut` is unsupported
MUTMUT = (
    shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut") or ""
)
# Runs `mutmut run` as its own entry point does, with one change: once mutmut knows which tests
# reach each function, every other test of those tests' files is added (see the docstring).
WHOLE_FILES_LAUNCHER = """\
import sys
from collections import defaultdict

import mutmut.__main__ as main
from mutmut.state import state

collect = main.collect_or_load_stats


def collect_whole_files(*args, **kwargs):
    collect(*args, **kwargs)
    by_file = defaultdict(set)
    for test in state().duration_by_test:
        by_file[test.split("::")[0]].add(test)
    for function, tests in state().tests_by_mangled_function_name.items():
        tests |= set().union(*(by_file[test.split("::")[0]] for test in tests))


main.collect_or_load_stats = collect_whole_files
sys.exit(main.cli())
"""


def copied_entries() -> list[str]:
    """The repository's top-level files and folders as git knows them (tests read bench/,
    sessions/, fixtures …), without dotfiles."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted({line.split("/")[0] for line in listing.splitlines() if line[:1] != "."})


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


def mutate(
    name: str, module: Module, *, workers: int, survivors: bool, only: tuple[str, ...] = ()
) -> Score:
    """Run mutmut on *module* in a scratch copy (*only* the mutants named, when given: mutmut
    names or globs); print the *survivors*' diffs when asked."""
    for path in (*module.sources, *module.tests):
        if not (REPO / path).is_file():
            sys.exit(f"{name}: {path} does not exist; update MODULES in {Path(__file__).name}")
    copied = copied_entries()
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as scratch:
        root = Path(scratch)
        for entry in copied:
            source = REPO / entry
            if source.is_dir():
                shutil.copytree(source, root / entry, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                shutil.copy2(source, root / entry)
        launcher = root / "mutation-launcher.py"
        launcher.write_text(WHOLE_FILES_LAUNCHER, encoding="utf-8")
        preload = root / "mutation-preload.txt"
        preload.write_text("\n".join(PRELOADED) + "\n", encoding="utf-8")
        with (root / "pyproject.toml").open("a", encoding="utf-8") as config:
            config.write(
                "\n[tool.mutmut]\n"
                'source_paths = ["src"]\n'  # all of it, so the package imports as one
                f"only_mutate = {json.dumps(list(module.sources))}\n"
                f"pytest_add_cli_args_test_selection = {json.dumps(list(module.tests))}\n"
                f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS)}\n"
                f"also_copy = {json.dumps(copied)}\n"
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
                [sys.executable, str(launcher), "run", "--max-children", str(workers), *only],
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
    parser.add_argument(
        "--only",
        nargs="+",
        default=(),
        metavar="MUTANT",
        help="run just these mutants (names or globs from --survivors; the rest count as other)",
    )
    args = parser.parse_args()
    unknown = [name for name in args.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)}")
    if not MUTMUT:
        sys.exit("mutmut is not installed; run: pip install 'mutmut>=3.8,<4'")
    scores: dict[str, Score] = {}
    for name in args.modules or list(MODULES):
        print(f"{name}: mutating {', '.join(MODULES[name].sources)}", flush=True)
        scores[name] = mutate(
            name,
            MODULES[name],
            workers=args.workers,
            survivors=args.survivors,
            only=tuple(args.only),
        )
    width = max(len("module"), *map(len, scores))
    columns = "mutants | killed | timeout | survived | no test | other | score"
    print(
        f"\n| {'module':<{width}} | {columns} |"
        f"\n|{'-' * (width + 2)}|--------:|-------:|--------:|---------:|--------:|------:|------:|"
    )
    for name, score in scores.items():
        print(
            f"| {name:<{width}} | {score.total:>7} | {score.killed:>6} | {score.timeout:>7} "
            f"| {score.survived:>8} | {score.no_tests:>7} | {score.other:>5} "
            f"| {score.percent:4.1f}% |"
        )
    total = sum(s.total for s in scores.values())
    caught = sum(s.killed + s.timeout for s in scores.values())
    if total:
        print(f"all: {total} mutants, {caught} caught, {100 * caught / total:.1f}%")


if __name__ == "__main__":
    main()
