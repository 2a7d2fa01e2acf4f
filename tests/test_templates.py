"""The organiser's template without LibreOffice: files it may be, layouts by role, docProps,
theme fonts and colours kept."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.oxml.ns import qn
from pptx.util import Inches

from readinggroup.cli import cli
from tests.fakes import fake_services
from tests.templates import EXPECTED_LAYOUTS, TEMPLATES

DECK_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"


def render(*options: str) -> Result:
    return CliRunner().invoke(cli, ["render", "2021-10", *options], obj=fake_services())


def deck(workdir: Path) -> Any:
    return Presentation(str(workdir / "output" / "2021-10.pptx"))


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_each_role_gets_its_layout_and_verbose_says_which(workdir: Path, name: str) -> None:
    template = TEMPLATES[name](workdir)
    result = CliRunner().invoke(
        cli, ["-v", "render", "2021-10", "--template", str(template)], obj=fake_services()
    )
    assert result.exit_code == 0, result.output
    title, content = EXPECTED_LAYOUTS[name]
    assert f'slides of role "title" use layout "{title}"' in result.stderr
    assert f'slides of role "paper" use layout "{content}"' in result.stderr
    slides = list(deck(workdir).slides)
    assert slides[0].slide_layout.name == title
    assert {slide.slide_layout.name for slide in slides[1:]} == {content}


def test_potx_is_read_as_a_template(workdir: Path) -> None:
    pptx = TEMPLATES["logo_4x3"](workdir)
    with zipfile.ZipFile(pptx) as source, zipfile.ZipFile(workdir / "ours.potx", "w") as potx:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "[Content_Types].xml":
                body = body.replace(DECK_TYPE.encode(), TEMPLATE_TYPE.encode())
            potx.writestr(item, body)
    result = render("--template", "ours.potx")
    assert result.exit_code == 0, result.output
    assert len(deck(workdir).slides) == 25


def _truncated(workdir: Path) -> bytes:
    return TEMPLATES["logo_4x3"](workdir).read_bytes()[:5000]


def _not_a_deck(workdir: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (lambda _: b"", "an empty file"),
        (
            lambda _: b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 123\n",
            "a Git LFS pointer (run `git lfs pull` to fetch the real file)",
        ),
        (lambda _: b"<html>a saved web page</html>", "not a zip archive"),
        (_truncated, "a truncated or damaged zip archive"),
        (_not_a_deck, "a zip archive without a presentation in it"),
    ],
)
def test_unreadable_template_is_one_sentence(workdir: Path, content: Any, what: str) -> None:
    (workdir / "ours.pptx").write_bytes(content(workdir))
    result = render("--template", "ours.pptx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: template ours.pptx is {what}, not a PowerPoint deck; "
        "point `template` at a .pptx or .potx file\n"
    )


def test_layouts_table_names_the_layout_of_a_role(workdir: Path) -> None:
    TEMPLATES["japanese_poster"](workdir)
    (workdir / "readinggroup.toml").write_text(
        'template = "japanese_poster.pptx"\n[layouts]\npaper = "白紙"\n', encoding="utf-8"
    )
    assert render().exit_code == 0
    names = [slide.slide_layout.name for slide in deck(workdir).slides]
    assert names[0] == "タイトル スライド"
    assert names[4] == names[5] == "白紙"
    assert names[1] == "タイトルのみ"


def test_a_layout_name_that_is_not_there_lists_the_layouts(workdir: Path) -> None:
    template = TEMPLATES["bare_wide"](workdir)
    (workdir / "readinggroup.toml").write_text(
        'template = "bare_wide.pptx"\n[layouts]\ntitle = "Cover"\n', encoding="utf-8"
    )
    result = render()
    assert result.exit_code == 1
    names = ", ".join(f'"{layout.name}"' for layout in Presentation(str(template)).slide_layouts)
    assert names.startswith('"TITLE", "Title and Content"')
    assert result.stderr == (
        f'Error: layouts.title = "Cover" is not a layout of the template (it has {names}); '
        "set it to one of those\n"
    )


def test_no_fitting_layout_is_an_error_naming_the_config_key(workdir: Path) -> None:
    template = Presentation()
    vertical = template.slide_layouts[10]
    for layout in list(template.slide_layouts):
        if layout is not vertical:
            template.slide_layouts.remove(layout)
    template.save(str(workdir / "vertical.pptx"))
    result = render("--template", "vertical.pptx")
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: no layout of the template suits the title slides (it has "Vertical Title and '
        'Text"); name one in readinggroup.toml as [layouts] title = "…"\n'
    )


def test_doc_props_describe_the_deck_not_the_template(workdir: Path) -> None:
    template = Presentation()
    template.core_properties.author = "Someone Else"
    template.core_properties.title = "Corporate template 2019"
    template.save(str(workdir / "ours.pptx"))
    assert render("--template", "ours.pptx").exit_code == 0
    properties = deck(workdir).core_properties
    assert properties.title == "AI最新論文読み会2021年10月"
    assert properties.author == "医療AI勉強会"
    with zipfile.ZipFile(workdir / "output" / "2021-10.pptx") as archive:
        app = archive.read("docProps/app.xml").decode("utf-8")
    assert "<Slides>25</Slides>" in app


def _latin_faces(presentation: Any) -> set[str]:
    return {
        latin.get("typeface")
        for slide in presentation.slides
        for latin in slide._element.iter(qn("a:latin"))
    }


def test_theme_fonts_are_kept_unless_fonts_are_set(workdir: Path) -> None:
    TEMPLATES["dark"](workdir)
    assert render("--template", "dark.pptx").exit_code == 0
    assert _latin_faces(deck(workdir)) == set()  # the theme's +mj-lt / +mn-lt apply
    eastern = {
        ea.get("typeface") for s in deck(workdir).slides for ea in s._element.iter(qn("a:ea"))
    }
    assert eastern == {"Noto Sans CJK JP"}  # the theme names none: Japanese still gets a face
    (workdir / "readinggroup.toml").write_text(
        'fonts = { latin = "Noto Serif", east_asian = "Noto Serif CJK JP" }\n', encoding="utf-8"
    )
    assert render("--template", "dark.pptx").exit_code == 0
    assert _latin_faces(deck(workdir)) == {"Noto Serif"}


def test_colours_are_theme_slots_only(workdir: Path) -> None:
    TEMPLATES["dark"](workdir)
    assert render("--template", "dark.pptx").exit_code == 0
    for slide in deck(workdir).slides:
        assert list(slide._element.iter(qn("a:srgbClr"))) == []
        assert list(slide._element.iter(qn("a:schemeClr")))


def test_a_title_placeholder_too_small_for_a_title_grows_and_the_rest_moves_down(
    workdir: Path,
) -> None:
    template = Presentation()
    title = template.slide_layouts[5].placeholders[0]
    title.left, title.top, title.width, title.height = (
        Inches(0.5),
        Inches(0.2),
        Inches(4),
        Inches(0.3),
    )  # room for one short line
    template.save(str(workdir / "small.pptx"))
    assert render("--template", "small.pptx").exit_code == 0
    paper = deck(workdir).slides[5]
    heading = paper.shapes.title
    assert heading.height > Inches(0.3)
    below = [shape for shape in paper.shapes if shape != heading]
    assert min(shape.top for shape in below) >= heading.top + heading.height


def test_a_deck_python_pptx_cannot_read_is_one_sentence(workdir: Path) -> None:
    pptx = TEMPLATES["logo_4x3"](workdir).read_bytes()
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(pptx)) as source, zipfile.ZipFile(broken, "w") as copy:
        for item in source.infolist():
            body = source.read(item)
            copy.writestr(item, b"<p:presentation" if item.filename.endswith("tion.xml") else body)
    (workdir / "ours.pptx").write_bytes(broken.getvalue())
    result = render("--template", "ours.pptx")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: template ours.pptx is a zip archive python-pptx cannot read as a deck ("
    )
    assert result.stderr.endswith(
        "); save it again from PowerPoint, Keynote, LibreOffice or Google Slides as .pptx\n"
    )


@pytest.mark.parametrize("name", ["japanese_poster", "bare_wide", "logo_4x3"])
def test_the_badge_keeps_its_shape_on_any_slide_size(workdir: Path, name: str) -> None:
    template = TEMPLATES[name](workdir)
    assert render("--template", str(template)).exit_code == 0
    badges = [
        shape
        for slide in deck(workdir).slides
        for shape in slide.shapes
        if shape.has_text_frame and shape.text_frame.text == "Pickup"
    ]
    assert len(badges) == 3  # the pickup's slide, its place in the list, its 重複
    assert all(2.5 < badge.width / badge.height < 3.5 for badge in badges)


def test_a_layout_that_remaps_colours_is_read_through_its_own_map() -> None:
    from readinggroup.render.theme import background, for_layout, read_palette, readable_slot

    template = Presentation()
    layout = template.slide_layouts[6]
    layout.background.fill.solid()
    layout.background.fill.fore_color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    override = layout._element.makeelement(qn("p:clrMapOvr"), {})
    mapping = override.makeelement(
        qn("a:overrideClrMapping"),
        {"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2", "accent1": "accent1",
         "accent2": "accent2", "accent3": "accent3", "accent4": "accent4", "accent5": "accent5",
         "accent6": "accent6", "hlink": "hlink", "folHlink": "folHlink"},
    )  # fmt: skip
    override.append(mapping)
    layout._element.append(override)
    palette = read_palette(template.slide_master)
    under = background(layout, palette)
    assert under == (0, 0, 0)  # dk1 of the default theme, white text on it
    assert for_layout(palette, layout).resolve("tx1") == (0xFF, 0xFF, 0xFF)
    assert readable_slot(for_layout(palette, layout), under, ["tx1"], fallback=["tx1"]) == "tx1"
