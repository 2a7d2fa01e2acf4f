"""The key figure through the real CLI: ``build`` against a local fake of arxiv.org serving the
three formats built at test time (an HTML page, e-print sources, PDFs), real services, real
response cache. Requests are counted per kind on the server."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinggroup.cli import cli
from readinggroup.models import HUMAN, Paper, Session
from readinggroup.months import Month
from readinggroup.paper_records import Summary
from readinggroup.session import load_session, save_session
from tests.fakes import fake_services, one_list_session
from tests.fixtures.figures.builders import (
    EPS,
    eprint_single_tex,
    eprint_tar,
    figure_env,
    jpeg,
    latexml_page,
    paper_pdf,
    pdf_figure,
    png,
    tex_document,
)
from tests.fixtures.figures.fake_arxiv import FakeArxiv, serve_arxiv

MONTH = "2024-02"
EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"
DONE = Summary("目的", "成果", "方法", "固有名", "所属")  # written by a person: not asked
HUMAN_TEXT = {
    name: HUMAN
    for name in (
        "title_ja",
        "abstract_ja",
        *(f"summary.{k}" for k in ("purpose", "result", "method", "names", "affiliations")),
    )
}


def paper(paper_id: str, version: int, **fields: object) -> Paper:
    base = Paper(
        id=paper_id,
        version=version,
        title=f"Paper {paper_id}",
        authors=("Ada Lovelace",),
        abstract="We study a problem.",
        title_ja="論文",
        abstract_ja="問題を調べる。",
        summary=DONE,
        provenance=HUMAN_TEXT,
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def arxiv_pages() -> dict[str, bytes]:
    """What the fake arXiv holds, per paper (see each comment)."""
    source = eprint_tar(
        {
            "ms.tex": tex_document(
                figure_env("arch", "EPS: skipped.")
                + figure_env("results", "Accuracy.")
                + figure_env("diagram.pdf", "Pipeline."),
                preamble="\\graphicspath{{figs/}}",
            ),
            "figs/arch.eps": EPS,
            "figs/results.png": png(640, 400),
            "figs/diagram.pdf": pdf_figure(),
        }
    )
    page = latexml_page("A 2024 paper", [("x1.png", "The model.")], table_image="x0.png")
    return {
        # 2024: the HTML page (著者所属 and the figure), its figure's picture
        "/html/2401.00042v1": page.encode(),
        "/html/2401.00042v1/x1.png": png(800, 400),
        # 2021: a tarball whose first figure is an EPS
        "/e-print/2109.04454v2": source,
        # a single .tex whose figure is not there: the PDF's largest picture
        "/e-print/2109.00301v2": eprint_single_tex(tex_document(figure_env("gone", "Gone."))),
        "/pdf/2109.00301v2": paper_pdf([png(300, 300), jpeg(900, 500)]),
        # a submission without source: the e-print is the PDF
        "/e-print/2109.08591v1": paper_pdf([png(400, 300)]),
        # 2109.05237: nothing anywhere
    }


def session() -> Session:
    papers = (
        paper("2401.00042", 1, summary=dataclasses.replace(DONE, affiliations="")),
        paper("2109.04454", 2),
        paper("2109.00301", 2),
        paper("2109.08591", 1),
        paper("2109.05237", 1),
    )
    return one_list_session(papers, Month(2024, 2))


@pytest.fixture
def arxiv() -> Iterator[FakeArxiv]:
    with serve_arxiv(FakeArxiv(pages=arxiv_pages())) as fake:
        yield fake


@pytest.fixture
def root(tmp_path: Path, arxiv: FakeArxiv, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("readinggroup.adapters.affiliations.arxiv_pages.POLITE_DELAY", 0.0)
    (tmp_path / "sessions").mkdir()
    save_session(session(), tmp_path / "sessions" / f"{MONTH}.yaml")
    (tmp_path / "readinggroup.toml").write_text(
        'translator = "none"\n'
        f'[sources.arxiv_pages]\nbase_url = "{arxiv.url}"\n'
        f'[sources.openalex]\nbase_url = "{arxiv.url}/openalex"\n'
        f'[sources.s2]\nbase_url = "{arxiv.url}/s2"\n',
        encoding="utf-8",
    )
    return tmp_path


def build(root: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(root), "build", MONTH, *args])


def test_a_cold_build_finds_each_papers_figure_with_one_request_per_page(
    root: Path, arxiv: FakeArxiv
) -> None:
    result = build(root)
    assert result.exit_code == 0, result.stderr
    assert "found 4 key figures; nothing else to do" in result.stderr  # the closing count
    papers = {p.id: p for p in load_session(root / "sessions" / f"{MONTH}.yaml").papers}
    figures = {
        paper_id: (p.figure, p.provenance.get("figure", "").rpartition(":")[0])
        for paper_id, p in papers.items()
    }
    assert figures == {
        "2401.00042": ("figures/2024-02/2401.00042.png", "html:x1.png"),
        "2109.04454": ("figures/2024-02/2109.04454.png", "e-print:figs/results.png"),
        "2109.00301": ("figures/2024-02/2109.00301.jpg", "pdf:embedded picture 2"),
        "2109.08591": ("figures/2024-02/2109.08591.png", "pdf:embedded picture 1"),
        "2109.05237": ("none", "figures"),
    }
    for paper_id, (figure, _) in figures.items():
        if figure != "none":
            assert (root / figure).is_file(), paper_id
    record = papers["2401.00042"].found_figure
    assert record is not None
    assert record.caption == "Figure 1: The model."
    assert papers["2401.00042"].summary.affiliations  # 著者所属 read the same page
    # one HTML page for 著者所属 and the figure together, none for the 2021 papers
    assert [path for path in arxiv.paths if path.startswith("/html/")] == [
        "/html/2401.00042v1",
        "/html/2401.00042v1/x1.png",
    ]
    assert arxiv.counts == {
        "openalex": 1,
        "s2": 1,
        "html": 1,
        "image": 1,
        "e-print": 4,
        "pdf": 2,  # 2109.00301's pictures; 2109.05237 (nothing anywhere)
    }
    # a second run asks nothing
    arxiv.paths.clear()
    again = build(root)
    assert again.exit_code == 0, again.stderr
    assert arxiv.paths == []


def test_figures_none_in_the_config_asks_for_no_figure(root: Path, arxiv: FakeArxiv) -> None:
    config = root / "readinggroup.toml"
    config.write_text('figures = "none"\n' + config.read_text("utf-8"), encoding="utf-8")
    result = build(root)
    assert result.exit_code == 0, result.stderr
    assert not any(path.startswith(("/e-print/", "/pdf/")) for path in arxiv.paths)
    papers = load_session(root / "sessions" / f"{MONTH}.yaml").papers
    assert all(p.figure == "" for p in papers)
    assert not (root / "figures").exists()


def test_an_unknown_figures_setting_is_refused(root: Path, arxiv: FakeArxiv) -> None:
    config = root / "readinggroup.toml"
    config.write_text('figures = "all"\n' + config.read_text("utf-8"), encoding="utf-8")
    result = build(root)
    assert result.exit_code == 1
    assert "figures: Input should be 'first' or 'none'" in result.stderr
    assert arxiv.paths == []


def example_choosing(root: Path, name: str, content: bytes | None) -> Path:
    """The example session in *root*, 2109.04454 showing ``figures/<name>`` (*content*, or no
    file); the session file's path."""
    example = load_session(EXAMPLE)
    chosen = tuple(
        dataclasses.replace(p, figure=f"figures/{name}") if p.id == "2109.04454" else p
        for p in example.papers
    )
    (root / "sessions").mkdir()
    path = root / "sessions" / "2021-10.yaml"
    save_session(example.with_papers(chosen), path)
    if content is not None:
        (root / "figures").mkdir()
        (root / "figures" / name).write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "missing.png",
            None,
            "2109.04454 figure: figures/missing.png does not exist; put the picture there, "
            "write another path, or write none",
        ),
        (
            "notes.txt",
            b"my notes",
            "2109.04454 figure: figures/notes.txt is not a picture; name a PNG or JPEG file "
            "(or write none for no figure)",
        ),
        (
            "broken.png",
            b"\x89PNG\r\n\x1a\n broken",
            "2109.04454 figure: figures/broken.png cannot be opened as a picture (",
        ),
    ],
)
def test_a_figure_that_is_not_a_readable_picture_is_one_sentence(
    tmp_path: Path, name: str, content: bytes | None, said: str
) -> None:
    path = example_choosing(tmp_path, name, content)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "render", "2021-10"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {path}: {said}")
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert not (tmp_path / "output" / "2021-10.pptx").exists()


