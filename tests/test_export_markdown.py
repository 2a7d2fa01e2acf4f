"""`readinggroup export MONTH --markdown` through the real CLI: the shipped example and two
generated months, read back with a CommonMark parser (markdown-it-py, GFM tables)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from markdown_it.token import Token

from readinggroup.cli import cli
from readinggroup.session import load_session
from tests.fakes import fake_services
from tests.fixtures.figures.builders import png
from tests.months import Listed, blocks_after, inline_text, parse, write_month


def export(*args: str) -> Result:
    return CliRunner().invoke(cli, ["export", *args, "--markdown"], obj=fake_services())


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Each table's body rows as their cells' text."""
    found: list[list[list[str]]] = []
    row: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "tbody_open":
            found.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "td_open":
            row.append(inline_text(tokens[index + 1]))
        elif token.type == "tr_close" and row:
            found[-1].append(row)
    return found


def links(token: Token) -> list[str]:
    return [child.attrs["href"] for child in token.children or [] if child.type == "link_open"]  # type: ignore[misc]


def sections(tokens: list[Token]) -> dict[str, list[Token]]:
    """The tokens under each level-3 heading (one paper each), by the heading's text."""
    found: dict[str, list[Token]] = {}
    current: list[Token] | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            current = None
            if token.tag == "h3":
                current = found.setdefault(inline_text(tokens[index + 1]), [])
        elif current is not None and tokens[index - 1].type != "heading_open":
            current.append(token)
    return found


def test_the_example_month_as_a_post(workdir: Path) -> None:
    result = export("2021-10")
    assert result.exit_code == 0, result.stderr
    path = workdir / "output" / "2021-10.md"
    assert result.stdout == f"{Path('output') / '2021-10.md'}\n"
    tokens = parse(path.read_text("utf-8"))
    session = load_session(workdir / "sessions" / "2021-10.yaml")

    assert [inline_text(h) for h in blocks_after(tokens, "heading_open", "h1")] == [
        "AI最新論文読み会2021年10月"
    ]
    front = [inline_text(item) for item in blocks_after(tokens, "paragraph_open")[:3]]
    assert front == [
        "グループ: 医療AI勉強会",
        "日付: 2021年10月6日",
        "イベント: https://deeplearning-b.connpass.com/event/221384/",
    ]
    assert [inline_text(h) for h in blocks_after(tokens, "heading_open", "h2")] == [
        "Top recent",
        "Top hype",
        "論文",
    ]
    recent, hype = tables(tokens)
    assert [row[0] for row in recent] == [str(rank) for rank in range(1, 11)]
    convmlp = "ConvMLP: Hierarchical Convolutional MLPs for Vision"
    assert recent[2] == ["3", convmlp, "★ ピックアップ"]
    assert hype[1][2] == "重複 → Top recent #6"
    assert hype[9] == ["10", convmlp, "重複 → Top recent #3 ★ ピックアップ"]
    assert recent[0][1] == "∞-former: Infinite Memory Transformer"  # LaTeX as on the slides

    papers = sections(tokens)
    listed = {entry.id for ranked in session.lists for entry in ranked.entries}
    assert len(papers) == len(listed) == 16  # each paper once; the four 重複 lines have no section
    first = next(iter(papers))
    assert first == f"★ ConvMLP：視覚のための階層的畳み込みMLP (原文: {convmlp})"
    body = papers[first]
    inlines = [t for t in body if t.type == "inline"]
    assert inline_text(inlines[0]) == "Top recent #3 · Pickup"
    assert links(inlines[1]) == ["https://arxiv.org/abs/2109.04454v2"]
    items = [inline_text(t) for t in inlines[2:7]]
    pickup = session.paper("2109.04454")
    assert pickup is not None
    assert items == [
        f"目的：{pickup.summary.purpose}",
        f"成果：{pickup.summary.result}",
        f"方法：{pickup.summary.method}",
        f"固有名：{pickup.summary.names}",
        f"著者所属：{pickup.summary.affiliations}",
    ]
    code = [t for t in body if t.type == "inline" and inline_text(t).startswith("コード: ")]
    assert links(code[0]) == ["https://github.com/SHI-Labs/Convolutional-MLPs"]
    # a paper whose abstract names no repository gets no code line
    matrices = next(body for title, body in papers.items() if "Multiplying Matrices" in title)
    assert not any(inline_text(t).startswith("コード") for t in matrices if t.type == "inline")


def test_every_arxiv_link_of_the_post_follows_the_config(workdir: Path) -> None:
    mirror = "https://arxiv.example.org"
    (workdir / "readinggroup.toml").write_text(
        f'[sources.arxiv_pages]\nbase_url = "{mirror}"\n', encoding="utf-8"
    )
    result = export("2021-10")
    assert result.exit_code == 0, result.stderr
    tokens = parse((workdir / "output" / "2021-10.md").read_text("utf-8"))
    found = [href for token in tokens if token.type == "inline" for href in links(token)]
    arxiv = [href for href in found if "arxiv" in href]
    assert len(arxiv) == 20 + 16  # the two lists' lines, then each paper's section
    assert all(href.startswith(f"{mirror}/abs/") for href in arxiv), arxiv


