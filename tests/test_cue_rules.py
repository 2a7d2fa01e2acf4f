"""The rules that pick 目的/成果/方法 sentences, each on a sentence made to show it alone."""

from __future__ import annotations

from readinggroup.text.cues import choose_sentences, draft_lines

PROPOSAL = "We propose FooNet, a network for segmenting cells."


def _first_cuts(sentences: list[str]) -> dict[str, tuple[str, int]]:
    """Each drafted line's longest cut and the index of its sentence."""
    return {name: (draft.cuts[0], draft.source) for name, draft in draft_lines(sentences).items()}


def test_a_sentence_about_where_the_code_is_gives_no_line() -> None:
    released = "Code and models are available at github.com/foo/bar, achieving 95% accuracy."
    assert _first_cuts([PROPOSAL, released]) == {"purpose": ("Segmenting cells", 0)}
    claimed = "FooNet reaches 95% accuracy on the cell benchmark."
    assert _first_cuts([PROPOSAL, claimed])["result"][1] == 1  # the same claim, without the link


def test_background_without_a_problem_is_no_purpose() -> None:
    background = "Transformers are widely used in vision today."
    assert _first_cuts([background, PROPOSAL]) == {"purpose": ("Segmenting cells", 1)}
    assert _first_cuts([background]) == {}


def test_a_problem_stated_by_others_is_the_purpose_but_not_one_of_ours() -> None:
    assert _first_cuts(["Training runs with a bottleneck on commodity GPUs."]) == {
        "purpose": ("Training runs with a bottleneck on commodity GPUs", 0)
    }
    assert _first_cuts(["Our training runs with a bottleneck on commodity GPUs."]) == {}


def test_what_something_runs_without_is_no_problem() -> None:
    assert _first_cuts(["Training runs without any bottleneck on commodity GPUs."]) == {}


def test_a_result_with_a_number_beats_a_later_one_without() -> None:
    sentences = [
        "We propose FooNet.",
        "FooNet achieves 95 points on ImageNet.",
        "FooNet achieves strong results on COCO.",
    ]
    assert _first_cuts(sentences)["result"] == ("FooNet achieves 95 points on ImageNet", 1)
    cited = [*sentences[:1], "FooNet achieves good points on ImageNet [12].", sentences[2]]
    assert _first_cuts(cited)["result"] == ("FooNet achieves strong results on COCO", 2)


def test_a_clause_of_ten_characters_is_a_line_and_of_nine_is_not() -> None:
    assert _first_cuts(["We propose Abcdefghij."]) == {"method": ("Abcdefghij", 0)}
    assert _first_cuts(["We propose Abcdefghi."]) == {}


def test_a_method_line_says_what_it_is_before_what_it_achieves() -> None:
    sentence = "We propose FooNet, a simple network that outperforms ResNet by 5% on ImageNet."
    cuts = draft_lines([sentence])["method"].cuts
    assert cuts[0] == "FooNet, a simple network"
    assert "FooNet, a simple network that outperforms ResNet by 5% on ImageNet" in cuts[1:]
    assert choose_sentences([sentence])["method"] == "FooNet, a simple network"


def test_a_bare_new_method_is_no_method_line() -> None:
    assert _first_cuts(["We propose a new method."]) == {}
    qualified = "We propose a new method, which outperforms ResNet by 5% on ImageNet."
    assert draft_lines([qualified])["method"].cuts == (
        "A new method, which outperforms ResNet by 5% on ImageNet",
    )


AIM_LATER = "We aim to count cells in microscope images."


def test_an_aim_is_the_purpose_over_any_earlier_weaker_cue() -> None:
    """Purpose takes the earliest of the strongest: an aim beats a study, a tool's use, a
    proposal's goal and a claim, even after them."""
    for earlier in (
        "This paper explores segmentation of cells in images.",
        "Isaac Gym offers a high performance platform to train policies on GPU.",
        "We propose FooNet to reduce the cost of counting.",
        "In this paper we show that counting is easy for large models.",
    ):
        assert _first_cuts([earlier, AIM_LATER])["purpose"] == (
            "Count cells in microscope images",
            1,
        ), earlier


def test_a_line_s_source_is_its_best_sentence_even_when_others_also_say_it() -> None:
    drafts = draft_lines(["We aim to segment cells quickly.", PROPOSAL])
    assert drafts["purpose"].source == 0
    assert drafts["purpose"].cuts[0] == "Segment cells quickly"


def test_a_study_of_that_or_this_is_no_purpose() -> None:
    assert _first_cuts(["This paper studies that question in depth."]) == {}


def test_a_proposal_for_the_task_names_no_purpose() -> None:
    assert _first_cuts(["We propose a technique for the problem of counting cells."]) == {
        "method": ("A technique for the problem of counting cells", 0)
    }


def test_a_method_for_improving_something_is_the_aim_not_the_method() -> None:
    improving = "We propose a simple method for improving cell counts."
    assert _first_cuts([improving]) == {"purpose": ("Improving cell counts", 0)}
    assert _first_cuts([AIM_LATER, improving]) == {  # "improving" is a claim, not a means
        "purpose": ("Count cells in microscope images", 0),
        "result": ("We propose a simple method for improving cell counts", 1),
    }


def test_a_proposal_of_nothing_named_is_no_method() -> None:
    assert _first_cuts(["We propose extensive experiments on cells."]) == {}


def test_three_result_cues_beat_a_later_number_with_one() -> None:
    sentences = [
        "We propose FooNet.",
        "FooNet achieves state-of-the-art accuracy and faster training.",
        "FooNet achieves 95 points on cells.",
    ]
    assert _first_cuts(sentences)["result"][1] == 1


def test_three_cues_and_a_number_beat_a_later_sentence_of_four_cues() -> None:
    sentences = [
        "We propose FooNet.",
        "FooNet achieves better accuracy by 5 points.",
        "FooNet achieves state-of-the-art accuracy and faster training.",
    ]
    assert _first_cuts(sentences)["result"] == ("FooNet achieves better accuracy by 5 points", 1)


def test_a_strong_claim_before_we_speak_is_still_a_result() -> None:
    sentences = ["Transformers achieve state-of-the-art accuracy and faster training.", PROPOSAL]
    assert _first_cuts(sentences)["result"] == (
        "Transformers achieve state-of-the-art accuracy and faster training",
        0,
    )


def test_a_finding_that_only_names_our_method_keeps_the_whole_sentence() -> None:
    sentences = [PROPOSAL, "Experiments with 95% accuracy demonstrate our method"]
    assert _first_cuts(sentences)["result"] == (
        "Experiments with 95% accuracy demonstrate our method",
        1,
    )


def test_a_result_by_its_number_alone() -> None:
    sentences = [PROPOSAL, "FooNet now counts more than 650 cell types."]
    assert _first_cuts(sentences)["result"] == ("FooNet now counts more than 650 cell types", 1)


def test_a_line_is_the_longest_cut_within_the_limit() -> None:
    sentence = "We propose FooNet, a simple network that outperforms ResNet by 5% on ImageNet."
    assert choose_sentences([sentence], limit=14)["method"] == "FooNet, a simple network"
    assert choose_sentences([sentence], limit=5)["method"] == ""