class CopyingExporter:
    """A DeckExporter that copies the deck as the "PDF" (what is exported, not how)."""

    def to_pdf(self, deck: Path, pdf: Path) -> Path:
        pdf.write_bytes(deck.read_bytes())
        return pdf

    def to_png(self, pdf: Path, folder: Path) -> Path:
        raise NotImplementedError


def test_a_replaced_picture_makes_the_exported_deck_render_again(tmp_path: Path) -> None:
    example_choosing(tmp_path, "mine.png", png(300, 200))
    services = dataclasses.replace(fake_services(), exporter=CopyingExporter)
    export = ["-C", str(tmp_path), "export", "2021-10", "--pdf"]
    assert CliRunner().invoke(cli, export, obj=services).exit_code == 0
    again = CliRunner().invoke(cli, ["-v", *export], obj=services)
    assert "is up to date" in again.stderr
    time.sleep(0.01)
    (tmp_path / "figures" / "mine.png").write_bytes(png(200, 300))  # the organiser's own
    replaced = CliRunner().invoke(cli, ["-v", *export], obj=services)
    assert replaced.exit_code == 0
    assert "is up to date" not in replaced.stderr


def test_the_markdown_post_shows_the_figure_the_slide_shows(tmp_path: Path) -> None:
    example_choosing(tmp_path, "mine.png", png(300, 200))
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "export", "2021-10", "--markdown"])
    assert result.exit_code == 0, result.stderr
    post = (tmp_path / "output" / "2021-10.md").read_text("utf-8")
    assert post.count("](2021-10/2109.04454.png)") == 1  # copied beside the post
    assert (tmp_path / "output" / "2021-10" / "2109.04454.png").read_bytes() == png(300, 200)
    assert "図：論文より引用 arXiv:2109.04454" in post