def test_generated_months_keep_markdown_characters_literal(workdir: Path) -> None:
    tricky = Listed(
        "2110.00001",
        "*Bold* claims | [not a link](x) <b>html</b> & C#",
        notes="code: https://github.com/lab/model_(v2) (the fork)",
    )
    write_month(
        workdir,
        "2021-11",
        [("Top recent", [tricky, Listed("2110.00002", "# Heading-like title")])],
        pickup="2110.00002",
    )
    numbered = Listed("2111.00001", "1. Numbered_title")
    write_month(
        workdir,
        "2021-12",
        [
            ("Top recent", [numbered]),
            ("Top hype", [Listed("2111.00002", "Plain"), numbered]),
        ],
    )
    assert export("2021-11").exit_code == 0
    tokens = parse((workdir / "output" / "2021-11.md").read_text("utf-8"))
    (rows,) = tables(tokens)
    assert rows[0][1] == tricky.title
    assert rows[1] == ["2", "# Heading-like title", "★ ピックアップ"]
    papers = sections(tokens)
    assert list(papers) == [
        "★ # Heading-like titleの研究 (原文: # Heading-like title)",
        f"{tricky.title}の研究 (原文: {tricky.title})",
    ]
    code = next(t for t in papers[list(papers)[1]] if inline_text(t).startswith("コード"))
    assert links(code) == ["https://github.com/lab/model_(v2)"]
    assert not any(t.type.startswith(("html", "em_", "strong_", "s_")) for t in tokens)
    assert all(
        child.type not in ("html_inline", "em_open", "strong_open")
        for t in tokens
        for child in t.children or []
    )

    result = export("2021-12")
    assert result.exit_code == 0, result.stderr
    tokens = parse((workdir / "output" / "2021-12.md").read_text("utf-8"))
    recent, hype = tables(tokens)
    assert recent == [["1", "1. Numbered_title", ""]]
    assert hype[1] == ["2", "1. Numbered_title", "重複 → Top recent #1"]
    assert list(sections(tokens)) == [
        "1. Numbered_titleの研究 (原文: 1. Numbered_title)",
        "Plainの研究 (原文: Plain)",
    ]
    assert "no pickup chosen yet" in result.stderr


def test_a_month_without_lists_or_session_is_one_sentence(workdir: Path) -> None:
    result = export("2021-09")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")
    assert "2021-09.yaml" in result.stderr
    assert not (workdir / "output").exists()


def test_the_readme_excerpt_is_what_the_example_gives(workdir: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split("### The month as a post", 1)[1]
    excerpt = section.split("```markdown\n", 1)[1].split("```", 1)[0]
    assert export("2021-10").exit_code == 0
    post = (workdir / "output" / "2021-10.md").read_text("utf-8").splitlines()
    lines = [line for line in excerpt.splitlines() if line]
    assert len(lines) > 10
    assert [line for line in lines if line not in post] == []


def test_a_figure_is_copied_beside_the_post_and_shown(workdir: Path) -> None:
    picture = png()
    (workdir / "figures" / "2021-11").mkdir(parents=True)
    (workdir / "figures" / "2021-11" / "2110.00001.png").write_bytes(picture)
    write_month(
        workdir,
        "2021-11",
        [
            (
                "Top recent",
                [
                    Listed("2110.00001", "Pictured", figure="figures/2021-11/2110.00001.png"),
                    Listed("2110.00002", "Not pictured", figure="none"),
                ],
            )
        ],
    )
    assert export("2021-11").exit_code == 0
    copied = workdir / "output" / "2021-11" / "2110.00001.png"
    assert copied.read_bytes() == picture
    tokens = parse((workdir / "output" / "2021-11.md").read_text("utf-8"))
    images = [child for token in tokens for child in token.children or [] if child.type == "image"]
    assert [(image.attrs["src"], image.content) for image in images] == [
        ("2021-11/2110.00001.png", "図：論文より引用 arXiv:2110.00001")
    ]
    papers = sections(tokens)
    pictured = [inline_text(t) for t in papers["Picturedの研究 (原文: Pictured)"]]
    assert "図：論文より引用 arXiv:2110.00001\n図：論文より引用 arXiv:2110.00001" in pictured

    # a person replaces the picture: the copy follows; figures = "none" shows none
    (workdir / "figures" / "2021-11" / "2110.00001.png").write_bytes(png(colour=(200, 0, 0)))
    assert export("2021-11").exit_code == 0
    assert copied.read_bytes() == png(colour=(200, 0, 0))
    (workdir / "readinggroup.toml").write_text('figures = "none"\n', "utf-8")
    assert export("2021-11").exit_code == 0
    assert "![" not in (workdir / "output" / "2021-11.md").read_text("utf-8")


def test_a_figure_that_is_not_there_is_one_sentence(workdir: Path) -> None:
    write_month(
        workdir,
        "2021-11",
        [("Top recent", [Listed("2110.00001", "Lost", figure="figures/2021-11/gone.png")])],
    )
    result = export("2021-11")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: sessions/2021-11.yaml: 2110.00001 figure: figures/2021-11/gone.png does not "
        "exist; put the picture there, write another path, or write none"
    )
    assert not (workdir / "output" / "2021-11.md").exists()
