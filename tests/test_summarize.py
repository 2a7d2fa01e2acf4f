"""The extractive 固有名 draft on the real 2021-10 titles and abstracts."""

from __future__ import annotations

import pytest

from readinggroup.models import Paper
from readinggroup.text.names import find_names, title_head_name
from tests.fakes import example_papers


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("ConvMLP: Hierarchical Convolutional MLPs for Vision", "ConvMLP"),
        ("Primer: Searching for Efficient Transformers for Language Modeling", "Primer"),
        ("$\\infty$-former: Infinite Memory Transformer", "∞-former"),
        ("Panoptic SegFormer: Delving Deeper into Panoptic Segmentation", "Panoptic SegFormer"),
        ("Isaac Gym: High Performance GPU-Based Physics Simulation", "Isaac Gym"),
        ("Eyes Tell All: Irregular Pupil Shapes Reveal GAN-generated Faces", None),
        ("Multiplying Matrices Without Multiplying", None),
    ],
)
def test_title_head(title: str, name: str | None) -> None:
    assert title_head_name(title) == name


@pytest.mark.parametrize(
    ("paper_id", "names"),
    [
        ("2109.04454", ["ConvMLP"]),
        ("2109.01652", ["FLAN"]),
        ("2109.08668", ["Primer"]),
        ("2109.08141", ["3DETR"]),
        ("2109.03814", ["Panoptic SegFormer"]),
        ("2109.02846", ["Datasets"]),
    ],
)
def test_names_from_real_abstracts(paper_id: str, names: list[str]) -> None:
    assert find_names(example_papers()[paper_id])[: len(names)] == names


def test_nothing_invented_for_a_plain_paper() -> None:
    assert find_names(Paper(id="2101.00001", title="On Things", abstract="We study things.")) == []


def test_a_failed_translation_is_reported_and_leaves_the_sentence_lines_empty() -> None:
    from readinggroup.stages.summarize import summarize_session
    from tests.fakes import FakeTranslator
    from tests.test_translate_stage import make_session

    paper = example_papers()["2109.03814"]
    translator = FakeTranslator(fail_on=frozenset({"segmentation"}))
    session, report = summarize_session(make_session([paper]), translator=translator)
    drafted = session.paper(paper.id)
    assert drafted is not None
    assert report.failures == ("2109.03814: fake: answered with an error status",)
    assert drafted.summary.names == "Panoptic SegFormer、Deformable DETR、COCO"
    assert drafted.summary.purpose == drafted.summary.method == ""
