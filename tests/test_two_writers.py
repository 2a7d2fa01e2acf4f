"""Two writers: two runs of one month, and a person's editor saving while a stage saves."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import Session
from readinggroup.session import load_session, save_session
from readinggroup.session.lock import month_held, month_lock_path
from tests.catalogue.runner import EXAMPLE
from tests.cli_with_fakes import start_driver, write_pasted_lists

SESSION = Path("sessions") / "2021-10.yaml"


def test_two_builds_of_one_month_do_the_work_once(tmp_path: Path) -> None:
    """The second build waits for the first, then finds every paper done: one run's
    translations only, and the waiting run says whom it waited for."""
    write_pasted_lists(tmp_path)
    runs = [start_driver("cli", tag, "build", "2021-10", cwd=tmp_path) for tag in "AB"]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    session = load_session(tmp_path / SESSION)
    titles = [paper.title_ja for paper in session.papers]
    assert len(titles) == 4
    tags = {title.partition(":")[0] for title in titles}
    assert len(tags) == 1, titles  # one run translated everything
    translated = [err for _, err in outputs if "translated 4 papers" in err]
    assert len(translated) == 1, outputs  # one run asked the translator, not both
    waited = [err for _, err in outputs if "is working on this month; waiting" in err]
    assert len(waited) == 1, outputs
    assert "translated" not in waited[0]  # … and found nothing left to translate
    for _, err in outputs:
        assert "Traceback" not in err


# A plain `pytest` runs it once; READINGGROUP_TWO_WRITERS_LOOPS=50 runs the stress loop, as CI
# does beside a busy core (.ci/run).
LOOPS = int(os.environ.get("READINGGROUP_TWO_WRITERS_LOOPS", "1"))


def _untranslated() -> Session:
    """The example with every Japanese title and abstract empty: `translate` has all to do."""
    example = load_session(EXAMPLE)
    blank = []
    for paper in example.papers:
        provenance = {k: v for k, v in paper.provenance.items() if k not in _JAPANESE}
        blank.append(replace(paper, title_ja="", abstract_ja="", provenance=provenance))
    return example.with_papers(tuple(blank))


_JAPANESE = ("title_ja", "abstract_ja")


@pytest.mark.parametrize("attempt", range(LOOPS))
def test_edits_saved_in_place_during_translate_all_survive(tmp_path: Path, attempt: int) -> None:
    """An editor saving in place again and again while `translate --force` (even attempts)
    or `translate` of empty fields (odd ones) saves finished papers as it goes: the last
    edit of every paper is in the file at the end."""
    (tmp_path / "sessions").mkdir()
    path = tmp_path / SESSION
    if attempt % 2:
        save_session(_untranslated(), path)
        force: tuple[str, ...] = ()
    else:
        path.write_bytes(EXAMPLE.read_bytes())
        force = ("--force",)
    stop = tmp_path / "stop"
    args = ("translate", "2021-10", *force, "--concurrency", "8")
    translate = start_driver("cli", "A", *args, cwd=tmp_path)
    editor = start_driver("edit-loop", str(path), str(stop), cwd=tmp_path)
    try:
        _, err = translate.communicate(timeout=300)
    finally:
        stop.touch()
        edits, editor_err = editor.communicate(timeout=60)
    assert translate.returncode == 0, err
    assert editor.returncode == 0, editor_err
    last: dict[str, str] = {}
    for line in edits.splitlines():
        number, paper = line.split()
        last[paper] = f"edit {number}"
    assert last  # the editor saved while the run went on
    session = load_session(path)
    kept = {paper.id: paper.notes for paper in session.papers if paper.id in last}
    assert kept == last, err


def test_a_month_held_too_long_names_its_holder(tmp_path: Path) -> None:
    session = tmp_path / SESSION
    holder = start_driver("hold-month", str(session), cwd=tmp_path)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(SessionFileError) as caught, month_held(session, wait=0.2):
            pass
    finally:
        holder.kill()
        holder.communicate()
    assert str(caught.value).startswith(f"{session}: readinggroup process {holder.pid} on ")
    assert str(caught.value).endswith(
        f"(`cli_with_fakes.py hold-month {session}`) has held this month for 0.2 s; "
        "let it finish (or stop it) and run again"
    )
    with month_held(session, wait=5):  # a killed holder's lock is free again
        pass


def test_a_month_lock_that_is_a_folder_is_named(tmp_path: Path) -> None:
    session = tmp_path / SESSION
    month_lock_path(session).mkdir(parents=True)
    with pytest.raises(SessionFileError) as caught, month_held(session):
        pass
    assert str(caught.value) == (
        f"{month_lock_path(session)} is a folder, but readinggroup keeps the lock of "
        "2021-10.yaml there; remove or rename that folder"
    )


def test_the_month_lock_of_a_linked_session_is_beside_the_real_file(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "2021-10.yaml"
    real.parent.mkdir()
    real.write_bytes(EXAMPLE.read_bytes())
    link = tmp_path / SESSION
    link.parent.mkdir()
    link.symlink_to(real)
    assert month_lock_path(link) == real.with_name(".2021-10.yaml.run.lock")
    started = time.monotonic()
    with month_held(link):
        pass
    assert time.monotonic() - started < 5


def test_an_edit_back_to_the_stage_start_survives_a_later_save(tmp_path: Path) -> None:
    """The merge of a later save has for base what the run wrote last, not the stage's start:
    a person who puts a field back as it was when the stage began keeps it."""
    from readinggroup.session.run import SessionRun
    from readinggroup.workspace import Workspace

    (tmp_path / "sessions").mkdir()
    path = tmp_path / SESSION
    path.write_bytes(EXAMPLE.read_bytes())
    run = SessionRun(Workspace(tmp_path), path)
    start = run.session
    first, second = start.papers[0], start.papers[1]

    def translated(count: int) -> Session:
        papers = list(start.papers)
        for index in range(count):
            papers[index] = papers[index].with_text("title_ja", f"機械訳{index}", writer="fake")
        return start.with_papers(tuple(papers))

    run.save(translated(1), base=start)
    text = path.read_text("utf-8")
    assert "title_ja: 機械訳0" in text
    path.write_text(text.replace("title_ja: 機械訳0", f"title_ja: {first.title_ja}", 1), "utf-8")
    run.save(translated(2), base=start)
    saved = load_session(path)
    assert saved.paper(first.id).title_ja == first.title_ja  # type: ignore[union-attr]
    assert saved.paper(second.id).title_ja == "機械訳1"  # type: ignore[union-attr]
