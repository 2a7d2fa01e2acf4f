"""Abstracts split into sentences (pysbd), Japanese joined back, lines packed into requests."""

from __future__ import annotations

import pytest

from readinggroup.text.sentences import join_sentences, pack_lines, split_sentences
from tests.fakes import example_papers


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # 2109.01116: "e.g.," inside a sentence
        (
            "Yet, the general principles behind GCL remain unclear. Recent studies suggest a set "
            "of general receipts for effective GCL, e.g., simple topology augmentations that "
            "produce sparse graph views are helpful. We find that",
            [
                "Yet, the general principles behind GCL remain unclear.",
                "Recent studies suggest a set of general receipts for effective GCL, e.g., simple "
                "topology augmentations that produce sparse graph views are helpful.",
                "We find that",
            ],
        ),
        # 2109.08591: "et al." followed by a year
        (
            "It compares favorably to a recent approach [Granot et al. 2021], which was shown to "
            "outperform single-video GANs. Our method is fast.",
            [
                "It compares favorably to a recent approach [Granot et al. 2021], which was shown "
                "to outperform single-video GANs.",
                "Our method is fast.",
            ],
        ),
        # 2109.04454 and 2109.08668: decimals and "2.4G"
        (
            "ConvMLP-S achieves 76.8% top-1 accuracy on ImageNet-1k with 9M parameters and 2.4G "
            "MACs. For instance, in a 1.9B parameter configuration similar to GPT-3 XL, Primer "
            "uses 1/3 of the training compute.",
            [
                "ConvMLP-S achieves 76.8% top-1 accuracy on ImageNet-1k with 9M parameters and "
                "2.4G MACs.",
                "For instance, in a 1.9B parameter configuration similar to GPT-3 XL, Primer uses "
                "1/3 of the training compute.",
            ],
        ),
        # made up: references to figures, tables and equations
        (
            "The gap closes as shown in Fig. 2 and Tab. 3. It holds vs. all baselines.",
            ["The gap closes as shown in Fig. 2 and Tab. 3.", "It holds vs. all baselines."],
        ),
        (
            "As in Eq. 3, the loss is convex (resp. concave). Next, we train.",
            ["As in Eq. 3, the loss is convex (resp. concave).", "Next, we train."],
        ),
        ("", []),
        ("   \n ", []),
    ],
)
def test_split_sentences_of_real_abstracts(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_every_shipped_abstract_splits_back_into_its_words() -> None:
    for paper in example_papers().values():
        sentences = split_sentences(paper.abstract)
        assert " ".join(" ".join(sentences).split()) == " ".join(paper.abstract.split())
        assert len(sentences) != 1 or len(paper.abstract) < 300, paper.id


@pytest.mark.parametrize(
    ("sentences", "text"),
    [
        (
            ["行列積は基本的である。", "そのため研究が多い。"],
            "行列積は基本的である。そのため研究が多い。",
        ),
        (["It works.", "It is fast."], "It works. It is fast."),
        (["Primerを提案する。", "GPT-3 XL uses it."], "Primerを提案する。GPT-3 XL uses it."),
        ([], ""),
    ],
)
def test_join_sentences(sentences: list[str], text: str) -> None:
    assert join_sentences(sentences) == text


def test_pack_lines_keeps_order_and_limit() -> None:
    lines = ["a" * 40, "b" * 40, "c" * 40, "d" * 150]
    assert pack_lines(lines, max_chars=100) == [["a" * 40, "b" * 40], ["c" * 40], ["d" * 150]]
    assert pack_lines(lines, max_chars=1000) == [lines]
    assert pack_lines([], max_chars=10) == []
