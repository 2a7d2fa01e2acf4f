"""Lazy imports: ``--help`` and ``show`` load only what they use (checked in a fresh process).

What a command imports is behaviour, not timing: a fresh interpreter runs the console entry
point and reports ``sys.modules``. The timings are in ``bench/bench_speed.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Runs readinggroup's entry point with the given arguments, then prints the top-level names of
# every module the run imported (readinggroup's own by full name) as JSON on stderr.
_WRAPPER = """\
import json, sys
from readinggroup.cli import main
sys.argv = ["readinggroup", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
names = {name if name.startswith("readinggroup") else name.split(".")[0] for name in sys.modules}
print(json.dumps({"code": code, "modules": sorted(names)}), file=sys.stderr)
"""

OUTSIDE = {"pydantic", "yaml", "requests", "requests_cache", "urllib3", "pptx", "arxiv", "filelock"}
TEXT = {"deep_translator", "deepl", "pysbd", "pylatexenc", "tenacity", "platformdirs"}


def imported(args: list[str], cwd: Path) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return set(report["modules"])


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["--version"]])
def test_help_imports_no_library_beyond_click(workdir: Path, args: list[str]) -> None:
    modules = imported(args, workdir)
    assert "click" in modules
    assert modules & (OUTSIDE | TEXT | {"rich"}) == set()
    assert {name for name in modules if name.startswith("readinggroup.")} == {
        "readinggroup.cli",
        "readinggroup.cli_deck",  # the commands' click definitions and what they share
        "readinggroup.cli_output",  # the CLI's own printing and typed values: click only
        "readinggroup.cli_params",
        "readinggroup.cli_session",
        "readinggroup.cli_state",
        "readinggroup.errors",
    }


def test_show_imports_the_session_and_rich_but_no_adapter_config_or_lock(workdir: Path) -> None:
    modules = imported(["show", "2021-10"], workdir)
    assert {"yaml", "pydantic_core", "rich", "readinggroup.session"} <= modules
    assert "pydantic" not in modules  # the session's validator is built on pydantic-core alone
    assert modules & {"requests", "requests_cache", "urllib3", "pptx", "arxiv"} == set()
    assert modules & {"deep_translator", "deepl", "pysbd", "tenacity", "platformdirs"} == set()
    assert "filelock" not in modules  # reading takes no lock: only a save does
    not_used = {
        "readinggroup.config",
        "readinggroup.config_file",
        "readinggroup.services",
        "readinggroup.session.merge",
        "readinggroup.stages.translate",
        "readinggroup.stages.summarize",
        "readinggroup.stages.lists",
    }
    assert modules & not_used == set()


def test_a_complete_session_builds_without_loading_the_idle_stages(workdir: Path) -> None:
    modules = imported(["-q", "build", "2021-10"], workdir)
    assert (workdir / "output" / "2021-10.pptx").is_file()
    assert {"pptx", "readinggroup.render.pptx_deck"} <= modules
    assert modules & {"requests", "urllib3", "arxiv", "deep_translator", "deepl", "pysbd"} == set()
    idle = {
        "readinggroup.stages.translate",
        "readinggroup.stages.summarize",
        "readinggroup.stages.figures",  # every figure chosen (none): the stage is not loaded
        "readinggroup.text.cues",
    }
    assert modules & idle == set()


def test_a_deck_rendered_again_loads_no_latex_converter(workdir: Path) -> None:
    import zipfile

    def slides() -> dict[str, bytes]:
        with zipfile.ZipFile(workdir / "output" / "2021-10.pptx") as deck:
            return {name: deck.read(name) for name in deck.namelist() if "docProps" not in name}

    assert "pylatexenc" in imported(["-q", "render", "2021-10"], workdir)  # ∞-former
    first = slides()
    again = imported(["-q", "render", "2021-10"], workdir)
    assert "pylatexenc" not in again  # the conversions kept in the cache folder
    assert slides() == first
