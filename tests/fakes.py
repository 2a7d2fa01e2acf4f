"""Fakes registered through the same seam as the real services (click's ``obj``)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from readinggroup.config import Config, ListConfig
from readinggroup.ids import ArxivRef
from readinggroup.models import ListEntry, Paper, RankedList, Session
from readinggroup.months import Month, Window
from readinggroup.protocols import MetadataSource, RankingSource, Translator
from readinggroup.services import Services

EXAMPLE_PAPERS = Path(__file__).parent / "fixtures" / "examples" / "2021-10" / "papers.json"


def example_papers() -> dict[str, Paper]:
    """The real arXiv metadata of the 2021-10 example, as the arXiv adapter would return it."""
    raw = json.loads(EXAMPLE_PAPERS.read_text("utf-8"))
    return {
        item["arxiv_id"]: Paper(
            id=item["arxiv_id"],
            version=item["version_at_session"],
            title=item["title"],
            authors=tuple(item["authors"]),
            categories=tuple(item["categories"]) if item["categories"] else None,
            published=date.fromisoformat(item["first_submitted"])
            if item["first_submitted"]
            else None,
            abstract=item["abstract"] or "",
        )
        for item in raw["papers"]
    }


@dataclass
class FakeMetadata:
    papers: Mapping[str, Paper]
    calls: list[list[str]] = field(default_factory=list)

    def fetch(self, refs: Sequence[ArxivRef]) -> Mapping[str, Paper]:
        self.calls.append([ref.id for ref in refs])
        return {ref.id: self.papers[ref.id] for ref in refs if ref.id in self.papers}


@dataclass
class FakeTranslator:
    name: str = "fake"
    fail_on: frozenset[str] = frozenset()
    calls: list[str] = field(default_factory=list)

    def translate(self, text: str) -> str:
        from readinggroup.errors import TranslationError

        self.calls.append(text)
        if any(marker in text for marker in self.fail_on):
            raise TranslationError("fake", "answered with an error status")
        return f"JA:{text}"


class Forbidden:
    """Any use fails the test: the command was expected to stay offline."""

    name = "forbidden"

    def fetch(self, refs: Sequence[ArxivRef]) -> Mapping[str, Paper]:
        raise AssertionError(f"unexpected metadata lookup of {list(refs)}")

    def translate(self, text: str) -> str:
        raise AssertionError(f"unexpected translation of {text[:40]!r}")


def fake_services(
    metadata: MetadataSource | None = None,
    translator: Translator | None = None,
    ranking: Mapping[str, RankingSource] | None = None,
    cache_dir: Path | None = None,
) -> Services:
    from readinggroup.services import real_services

    real = real_services()
    forbidden = Forbidden()

    def make_ranking(name: str, listed: ListConfig, config: Config, root: Path) -> RankingSource:
        if ranking is not None and name in ranking:
            return ranking[name]
        return real.ranking(name, listed, config, root)  # the file source is local

    return Services(
        metadata=lambda config: metadata or forbidden,
        ranking=make_ranking,
        translator=lambda name, config: None if name == "none" else (translator or forbidden),
        cache_dir=lambda: cache_dir or Path("cache"),
    )


EXAMPLE_MONTH = Month(2021, 10)


def one_list_session(papers: Sequence[Paper], month: Month = EXAMPLE_MONTH) -> Session:
    """A session of *papers* on one list ("Top recent"), for the meetup *month*."""
    entries = tuple(ListEntry(rank, p.id) for rank, p in enumerate(papers, start=1))
    window = month.previous()
    return Session(
        month=month,
        title=f"AI最新論文読み会{month.year}年{month.month}月",
        window=Window(window.first_day, window.last_day),
        lists=(RankedList("Top recent", ("file",), entries),),
        papers=tuple(papers),
    )
