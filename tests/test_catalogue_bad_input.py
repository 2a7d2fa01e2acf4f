"""The bad-input catalogue (tests/catalogue/bad_input.py) through the real CLI.

Each case: the exit code, the exact sentence (the last line on stderr), and the session file
byte for byte as it was. The counts are printed by ``pytest -s -k counts``.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import get_type_hints

import pytest
from click.testing import CliRunner

from readinggroup.cli import cli
from readinggroup.config import Config, ListConfig
from readinggroup.config_file import CONFIG_TEMPLATE, parse_config
from tests.catalogue.bad_input import CASES, Case
from tests.catalogue.runner import EXAMPLE, run

SESSION_FILE = "sessions/2021-10.yaml"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_one_sentence(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran = run(case, tmp_path / "work", monkeypatch)
    assert ran.code == case.code, ran.stderr
    if case.code != 0:
        assert ran.last_line == f"Error: {case.message}", ran.stderr
        assert "Traceback" not in ran.stderr
    if case.code == 2:  # a usage error is the one sentence, nothing before it
        assert ran.stderr == f"Error: {case.message}\n"
    assert ran.session_after == ran.session_before  # nothing written over the user's file


def test_catalogue_counts(capsys: pytest.CaptureFixture[str]) -> None:
    """Enough cases, and every refused one has a sentence with something to do."""
    refused = [case for case in CASES if case.code != 0]
    assert len(CASES) >= 100
    assert len({case.name for case in CASES}) == len(CASES)
    unclear = [case.name for case in refused if case.code == 70 or not case.message]
    assert unclear == []
    with capsys.disabled():
        print(f"\nbad inputs tried: {len(CASES)}, refused with a sentence: {len(refused)}")


def test_show_on_a_terminal_without_japanese(tmp_path: Path) -> None:
    """PYTHONIOENCODING=ascii: the lists still print (as "?"), no UnicodeEncodeError."""
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "readinggroup", "-C", str(tmp_path), "show", "2021-10"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"2109.04454" in done.stdout
    assert done.stderr == b""


def test_show_reports_a_broken_config(workdir: Path) -> None:
    (workdir / "readinggroup.toml").write_text('titel = "x"\n', "utf-8")
    result = CliRunner().invoke(cli, ["show", "2021-10"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: readinggroup.toml, line 1: titel: unknown key (a typo?); fix it and run again\n"
    )


def test_init_writes_every_key_with_its_default(tmp_path: Path) -> None:
    """Every key an error message can name is in the file `init` writes, set to its default."""
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "init"])
    assert result.exit_code == 0, result.output
    written = tomllib.loads((tmp_path / "readinggroup.toml").read_text("utf-8"))
    assert parse_config(written) == Config()

    def keys(section: type[object], prefix: str = "") -> set[str]:
        found = set()
        for name, kind in get_type_hints(section).items():
            found.add(prefix + name)
            if isinstance(kind, type) and dataclasses.is_dataclass(kind):
                found |= keys(kind, prefix + name + ".")
        return found

    def present(data: object, prefix: str = "") -> set[str]:
        if not isinstance(data, dict):
            return set()
        found = set()
        for name, value in data.items():
            found.add(prefix + name)
            found |= present(value, prefix + name + ".")
        for value in data.get("lists", []):
            found |= {f"lists.{key}" for key in value}
        return found

    listed = {f"lists.{item.name}" for item in dataclasses.fields(ListConfig)}
    missing = (keys(Config) | listed) - present(written)
    # unset by default (the file source, fonts, layouts): shown as a comment with an example
    assert {
        key for key in missing if f"# {key.rpartition('.')[2]} = " not in CONFIG_TEMPLATE
    } == set()


def test_a_bug_is_one_line_and_its_traceback_only_with_v(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinggroup import views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(views, "show", broken)
    quiet = CliRunner().invoke(cli, ["show", "2021-10"])
    assert quiet.exit_code == 70
    assert quiet.stderr == (
        "Error: unexpected RuntimeError: boom second line (a bug in readinggroup); run again "
        "with -v for details\n"
    )
    loud = CliRunner().invoke(cli, ["-v", "show", "2021-10"])
    assert loud.exit_code == 70
    assert "Traceback (most recent call last)" in loud.stderr
    assert loud.stderr.endswith(quiet.stderr)


def test_quiet_says_only_errors(workdir: Path) -> None:
    from tests.fakes import FakeTranslator, fake_services

    translator = FakeTranslator(fail_on=frozenset({"Multiplying"}))
    args = ["translate", "2021-10", "--force", "--translator", "google"]
    loud = CliRunner().invoke(cli, args, obj=fake_services(translator=translator))
    assert "translated 15/16; 1 failed — run again to retry" in loud.stderr.splitlines()
    quiet = CliRunner().invoke(cli, ["-q", *args], obj=fake_services(translator=translator))
    assert quiet.exit_code == 4
    assert quiet.stderr.splitlines() == [
        "  2106.10860: fake: answered with an error status",
        "translated 15/16; 1 failed — run again to retry",
        f"Error: 1 item(s) failed; everything else is saved in {SESSION_FILE} — run the same "
        "command again to retry",
    ]
    done = CliRunner().invoke(cli, ["-q", *args], obj=fake_services(translator=FakeTranslator()))
    assert done.exit_code == 0
    assert done.stderr == ""  # no "translated 16/16", no progress bar
