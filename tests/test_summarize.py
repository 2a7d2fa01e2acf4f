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
