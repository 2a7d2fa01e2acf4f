"""The session file: round trip, strict schema with exact messages, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinggroup.errors import SessionFileError
from readinggroup.models import Paper
from readinggroup.session import dump_session, load_session, save_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text("utf-8")
    assert old in text
    path = tmp_path / "2021-10.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_example_round_trips_byte_for_byte(tmp_path: Path) -> None:
    session = load_session(EXAMPLE)
    assert dump_session(session) == EXAMPLE.read_text("utf-8")
    copy = tmp_path / "2021-10.yaml"
    save_session(session, copy)
    assert load_session(copy) == session


def test_example_keeps_japanese_readable() -> None:
    text = EXAMPLE.read_text("utf-8")
    assert "ConvMLP：視覚のための階層的畳み込みMLP" in text
    assert "\\u3" not in text  # no escaped kana/kanji


def test_example_is_marked_human_written() -> None:
    session = load_session(EXAMPLE)
    for paper in session.papers:
        assert paper.is_human_text("title_ja")
        assert paper.is_human_text("abstract_ja")
        assert paper.is_human_text("summary.names")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  title_ja:",
            "  titel_ja:",
            "2021-10.yaml, line 74: papers[0].titel_ja: unknown key 'titel_ja' (a typo?); "
            "fix it and run again (the file was left untouched)",
        ),
        (
            "  version: 1",
            "  version: one",
            "2021-10.yaml, line 51: papers[0].version: must be a whole number, not 'one'; "
            "fix it and run again (the file was left untouched)",
        ),
        (
            "  pickup: false",
            "  pickup: maybe",
            "2021-10.yaml, line 82: papers[0].pickup: must be true or false, not 'maybe'; "
            "fix it and run again (the file was left untouched)",
        ),
        (
            "- id: '2106.10860'",
            "- id: 2106.10860",
            "2021-10.yaml, line 50: papers[0].id: must be text (quote ids like '2109.04454' so "
            "YAML does not read a number), not 2106.1086; "
            "fix it and run again (the file was left untouched)",
        ),
        (
            "month: 2021-10",
            "month: [2021-10",
            "2021-10.yaml, line 5: broken YAML (expected ',' or ']', but got ':' on line 6); "
            "fix it there and run again (the file was left untouched)",
        ),
    ],
)
def test_bad_file_is_reported_with_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _broken_copy(tmp_path, old, new)
    before = path.read_bytes()
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert str(caught.value) == f"{tmp_path}/{message}"
    assert path.read_bytes() == before


def test_two_pickups_are_refused(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "  pickup: false", "  pickup: true")
    with pytest.raises(SessionFileError, match=r"2106\.10860, 2109\.04454 are all marked pickup"):
        load_session(path)


def test_listed_paper_without_entry_is_refused(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "id: '2109.00301', score", "id: '2109.99999', score")
    with pytest.raises(
        SessionFileError, match=r"2109\.99999 is on Top recent but has no entry under papers"
    ):
        load_session(path)


def test_url_must_agree_with_version(tmp_path: Path) -> None:
    path = _broken_copy(
        tmp_path,
        "url: https://arxiv.org/abs/2106.10860v1",
        "url: https://arxiv.org/abs/2106.10860v3",
    )
    with pytest.raises(SessionFileError, match="change 'version' instead of the url"):
        load_session(path)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = _broken_copy(tmp_path, "schema_version: 1", "schema_version: 9")
    with pytest.raises(SessionFileError, match="upgrade readinggroup"):
        load_session(path)


def test_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "2021-10.yaml"
    path.write_bytes(EXAMPLE.read_bytes())
    session = load_session(path)

    def explode(self: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", explode)
    with pytest.raises(SessionFileError) as caught:
        save_session(session, path)
    assert str(caught.value) == (
        f"{path}: could not save (No space left on device); make {tmp_path} writable (or free "
        "some space) and run again — the file was left as it was"
    )
    assert path.read_bytes() == EXAMPLE.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2021-10.yaml.lock", "2021-10.yaml"]


def test_machine_text_becomes_human_once_edited() -> None:
    paper = Paper(id="2109.04454", title="ConvMLP").with_text("title_ja", "機械訳", writer="google")
    assert not paper.is_human_text("title_ja")
    edited = Paper(id=paper.id, title=paper.title, title_ja="人の訳", provenance=paper.provenance)
    assert edited.is_human_text("title_ja")


def test_libyaml_writes_the_same_text_as_the_python_emitter() -> None:
    """The C emitter is only for speed: the file must not change by a byte with it."""
    import yaml

    from readinggroup import session as session_module
    from readinggroup.session import yaml_text as session_yaml

    example = load_session(Path("sessions/2021-10.yaml").resolve())
    odd = example.papers[0].with_text(
        "abstract_ja",
        "一行目\n\n  二行目: 'quoted' \"both\" # not a comment\n末尾\x85\u2028 ",
        writer="human",
    )
    tricky = example.with_papers((odd, *example.papers[1:]))
    for session in (example, tricky):
        fast = session_module.dump_session(session)

        class PythonDumper(yaml.SafeDumper):
            pass

        for kind, represent in session_yaml._Dumper.yaml_representers.items():
            PythonDumper.add_representer(kind, represent)
        original = session_yaml._Dumper
        session_yaml._Dumper = PythonDumper  # type: ignore[misc]
        try:
            assert session_module.dump_session(session) == fast
        finally:
            session_yaml._Dumper = original  # type: ignore[misc]


def test_shared_values_are_written_out_not_aliased(tmp_path: Path) -> None:
    """Two papers holding the same date object: the file must still load (no &id001/*id001)."""
    import dataclasses
    import datetime

    example = load_session(Path("sessions/2021-10.yaml").resolve())
    day = datetime.date(2021, 9, 9)
    papers = tuple(dataclasses.replace(paper, published=day) for paper in example.papers)
    path = tmp_path / "2021-10.yaml"
    save_session(example.with_papers(papers), path)
    text = path.read_text("utf-8")
    assert "&id" not in text
    assert "*id" not in text
    assert load_session(path).papers[1].published == day
