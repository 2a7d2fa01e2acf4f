"""固有名 on 30 real arXiv papers (2017–2023): the names an organiser would write.

The 2021-10 rows hold the names the organiser's own lines in ``sessions/2021-10.yaml`` give
wherever the title or abstract coins them (their field terms — GAN, GNN, SCM, ViT — are left
out on purpose: no line may hold a field term alone); the other rows are the paper's own
name and what the abstract coins. Origins: ``tests/fixtures/SOURCES.md``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinggroup.models import Paper
from readinggroup.text.names import find_names, is_field_term, name_candidates
from tests.fakes import example_papers

MORE = Path(__file__).parent / "fixtures" / "summaries" / "more_papers.json"

EXPECTED: dict[str, list[str]] = {
    # 2021-10, the meetup's papers
    "2106.10860": [],  # nothing coined (MADDNESS is not in the abstract)
    "2106.15590": ["ICML", "NeurIPS"],
    "2108.10470": ["Isaac Gym", "PyTorch"],
    "2109.00162": [],  # "GAN" is a field term
    "2109.00301": ["∞-former"],
    "2109.01116": ["GCL", "PyGCL"],
    "2109.01652": ["FLAN", "GPT-3"],
    "2109.02846": ["Datasets"],
    "2109.03810": ["conv-stem"],
    "2109.03814": ["Panoptic SegFormer", "Deformable DETR", "COCO"],
    "2109.04173": [],  # GNN and SCM are field terms
    "2109.04454": ["ConvMLP", "ConvMLP-S"],
    "2109.05237": [],  # no abstract; the title coins nothing
    "2109.08141": ["3DETR", "VoteNet", "ScanNetV2"],
    "2109.08591": [],
    "2109.08668": ["Primer", "T5"],
    # other years
    "2106.09685": ["LoRA"],
    "2111.06377": ["MAE"],
    "2302.13971": ["LLaMA"],
    "2205.14135": ["FlashAttention"],
    "1810.04805": ["BERT"],  # a field term, but this title coins it
    "1812.08008": ["OpenPose"],
    "2008.08143": ["How2Sign"],
    "2304.03373": [],
    "2311.13608": [],
    "1703.00848": ["Coupled GANs"],
    "2103.00020": ["CLIP"],  # only the code URL names it
    "2309.16064": ["ViT-L/8"],
    "1907.04809": [],  # "Nonlinear ICA" is the field's
    "1707.08567": ["AEW10"],
}


def all_papers() -> dict[str, Paper]:
    papers = dict(example_papers())
    for item in json.loads(MORE.read_text("utf-8"))["papers"]:
        papers[item["arxiv_id"]] = Paper(
            id=item["arxiv_id"], title=item["title"], abstract=item["abstract"]
        )
    return papers


def test_the_table_has_thirty_papers_from_several_years() -> None:
    assert set(EXPECTED) == set(all_papers())
    assert len(EXPECTED) == 30
    assert len({paper_id[:2] for paper_id in EXPECTED}) >= 5  # 2017 … 2023


@pytest.mark.parametrize(("paper_id", "expected"), EXPECTED.items())
def test_names_an_organiser_would_write(paper_id: str, expected: list[str]) -> None:
    names = find_names(all_papers()[paper_id])
    assert [name for name in expected if name not in names] == []
    if not expected:
        assert names == []
    assert not any(is_field_term(name) for name in names if name != "BERT")


def test_every_candidate_is_protected_in_translation() -> None:
    from readinggroup.text.glossary import Glossary
    from readinggroup.text.protected import protected_terms

    assert "PyGCL" in name_candidates(all_papers()["2109.01116"])
    flan = all_papers()["2109.01652"]
    protected = {term.text for term in protected_terms(flan, Glossary())}
    assert {"FLAN", "GPT-3", "BoolQ", "OpenbookQA", "StoryCloze"} <= protected
    assert len(find_names(flan)) == 4  # the 固有名 line keeps the first few


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("ConvMLP: Hierarchical Convolutional MLPs for Vision", "ConvMLP"),
        ("$\\infty$-former: Infinite Memory Transformer", "∞-former"),
        ("Panoptic SegFormer: Delving Deeper into Panoptic Segmentation", "Panoptic SegFormer"),
        ("Proceedings of Workshop AEW10: Concepts in Information Theory", "AEW10"),
        ("Variational Autoencoders and Nonlinear ICA: A Unifying Framework", "ICA"),
        ("Eyes Tell All: Irregular Pupil Shapes Reveal GAN-generated Faces", None),
    ],
)
def test_title_heads(title: str, name: str | None) -> None:
    from readinggroup.text.names import title_head_name

    assert title_head_name(title) == name


@pytest.mark.parametrize(
    ("term", "field"),
    [
        *[("GANs", True), ("ViTs", True), ("GAN-generated", True), ("Transformer", True)],
        *[("ConvMLP", False), ("PyGCL", False), ("Deformable DETR", False)],
    ],
)
def test_field_terms(term: str, field: bool) -> None:
    assert is_field_term(term) is field
