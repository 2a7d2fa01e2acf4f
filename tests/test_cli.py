"""The command line: exact messages and exit codes, re-run safety, the stages end to end."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
import responses
from click.testing import CliRunner, Result

from readinggroup.cli import cli
from readinggroup.services import Services
from readinggroup.session import load_session
from tests.fakes import FakeMetadata, FakeTranslator, example_papers, fake_services


def run(args: list[str], services: Services | None = None) -> Result:
    return CliRunner().invoke(cli, args, obj=services or fake_services())


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2021-13", "'2021-13' is not a month: 13 is not between 01 and 12"),
        ("21-10", "'21-10' is not a month; write it as YYYY-MM, e.g. 2021-10"),
        ("../x", "'../x' is not a month; write it as YYYY-MM, e.g. 2021-10"),
    ],
)
@pytest.mark.parametrize("command", ["build", "fetch", "translate", "render", "show"])
def test_wrong_month_is_refused_before_any_io(
    workdir: Path, command: str, month: str, message: str
) -> None:
    result = run([command, month])
    assert result.exit_code == 2
    assert f"Error: Invalid value for 'MONTH': {message}" in result.stderr
    assert not (workdir / "output").exists()


def test_malformed_id_is_refused(workdir: Path) -> None:
    before = (workdir / "sessions" / "2021-10.yaml").read_bytes()
    result = run(["pickup", "2021-10", "abc"])
    assert result.exit_code == 2
    assert (
        "Error: Invalid value for 'PAPER': 'abc' is not an arXiv id; write it like 2109.04454, "
        "2109.04454v2 or hep-th/9901001" in result.stderr
    )
    assert (workdir / "sessions" / "2021-10.yaml").read_bytes() == before


def test_pickup_of_a_paper_not_in_the_session(workdir: Path) -> None:
    before = (workdir / "sessions" / "2021-10.yaml").read_bytes()
    result = run(["pickup", "2021-10", "2109.99999"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2109.99999 is not on this month's lists; run `readinggroup show 2021-10` to see "
        "them\n"
    )
    assert (workdir / "sessions" / "2021-10.yaml").read_bytes() == before


def test_pickup_accepts_any_id_form(workdir: Path) -> None:
    result = run(["pickup", "2021-10", "https://arxiv.org/pdf/2109.08668v1.pdf"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "sessions/2021-10.yaml\n"
    session = load_session(workdir / "sessions" / "2021-10.yaml")
    assert [p.id for p in session.papers if p.pickup] == ["2109.08668"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  title_ja:", "  titel_ja:", "line 74: papers[0].titel_ja: unknown key 'titel_ja'"),
        ("  version: 1", "  version: one", "line 51: papers[0].version: must be a whole number"),
        ("month: 2021-10", "month: [2021-10", "line 5: broken YAML"),
    ],
)
def test_broken_session_file(workdir: Path, old: str, new: str, message: str) -> None:
    path = workdir / "sessions" / "2021-10.yaml"
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    before = path.read_bytes()
    result = run(["build", "2021-10"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: sessions/2021-10.yaml, {message}")
    assert result.stderr.count("\n") == 1
    assert path.read_bytes() == before


def test_missing_session_names_the_command_to_run(workdir: Path) -> None:
    result = run(["translate", "2021-11"])  # render and export: tests/test_newcomer_messages.py
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: sessions/2021-11.yaml: no such session; run `readinggroup fetch 2021-11` to "
        "create it\n"
    )


def test_unknown_config_key_is_an_error(workdir: Path) -> None:
    (workdir / "readinggroup.toml").write_text('tittle = "x"\n', "utf-8")
    result = run(["render", "2021-10"])
    assert result.exit_code == 1
    assert "readinggroup.toml, line 1: tittle: unknown key (a typo?)" in result.stderr


def test_edit_survives_rebuild_without_any_request(
    workdir: Path, http: responses.RequestsMock
) -> None:
    path = workdir / "sessions" / "2021-10.yaml"
    text = path.read_text("utf-8")
    edited = text.replace(
        "ConvMLP：視覚のための階層的畳み込みMLP", "ConvMLP：視覚向け階層型畳み込みMLP"
    )
    path.write_text(edited, "utf-8")
    # the real services: any request they tried would fail against the empty `http` mock
    result = CliRunner().invoke(cli, ["build", "2021-10"])
    assert result.exit_code == 0, result.output
    assert len(http.calls) == 0
    assert path.read_text("utf-8") == edited
    from pptx import Presentation

    deck = Presentation(str(workdir / "output" / "2021-10.pptx"))
    assert (
        deck.slides[4]
        .shapes[0]
        .text_frame.text.startswith("ConvMLP：視覚向け階層型畳み込みMLP (原文:")
    )


def _file_source_config(root: Path) -> None:
    (root / "lists").mkdir()
    (root / "lists" / "2021-10-recent.txt").write_text(
        "# Top recent, pasted from the old slides\n"
        "https://arxiv.org/abs/2109.00301v2\n"
        "arXiv:2109.04454\n"
        "\n"
        "2109.08668  # Primer\n",
        "utf-8",
    )
    (root / "lists" / "2021-10-hype.txt").write_text(
        "https://arxiv.org/pdf/2109.08668v1.pdf\n10.48550/arXiv.2106.10860\n", "utf-8"
    )
    (root / "readinggroup.toml").write_text(
        'group = "医療AI勉強会"\n'
        'window = "previous-month"\n'
        "[[lists]]\n"
        'label = "Top recent"\nsources = ["file"]\nfile = "lists/{meeting}-recent.txt"\n'
        "[[lists]]\n"
        'label = "Top hype"\nsources = ["file"]\nfile = "lists/{meeting}-hype.txt"\n',
        "utf-8",
    )


def test_build_from_pasted_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _file_source_config(tmp_path)
    metadata = FakeMetadata(example_papers())
    translator = FakeTranslator()
    services = fake_services(metadata=metadata, translator=translator, cache_dir=tmp_path / "c")
    result = run(["build", "2021-10"], services)
    assert result.exit_code == 0, result.output
    assert result.stdout == "output/2021-10.pptx\n"
    assert metadata.calls == [["2109.00301", "2109.04454", "2109.08668", "2106.10860"]]
    session = load_session(tmp_path / "sessions" / "2021-10.yaml")
    assert str(session.window) == "2021-09-01..2021-09-30"
    assert [e.id for e in session.lists[1].entries] == ["2109.08668", "2106.10860"]
    convmlp = session.paper("2109.04454")
    assert convmlp is not None
    assert convmlp.title_ja == "JA:ConvMLP: Hierarchical Convolutional MLPs for Vision"
    assert convmlp.summary.names.startswith("ConvMLP、ConvMLP-S")
    assert convmlp.version == 2  # the version arXiv answered when the list named none
    infinity = session.paper("2109.00301")
    assert infinity is not None
    assert infinity.title_ja.startswith("JA:∞-former")
    assert "translated 4 papers" in result.stderr

    # a second build asks nothing: the session is complete
    translator.calls.clear()
    again = run(["build", "2021-10"], fake_services(cache_dir=tmp_path / "c"))
    assert again.exit_code == 0, again.output


def test_refetch_keeps_edits_and_updates_ranks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _file_source_config(tmp_path)
    services = fake_services(
        metadata=FakeMetadata(example_papers()), translator=FakeTranslator(), cache_dir=tmp_path
    )
    assert run(["build", "2021-10"], services).exit_code == 0
    path = tmp_path / "sessions" / "2021-10.yaml"
    path.write_text(path.read_text("utf-8").replace("JA:Primer", "Primer：人が直した題"), "utf-8")
    recent = tmp_path / "lists" / "2021-10-recent.txt"
    recent.write_text("2109.08668\n2109.00301\n2109.01652\n", "utf-8")
    result = run(["fetch", "2021-10"], services)
    assert result.exit_code == 0, result.output
    session = load_session(path)
    assert [e.id for e in session.lists[0].entries] == ["2109.08668", "2109.00301", "2109.01652"]
    primer = session.paper("2109.08668")
    assert primer is not None
    assert primer.title_ja.startswith("Primer：人が直した題")
    assert primer.is_human_text("title_ja")


def test_one_failed_translation_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _file_source_config(tmp_path)
    translator = FakeTranslator(fail_on=frozenset({"Searching for Efficient Transformers"}))
    services = fake_services(
        metadata=FakeMetadata(example_papers()), translator=translator, cache_dir=tmp_path / "c"
    )
    result = run(["build", "2021-10"], services)
    assert result.exit_code == 4
    assert "translated 3/4; 1 failed — run again to retry" in result.stderr
    assert (tmp_path / "output" / "2021-10.pptx").exists()
    session = load_session(tmp_path / "sessions" / "2021-10.yaml")
    convmlp = session.paper("2109.04454")
    assert convmlp is not None
    assert convmlp.title_ja.startswith("JA:")
    # the retry asks only for what failed: everything else is in the cache or the session
    translator.calls.clear()
    retry = run(
        ["translate", "2021-10"],
        fake_services(translator=FakeTranslator(), cache_dir=tmp_path / "c"),
    )
    assert retry.exit_code == 0, retry.output
    assert retry.stderr.splitlines()[-1] == "translated 1 paper"


def test_translator_none_leaves_japanese_for_the_organiser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _file_source_config(tmp_path)
    services = fake_services(metadata=FakeMetadata(example_papers()))
    result = run(["build", "2021-10", "--translator", "none"], services)
    assert result.exit_code == 0, result.output
    session = load_session(tmp_path / "sessions" / "2021-10.yaml")
    assert all(not paper.title_ja for paper in session.papers)


def test_show_marks_duplicates_and_pickup(workdir: Path) -> None:
    result = run(["show", "2021-10"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any("2109.02846" in line and "重複 → Top recent #6" in line for line in lines)
    assert sum("← ピックアップ" in line for line in lines) == 2  # Top recent #3 and Top hype #10
    assert "∞-former: Infinite Memory Transformer" in result.stdout  # LaTeX shown as Unicode


def test_every_command_has_help_naming_it_its_purpose_and_its_options() -> None:
    for name, command in cli.commands.items():
        assert command.help, name
        result = CliRunner().invoke(cli, [name, "--help"], prog_name="readinggroup")
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Usage: readinggroup {name} [OPTIONS]"), result.output
        purpose = "".join(command.help.split("\n\n")[0].split())  # click rewraps it, at "-" too
        assert purpose in "".join(result.output.split()), name
        for option in command.params:
            if isinstance(option, click.Option):
                assert max(option.opts, key=len) in result.output, (name, option.opts)
