"""Sentence classification and clause cutting on real arXiv abstracts (English drafts)."""

from __future__ import annotations

import pytest

from readinggroup.text.clauses import LINE_EM, fits_line, shorter_cuts, tidy_clause
from readinggroup.text.cues import choose_sentences, draft_lines
from readinggroup.text.latex import plain
from readinggroup.text.names import name_candidates
from readinggroup.text.script import text_width
from readinggroup.text.sentences import split_sentences
from tests.test_names_table import all_papers


def english_lines(paper_id: str) -> dict[str, str]:
    paper = all_papers()[paper_id]
    sentences = [plain(s) for s in split_sentences(plain(paper.abstract))]
    return choose_sentences(sentences, names=name_candidates(paper))


@pytest.mark.parametrize(
    ("paper_id", "purpose", "result", "method"),
    [
        (
            "2109.00301",
            "Transformers are unable to model long-term memories effectively",
            "The ∞-former's ability to retain information from long sequences",
            "The ∞-former, which extends the vanilla transformer with an unbounded long-term "
            "memory",
        ),
        (
            "2109.04454",
            "Single-stage designs further limit performance in other computer vision tasks",
            "ConvMLP-S achieves 76.8% top-1 accuracy on ImageNet-1k with 9M parameters",
            "ConvMLP: a hierarchical Convolutional MLP for visual recognition",
        ),
        (
            "2109.08668",
            "Reduce the costs of Transformers",
            "Primer improves the original T5 architecture on C4 auto-regressive language modeling",
            "Searching for a more efficient variant",
        ),
        (
            "2109.01652",
            "Improving the zero-shot learning abilities of language models",
            "FLAN substantially improves the performance of its unmodified counterpart",
            "Take a 137B parameter pretrained language model and instruction-tune it",
        ),
        (
            "2108.10470",
            "Train policies for wide variety of robotics tasks directly on GPU",
            "Leads to blazing fast training times for complex robotics tasks on a single GPU",
            "Passing data from physics buffers to PyTorch tensors",
        ),
        (
            "2109.08591",
            "Video generation and manipulation from a single natural video",
            "Disproportionally faster (runtime reduced from several days to seconds)",
            "Casting classical space-time patch-based methods as a new generative video model",
        ),
        (
            "2106.09685",
            "Full fine-tuning becomes less feasible",
            "LoRA can reduce the number of trainable parameters by 10,000 times",
            "Low-Rank Adaptation, or LoRA, which freezes the pre-trained model weights",
        ),
        (
            "2205.14135",
            "Transformers are slow and memory-hungry on long sequences",
            "FlashAttention trains Transformers faster than existing baselines",
            "FlashAttention, an IO-aware exact attention algorithm",
        ),
        (
            "1812.08008",
            "Detect the 2D pose of multiple people in an image",
            "The combined detector not only reduces the inference time",
            "The first combined body and foot keypoint detector",
        ),
        (
            "2109.00162",
            "GAN-generated faces can be exposed via irregular pupil shapes",
            "Its simplicity and effectiveness in distinguishing GAN-generated faces",
            "An automatic method to extract the pupils from two eyes and analysis their shapes",
        ),
    ],
)
def test_lines_from_real_abstracts(paper_id: str, purpose: str, result: str, method: str) -> None:
    assert english_lines(paper_id) == {"purpose": purpose, "result": result, "method": method}


@pytest.mark.parametrize(
    ("sentence", "clause"),
    [
        ("To tackle these problems, we propose ConvMLP.", "We propose ConvMLP"),
        (
            "In this paper, we further investigate this problem.",
            "We further investigate this problem",
        ),
        (
            "Our approach is inspired by a recent approach [Granot et al. 2021], which works.",
            "Our approach is inspired by a recent approach, which works",
        ),
        (
            "Although remarkable progress has been witnessed recently, the success behind GCL is "
            "still left somewhat mysterious.",
            "The success behind GCL is still left somewhat mysterious",
        ),
        (
            "After a year of development, the library now includes more than 650 unique datasets.",
            "The library now includes more than 650 unique datasets",
        ),
    ],
)
def test_clause_cutting(sentence: str, clause: str) -> None:
    assert tidy_clause(sentence) == clause


def test_shorter_cuts_end_where_a_clause_can_end() -> None:
    assert shorter_cuts(
        "Full fine-tuning, which retrains all model parameters, becomes less feasible"
    ) == (
        "Full fine-tuning becomes less feasible",
        "Full fine-tuning, which retrains all model parameters, becomes less feasible",
        "Full fine-tuning, which retrains all model parameters",
    )
    # never "…, which stands" nor "… by benchmarking"
    assert "A new model called BERT, which stands" not in shorter_cuts(
        "A new model called BERT, which stands for Bidirectional Encoder Representations"
    )
    assert all(
        not cut.endswith("by benchmarking")
        for cut in shorter_cuts("The performance of this approach by benchmarking on 30 datasets")
    )


def test_a_background_abstract_gives_no_line() -> None:
    background = [
        "Multiplying matrices is among the most fundamental and compute-intensive operations in "
        "machine learning.",
        "Consequently, there has been significant work on efficiently approximating matrix "
        "multiplies.",
    ]
    assert choose_sentences(background) == {"purpose": "", "result": "", "method": ""}


def test_a_sentence_serves_two_lines_only_with_different_clauses() -> None:
    drafts = draft_lines(
        [
            "Here we aim to reduce the costs of Transformers by searching for a more efficient "
            "variant."
        ]
    )
    assert drafts["purpose"].cuts[0] == "Reduce the costs of Transformers"
    assert drafts["method"].cuts[0] == "Searching for a more efficient variant"


def test_the_problem_stays_in_every_cut_of_a_problem_line() -> None:
    lines = choose_sentences(
        [
            "However, most adopt spatial MLPs which take fixed dimension inputs, therefore making "
            "it difficult to apply them to downstream tasks, such as object detection and "
            "semantic segmentation."
        ]
    )
    assert lines["purpose"] == ""  # "Most adopt spatial MLPs" would lose the difficulty


def test_every_line_of_the_thirty_papers_fits_one_slide_line() -> None:
    for paper_id in all_papers():
        for text in english_lines(paper_id).values():
            assert fits_line(text), (paper_id, text)
    assert text_width("目" * 48) == LINE_EM
