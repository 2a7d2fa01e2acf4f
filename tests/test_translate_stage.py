"""The translate stage over Session values, with scripted translators (no HTTP)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from readinggroup.errors import TranslationError
from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.months import Month, Window
from readinggroup.stages.summarize import summarize_session
from readinggroup.stages.translate import fields_to_translate, translate_paper, translate_session
from readinggroup.text.cues import choose_sentences
from readinggroup.text.glossary import Glossary
from readinggroup.text.names import title_head_name
from readinggroup.text.protected import Term
from readinggroup.text.sentences import split_sentences
from tests.fakes import example_papers


@dataclass
class LineTranslator:
    """Answers "訳" + each line; can merge lines, drop placeholders, fail or wait."""

    name: str = "lines"
    merge: bool = False
    drop_placeholders: bool = False
    fail_on: str | None = None
    barrier: threading.Barrier | None = None
    calls: list[str] = field(default_factory=list)

    def translate(self, text: str) -> str:
        self.calls.append(text)
        if self.barrier is not None:
            self.barrier.wait()  # two papers must be under way at the same time
        if self.fail_on and self.fail_on in text:
            raise TranslationError("lines", "answered with an error status")
        if self.fail_on == "*bug*":
            raise ValueError("a bug")
        lines = ["訳" + line for line in text.split("\n")]
        if self.drop_placeholders:
            lines = [line.replace("⟦0⟧", "") for line in lines]
        return "".join(lines) if self.merge and len(lines) > 1 else "\n".join(lines)


def make_session(papers: Sequence[Paper]) -> Session:
    entries = tuple(ListEntry(rank, p.id) for rank, p in enumerate(papers, start=1))
    return Session(
        month=Month(2021, 10),
        title="AI最新論文読み会2021年10月",
        window=Window(date(2021, 9, 1), date(2021, 9, 30)),
        lists=(RankedList("Top recent", ("file",), entries),),
        papers=tuple(papers),
    )


@pytest.fixture(autouse=True)
def _visible_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    # the CLI stops "readinggroup" records at its own handler; caplog listens at the root
    monkeypatch.setattr(logging.getLogger("readinggroup"), "propagate", True)


@pytest.fixture
def shipped() -> list[Paper]:
    return list(example_papers().values())


def test_one_request_per_paper_and_every_sentence_aligned(shipped: list[Paper]) -> None:
    translator = LineTranslator()
    session, report = translate_session(make_session(shipped), translator=translator)
    assert report.attempted == report.done == len(shipped)
    assert not report.failures
    assert len(translator.calls) == len(shipped)
    for paper in session.papers:
        head = title_head_name(paper.title)
        assert paper.title_ja.startswith("訳")
        if head:
            assert head in paper.title_ja, paper.id
        assert paper.provenance["title_ja"].startswith("lines:")
    panoptic = session.paper("2109.03814")
    assert panoptic is not None
    assert panoptic.title_ja.startswith("訳Panoptic SegFormer: Delving Deeper")


def test_sentences_are_paired_with_their_japanese(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.08668")
    result = translate_paper(paper, LineTranslator())
    assert result.sentences is not None
    english = split_sentences(paper.abstract)
    assert [pair.english for pair in result.sentences] == [" ".join(s.split()) for s in english]
    assert all(pair.japanese == "訳" + pair.english for pair in result.sentences)
    assert result.abstract == "".join(pair.japanese for pair in result.sentences)


def test_merged_lines_are_asked_again_one_by_one(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.04454")
    translator = LineTranslator(merge=True)
    result = translate_paper(paper, translator)
    lines = translator.calls[0].split("\n")
    assert translator.calls[1:] == lines  # then one request per sentence
    assert result.title == "訳ConvMLP: Hierarchical Convolutional MLPs for Vision"
    assert result.sentences is not None
    assert len(result.sentences) == len(lines) - 1


def test_long_text_is_split_at_sentence_boundaries(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2106.15590")
    translator = LineTranslator()
    result = translate_paper(paper, translator, max_chars=400)
    assert len(translator.calls) > 2
    assert all(len(call) <= 400 for call in translator.calls)
    sent = [line for call in translator.calls for line in call.split("\n")]
    assert sent[1:] == [pair.english for pair in result.sentences or ()]


def test_text_with_nothing_to_translate_is_not_sent() -> None:
    paper = Paper(id="1", title="Primer", abstract="We propose Primer. ∞ = 1.")
    translator = LineTranslator()
    result = translate_paper(paper, translator, terms=[Term("Primer")])
    assert translator.calls == ["We propose ⟦0⟧."]
    assert result.title == "Primer"
    assert result.abstract == "訳We propose Primer. ∞ = 1."


def test_glossary_fixed_japanese(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.02846")
    session, _ = translate_session(
        make_session([paper]),
        translator=LineTranslator(),
        glossary=Glossary({"NLP": "自然言語処理"}),
    )
    datasets = session.paper("2109.02846")
    assert datasets is not None
    assert "自然言語処理" in datasets.abstract_ja
    assert "NLP" not in datasets.abstract_ja
    assert datasets.title_ja.startswith("訳Datasets: ")


def test_one_failure_stops_nothing(shipped: list[Paper]) -> None:
    translator = LineTranslator(fail_on="Searching for Efficient Transformers")
    session, report = translate_session(make_session(shipped), translator=translator)
    assert report.attempted == len(shipped)
    assert report.done == len(shipped) - 1
    assert report.failures == ("2109.08668: lines: answered with an error status",)
    primer = session.paper("2109.08668")
    assert primer is not None
    assert primer.title_ja == ""
    assert primer.abstract_ja == ""
    assert sum(1 for p in session.papers if p.title_ja) == len(shipped) - 1


def test_an_unexpected_error_is_one_failure_too(shipped: list[Paper]) -> None:
    _, report = translate_session(
        make_session(shipped[:2]), translator=LineTranslator(fail_on="*bug*")
    )
    assert report.done == 0
    assert report.failures[0].endswith(": unexpected ValueError: a bug")


def test_a_lost_name_is_reported(shipped: list[Paper], caplog: pytest.LogCaptureFixture) -> None:
    paper = next(p for p in shipped if p.id == "2109.08668")
    with caplog.at_level(logging.WARNING, logger="readinggroup.stages.translate"):
        _session, report = translate_session(
            make_session([paper]), translator=LineTranslator(drop_placeholders=True)
        )
    assert report.done == 1
    assert (
        "2109.08668 title_ja: the translation lost the protected name 'Primer'; check the "
        "Japanese in the session file" in caplog.text
    )


def test_human_text_is_kept_and_force_says_what_it_replaces(
    shipped: list[Paper], caplog: pytest.LogCaptureFixture
) -> None:
    paper = next(p for p in shipped if p.id == "2109.04454")
    human = paper.with_text("title_ja", "ConvMLP：人が書いた題", writer="human")
    translator = LineTranslator()
    session, _ = translate_session(make_session([human]), translator=translator)
    kept = session.paper(paper.id)
    assert kept is not None
    assert kept.title_ja == "ConvMLP：人が書いた題"
    assert "ConvMLP: Hierarchical" not in translator.calls[0]  # only the abstract was asked
    with caplog.at_level(logging.WARNING):
        forced, _ = translate_session(
            make_session([human]), translator=LineTranslator(), force=True
        )
    replaced = forced.paper(paper.id)
    assert replaced is not None
    assert replaced.title_ja.startswith("訳ConvMLP")
    assert "--force replaces your edit of 2109.04454 title_ja" in caplog.text


def test_fields_to_translate(shipped: list[Paper]) -> None:
    paper = shipped[0]
    assert fields_to_translate(paper) == ("title_ja", "abstract_ja")
    done = replace(paper, title_ja="題", abstract_ja="要旨")
    assert fields_to_translate(done) == ()
    assert fields_to_translate(done, force=True) == ("title_ja", "abstract_ja")
    no_abstract = replace(paper, abstract="", title_ja="題")
    assert fields_to_translate(no_abstract) == ()
    assert fields_to_translate(Paper(id="2109.99999")) == ()  # no metadata yet


def test_papers_are_translated_at_the_same_time(shipped: list[Paper]) -> None:
    translator = LineTranslator(barrier=threading.Barrier(2, timeout=10))
    _, report = translate_session(make_session(shipped[:2]), translator=translator, concurrency=2)
    assert report.done == 2  # with one worker the barrier would break and both would fail


def test_translating_drafts_no_summary_line(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.03814")
    session, _ = translate_session(make_session([paper]), translator=LineTranslator())
    translated = session.paper(paper.id)
    assert translated is not None
    assert translated.title_ja
    assert translated.summary.purpose == translated.summary.result == ""


def test_summarize_drafts_purpose_result_method_in_japanese(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.03814")
    session, _ = summarize_session(make_session([paper]), translator=LineTranslator())
    drafted = session.paper(paper.id)
    assert drafted is not None
    assert drafted.summary.purpose == "訳Panoptic segmentation with transformers"
    # the whole clause is one character over a slide line in this fake's "Japanese"
    assert drafted.summary.result == (
        "訳Panoptic SegFormer achieves state-of-the-art results on COCO test-dev"
    )
    assert drafted.provenance["summary.purpose"].startswith("extractive:")


def test_drafts_never_replace_a_summary_line(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.03814")
    human = paper.with_text("summary.purpose", "人が書いた目的", writer="human")
    session, _ = summarize_session(make_session([human]), translator=LineTranslator())
    kept = session.paper(paper.id)
    assert kept is not None
    assert kept.summary.purpose == "人が書いた目的"
    assert kept.summary.result.startswith("訳Panoptic SegFormer achieves")


def test_summarize_without_translator_keeps_english_drafts(shipped: list[Paper]) -> None:
    paper = next(p for p in shipped if p.id == "2109.03814")
    session, report = summarize_session(make_session([paper]), translator=None)
    drafted = session.paper(paper.id)
    assert drafted is not None
    assert drafted.summary.purpose == "Panoptic segmentation with transformers"
    assert report.done == 1


def test_choose_sentences_picks_by_cues() -> None:
    sentences = [
        "Transformers are popular.",
        "In this paper, we propose X to reduce cost.",
        "X replaces attention by using a hashing mechanism.",
        "Experiments show X is 3× faster and improves accuracy.",
        "Code is available at https://github.com/x/x.",
    ]
    assert choose_sentences(sentences) == {
        "purpose": "Reduce cost",
        "result": "X is 3× faster and improves accuracy",
        "method": "Using a hashing mechanism",
    }
    assert choose_sentences(["Hello."]) == {
        "purpose": "",
        "result": "",
        "method": "",
    }
