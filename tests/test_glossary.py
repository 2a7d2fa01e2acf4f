"""glossary.yaml, the protected names of a paper, and their round trip through placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from readinggroup.errors import InputError
from readinggroup.models import Paper
from readinggroup.paper_records import Summary
from readinggroup.text.glossary import Glossary, load_glossary
from readinggroup.text.protected import Shielded, Term, protected_terms, shield, unshield
from tests.fakes import example_papers

# --- glossary.yaml --------------------------------------------------------------------------


def test_glossary_keeps_or_fixes_terms(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "# names the translator must not touch\n"
        "Panoptic SegFormer: keep\n"
        "🤗Datasets: Keep\n"
        "attention mechanism: 注意機構\n"
        "ＢＥＲＴ: keep\n"
        "3D: keep\n",
        "utf-8",
    )
    assert load_glossary(path) == Glossary(
        {
            "Panoptic SegFormer": None,
            "🤗Datasets": None,
            "attention mechanism": "注意機構",
            "ＢＥＲＴ": None,
            "3D": None,
        }
    )


def test_no_glossary_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert load_glossary(tmp_path / "glossary.yaml") == Glossary()
    (tmp_path / "glossary.yaml").write_text("# nothing yet\n", "utf-8")
    assert load_glossary(tmp_path / "glossary.yaml") == Glossary()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Primer: keep\nPrimer: プライマー\n",
            "line 2: 'Primer' is listed twice; keep one entry",
        ),
        ("Primer: keep\nConvMLP:\n", "line 2: 'ConvMLP' has no value; write 'keep' or the"),
        (
            "- Primer\n- ConvMLP\n",
            "expected one 'term: keep' or 'term: 日本語' per line, found a seq",
        ),
        ("Primer: [keep]\n", "line 1: 'Primer' has no value"),
        ("Primer: keep\n  bad: : indent\n", "not valid YAML"),
    ],
)
def test_a_wrong_glossary_names_file_line_and_term(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as caught:
        load_glossary(path)
    assert str(caught.value).startswith(f"{path}:")
    assert message in str(caught.value)


# --- which terms a paper protects -------------------------------------------------------------


def test_protected_terms_of_shipped_papers() -> None:
    papers = example_papers()
    texts = {pid: [t.text for t in protected_terms(p, Glossary())] for pid, p in papers.items()}
    assert texts["2109.03814"][0] == "Panoptic SegFormer"
    assert texts["2109.08668"][0] == "Primer"
    assert texts["2109.00301"][0] == "∞-former"
    assert texts["2109.02846"][0] == "Datasets"
    assert texts["2108.10470"][0] == "Isaac Gym"
    assert "ConvMLP" in texts["2109.04454"]


def test_plain_words_of_the_names_line_are_translated() -> None:
    paper = Paper(
        id="2106.10860",
        title="Multiplying Matrices Without Multiplying",
        summary=Summary(names="approximate matrix multiplication、hashing、MADDNESS、ICML"),
    )
    assert [t.text for t in protected_terms(paper, Glossary())] == ["MADDNESS", "ICML"]


@pytest.mark.parametrize(
    ("names", "protected"),
    [
        pytest.param("3D、AI", ["3D", "AI"], id="two-characters"),
        pytest.param("X、Q", [], id="one-character"),
        pytest.param(" RL ,  ViT ", ["RL", "ViT"], id="spaces-trimmed"),
        pytest.param("ab; ∞x；É", ["∞x"], id="lowercase-and-one-char-skipped"),
        pytest.param("BERT、BERT", ["BERT"], id="once-each"),
    ],
)
def test_names_line_short_names(names: str, protected: list[str]) -> None:
    paper = Paper(id="2106.10860", title="plain words", summary=Summary(names=names))
    assert [t.text for t in protected_terms(paper, Glossary())] == protected


def test_glossary_terms_come_first_and_win() -> None:
    paper = Paper(id="1", title="Primer: Searching", summary=Summary(names="Primer"))
    glossary = Glossary({"Primer": "プライマー（モデル名）", "attention": None})
    assert protected_terms(paper, glossary) == (
        Term("Primer", "プライマー（モデル名）"),
        Term("attention", None),
    )


# --- shield and unshield ----------------------------------------------------------------------


def test_round_trip_restores_names_exactly() -> None:
    terms = [Term("Panoptic SegFormer"), Term("SegFormer"), Term("🤗Datasets"), Term("∞-former")]
    text = "Panoptic SegFormer beats SegFormer; 🤗Datasets and the ∞-former's memory."
    shielded = shield(text, terms)
    assert shielded.text == "⟦0⟧ beats ⟦1⟧; ⟦2⟧ and the ⟦3⟧'s memory."
    answer = "⟦0⟧は⟦1⟧に勝る。⟦2⟧と⟦3⟧の記憶。"
    assert unshield(answer, shielded) == (
        "Panoptic SegFormerはSegFormerに勝る。🤗Datasetsと∞-formerの記憶。",
        (),
    )


def test_full_width_text_and_full_width_placeholders() -> None:
    shielded = shield("ＢＥＲＴ（日本語版）と GPT-3 を比べる", [Term("ＢＥＲＴ"), Term("GPT-3")])
    assert shielded.text == "⟦0⟧（日本語版）と ⟦1⟧ を比べる"
    # services add spaces and turn digits full-width
    assert unshield("⟦ ０ ⟧（日本語版）と⟦１⟧を比較", shielded) == (
        "ＢＥＲＴ（日本語版）とGPT-3を比較",
        (),
    )


def test_fixed_japanese_and_sentence_start() -> None:
    terms = [Term("attention mechanism", "注意機構")]
    shielded = shield("Attention mechanism helps; the attention mechanism is key.", terms)
    assert shielded.text == "⟦0⟧ helps; the ⟦0⟧ is key."
    assert unshield("⟦0⟧が役立つ。⟦0⟧が鍵だ。", shielded) == (
        "注意機構が役立つ。注意機構が鍵だ。",
        (),
    )


GPT, GPT3, SEG, PANOPTIC = Term("GPT"), Term("GPT-3"), Term("SegFormer"), Term("Panoptic SegFormer")


# (text, terms, text sent with placeholders, what each placeholder becomes again)
@pytest.mark.parametrize(
    ("text", "terms", "sent", "outputs"),
    [
        pytest.param("GPT-3 > GPT", [GPT, GPT3], "⟦0⟧ > ⟦1⟧", ("GPT-3", "GPT"), id="longest-first"),
        pytest.param(
            "Panoptic SegFormer, SegFormer",
            [SEG, PANOPTIC],
            "⟦0⟧, ⟦1⟧",
            ("Panoptic SegFormer", "SegFormer"),
            id="longest-first-phrase",
        ),
        pytest.param(
            "SegFormers, GPT-style", [SEG, GPT], "SegFormers, ⟦0⟧-style", ("GPT",), id="in-word"
        ),
        pytest.param(
            "3D and AI", [Term("3D"), Term("AI")], "⟦0⟧ and ⟦1⟧", ("3D", "AI"), id="short"
        ),
        pytest.param("X-net, x-net", [Term("x-net")], "⟦0⟧, ⟦1⟧", ("X-net", "x-net"), id="capital"),
        pytest.param("GPT, GPT", [Term(""), GPT], "⟦0⟧, ⟦0⟧", ("GPT",), id="empty-term-skipped"),
        pytest.param("no names", [], "no names", (), id="nothing-to-shield"),
        pytest.param("a ⟦b⟧ c", [], "a ⟦0⟧b⟦1⟧ c", ("⟦", "⟧"), id="brackets-are-shielded"),
        pytest.param(
            "⟦0⟧ GPT", [GPT], "⟦0⟧0⟦1⟧ ⟦2⟧", ("⟦", "⟧", "GPT"), id="placeholder-lookalike"
        ),
        pytest.param(
            "A⟦ and ⟧B", [Term("A⟦")], "⟦0⟧ and ⟦1⟧B", ("A⟦", "⟧"), id="name-with-bracket"
        ),
    ],
)
def test_shield_table(text: str, terms: list[Term], sent: str, outputs: tuple[str, ...]) -> None:
    shielded = shield(text, terms)
    assert shielded == Shielded(sent, outputs)
    assert unshield(shielded.text, shielded) == (text, ())


@pytest.mark.parametrize(
    ("answer", "text", "lost"),
    [
        pytest.param("⟦0⟧と⟦1⟧", "PrimerとConvMLP", (), id="both"),
        pytest.param("⟦ 1 ⟧と⟦０⟧", "ConvMLPとPrimer", (), id="spaced-full-width-reordered"),
        pytest.param("プライマーと⟦1⟧", "プライマーとConvMLP", ("Primer",), id="one-lost"),
        pytest.param("⟦2⟧と⟦1⟧", "とConvMLP", ("Primer",), id="one-past-the-end"),
        pytest.param("⟦0⟧と⟦1⟧⟧⟦", "PrimerとConvMLP", (), id="strays-removed"),
        pytest.param("なし", "なし", ("Primer", "ConvMLP"), id="all-lost"),
    ],
)
def test_unshield_table(answer: str, text: str, lost: tuple[str, ...]) -> None:
    shielded = Shielded("⟦0⟧ and ⟦1⟧", ("Primer", "ConvMLP"))
    assert unshield(answer, shielded) == (text, lost)


_NAME = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=2, max_size=12)


@given(st.lists(_NAME, min_size=1, max_size=4, unique=True), st.text(max_size=80))
@example(names=["0⟦"], filler=" 0")  # a bracket in the text once came back doubled or lost
@example(names=["⟦0⟧"], filler="⟦1⟧")
def test_shield_then_unshield_is_identity(names: list[str], filler: str) -> None:
    text = f"{filler} " + " and ".join(names) + f" {filler}"
    shielded = shield(text, [Term(name) for name in names])
    assert unshield(shielded.text, shielded) == (text, ())
