"""Files that are not plain files: a session file that is a link, stdout that cannot be written.

The refusals (loops, named pipes, devices) are rows of the bad-input catalogue; here are the
cases that need more than the last line of stderr: what a save did to a link and its target.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinggroup.atomic_files import write_text_atomically
from readinggroup.cli import cli
from readinggroup.session import load_session
from tests.catalogue.runner import EXAMPLE


def _pickup(root: Path, paper: str = "2106.10860") -> None:
    result = CliRunner().invoke(cli, ["-C", str(root), "pickup", "2021-10", paper])
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """A working folder whose session file is a symbolic link into a synced folder."""
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "2021-10.yaml"
    target.write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "work" / "sessions").mkdir(parents=True)
    link = tmp_path / "work" / "sessions" / "2021-10.yaml"
    link.symlink_to(os.path.relpath(target, link.parent))
    return link, target


def test_a_save_writes_through_a_symbolic_link(linked: tuple[Path, Path]) -> None:
    link, target = linked
    _pickup(link.parent.parent)
    assert link.is_symlink()  # the link is kept …
    assert link.readlink() == Path(os.path.relpath(target, link.parent))
    pickup = load_session(target).pickup  # … and the file it points to has the new text
    assert pickup is not None
    assert pickup.id == "2106.10860"
    leftovers = [p.name for p in link.parent.iterdir() if not p.name.endswith(".lock")]
    assert leftovers == ["2021-10.yaml"]


def test_a_save_keeps_hard_links(tmp_path: Path) -> None:
    (tmp_path / "sessions").mkdir()
    session = tmp_path / "sessions" / "2021-10.yaml"
    session.write_bytes(EXAMPLE.read_bytes())
    other = tmp_path / "backup.yaml"
    os.link(session, other)
    _pickup(tmp_path)
    assert session.stat().st_ino == other.stat().st_ino  # still one file under two names
    pickup = load_session(other).pickup
    assert pickup is not None
    assert pickup.id == "2106.10860"


def test_a_link_to_a_file_not_yet_there_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_text_atomically(link, "text\n")
    assert link.is_symlink()
    assert target.read_text("utf-8") == "text\n"


@pytest.mark.parametrize("command", [["render", "2021-10"], ["show", "2021-10"], ["init"]])
def test_stdout_that_cannot_be_written_is_named(tmp_path: Path, command: list[str]) -> None:
    """`> /dev/full`: the error says standard output, not "a file"."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    (tmp_path / "sessions").mkdir()
    (tmp_path / "sessions" / "2021-10.yaml").write_bytes(EXAMPLE.read_bytes())
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "readinggroup", "-C", str(tmp_path), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "Error: standard output: no space left on the disk; free some space and run again\n"
    )


def test_an_error_on_a_looping_folder_names_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from readinggroup.errors import describe_os_error

    monkeypatch.chdir(tmp_path)
    Path("loop").symlink_to("loop")
    with pytest.raises(OSError, match="Too many levels") as raised:
        Path("loop/inner/file.txt").read_bytes()
    assert describe_os_error(raised.value) == (
        "loop: is a symbolic link that leads back to itself; point it at a real folder or "
        "file, or remove it"
    )


def test_a_cache_that_cannot_be_written_mid_run_warns_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Read-only after it was opened: the answers still come back, the run says so once."""
    import sqlite3

    from readinggroup.adapters.translators import cache

    cache.TranslationCache(tmp_path).close()  # the file and its table exist
    connect = sqlite3.connect
    monkeypatch.setattr(
        cache.sqlite3,
        "connect",
        lambda path, **kwargs: connect(f"file:{path}?mode=ro", uri=True, **kwargs),
    )
    store = cache.TranslationCache(tmp_path)
    store.put("google", "a", "あ")
    store.put("google", "b", "い")
    assert store.get("google", "a") is None
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{tmp_path / 'translations.sqlite3'}: the translation cache is read-only; make it and "
        "its folder writable, set READINGGROUP_CACHE_DIR to a folder you can write, or run "
        "with --no-cache; this run's answers are not kept for the next one"
    ]
