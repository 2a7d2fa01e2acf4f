"""Building the real adapters from the config: the one place that picks concrete classes.

Tests hand the CLI a Services of fakes instead (through click's ``obj``), the same seam.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.config import Config, ListConfig, llm_problem
from readinggroup.errors import ConfigError
from readinggroup.models import Paper

if TYPE_CHECKING:  # the protocols only type the factories: a warm build never loads them
    from readinggroup.adapters.llm import LlmClient
    from readinggroup.adapters.sources.openalex import OpenAlex
    from readinggroup.protocols import (
        AffiliationFinder,
        CitationCounter,
        DeckExporter,
        MetadataSource,
        PaperAffiliations,
        RankingSource,
        Settled,
        Summarizer,
        Translator,
    )


def _nothing_to_forget() -> None:
    return None


def _no_affiliations(config: Config) -> AffiliationFinder:
    """The finder of a Services given none: arXiv's own field only (no request)."""
    from readinggroup.adapters.affiliations.chain import AffiliationChain

    return AffiliationChain(())


class _LazyFinder:
    """An AffiliationFinder built on its first use: a run with nothing to look up imports
    none of the page readers."""

    def __init__(self, build: Callable[[], AffiliationFinder]) -> None:
        self._build = build

    def find(
        self, papers: Sequence[Paper], *, settled: Settled | None = None
    ) -> Mapping[str, PaperAffiliations]:
        return self._build().find(papers, settled=settled)


def _real_exporter() -> DeckExporter:
    from readinggroup.adapters.libreoffice import LibreOfficeExporter
    from readinggroup.render.metrics import is_installed

    return LibreOfficeExporter(font_installed=is_installed)


def _no_summarizer(config: Config) -> Summarizer | None:
    return None


def _real_citations(config: Config) -> CitationCounter:
    from readinggroup.adapters.sources.openalex import OpenAlexCitations

    return OpenAlexCitations(_openalex(config))


@dataclass(frozen=True)
class Services:
    """Factories for everything that talks to the outside world.

    *forget_responses* drops the answers the ranking services gave earlier, so the next
    ranking asks them again (``fetch --refresh``). *affiliations* builds the 著者所属 finder,
    *citations* what counts the year's citations (``review``).
    """

    metadata: Callable[[Config], MetadataSource]
    ranking: Callable[[str, ListConfig, Config, Path], RankingSource]
    translator: Callable[[str, Config], Translator | None]
    cache_dir: Callable[[], Path]
    forget_responses: Callable[[], None] = _nothing_to_forget
    exporter: Callable[[], DeckExporter] = _real_exporter
    affiliations: Callable[[Config], AffiliationFinder] = _no_affiliations
    summarizer: Callable[[Config], Summarizer | None] = _no_summarizer
    citations: Callable[[Config], CitationCounter] = _real_citations

    def summarizing(self, config: Config) -> Summarizer | None:
        """The configured summariser (None: the extractive draft); a missing endpoint is
        reported before any work."""
        if problem := llm_problem(config):
            raise ConfigError(problem)
        return self.summarizer(config) if config.summarizer == "llm" else None

    def finding_affiliations(self, config: Config) -> AffiliationFinder:
        """The 著者所属 finder of *config*, built only when a paper needs it."""
        return _LazyFinder(lambda: self.affiliations(config))

    @contextmanager
    def translation(
        self, config: Config, *, use_cache: bool = True, lazy: bool = True
    ) -> Iterator[Translator | None]:
        """The configured translator (None for ``none``), behind the on-disk cache unless
        *use_cache* is False. With *lazy* nothing is built until the first text is
        translated, so a run with nothing to translate needs no key and imports nothing;
        otherwise a missing key is reported before any work."""
        if config.translator == "none":
            yield None
            return
        if problem := llm_problem(config):  # --translator llm without an endpoint
            raise ConfigError(problem)
        lazy_translator = _LazyTranslator(config.translator, lambda: self._open(config, use_cache))
        if not lazy:
            lazy_translator.build()
        try:
            yield lazy_translator
        finally:
            lazy_translator.close()

    def _open(self, config: Config, use_cache: bool) -> tuple[Translator, Callable[[], None]]:
        translator = self.translator(config.translator, config)
        if translator is None:
            raise ConfigError(f"translator '{config.translator}' translates nothing")
        if not use_cache:
            return translator, _nothing_to_forget
        from readinggroup.adapters.translators.cache import CachedTranslator, TranslationCache

        cache = TranslationCache(self.cache_dir())
        return CachedTranslator(translator, cache), cache.close


class _LazyTranslator:
    """A Translator built on its first call (from several threads at once, built once)."""

    def __init__(
        self, name: str, build: Callable[[], tuple[Translator, Callable[[], None]]]
    ) -> None:
        self.name = name
        self._build = build
        self._built: tuple[Translator, Callable[[], None]] | None = None
        self._lock = threading.Lock()

    def build(self) -> Translator:
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built[0]

    def translate(self, text: str) -> str:
        return self.build().translate(text)

    def close(self) -> None:
        if self._built is not None:
            self._built[1]()


def _real_metadata(config: Config) -> MetadataSource:
    from readinggroup.adapters.arxiv_api import ArxivMetadata

    return ArxivMetadata(config.sources.arxiv.base_url)


def _real_ranking(name: str, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    if name == "file":
        from readinggroup.adapters.sources.file_list import FileSource

        return FileSource(listed.file, workdir)
    from readinggroup.adapters.http import cached_session

    # Answers are kept for a day, so re-running a fetch (or a failed one) asks nobody twice.
    sources = config.sources
    if name == "hf":
        from readinggroup.adapters.sources.hf import HfSource

        return HfSource(sources.hf.base_url, session=cached_session(_real_cache_dir()))
    if name == "hn":
        from readinggroup.adapters.sources.hn import HnSource

        return HnSource(sources.hn.base_url, session=cached_session(_real_cache_dir()))
    if name == "s2":
        from readinggroup.adapters.sources.s2 import S2Source

        key = os.environ.get("S2_API_KEY") or None
        # Without a key Semantic Scholar shares one small anonymous pool: wait longer on 429.
        session = cached_session(_real_cache_dir(), retries=3 if key else 5, backoff=2.0)
        return S2Source(sources.s2.base_url, api_key=key, session=session)
    if name == "openalex":
        from readinggroup.adapters.sources.openalex import OpenAlexSource

        return OpenAlexSource(_openalex(config))
    if name == "alphaxiv":
        from readinggroup.adapters.sources.alphaxiv import AlphaxivSource

        return AlphaxivSource(sources.alphaxiv.base_url, session=cached_session(_real_cache_dir()))
    raise ConfigError(
        f"source '{name}' (list '{listed.label}') is unknown; "
        "use hf, hn, s2, openalex, alphaxiv or file"
    )


def _openalex(config: Config) -> OpenAlex:
    from readinggroup.adapters.http import cached_session
    from readinggroup.adapters.sources.openalex import OpenAlex

    service = config.sources.openalex
    return OpenAlex(
        service.base_url, mailto=service.mailto, session=cached_session(_real_cache_dir())
    )


def _real_affiliations(config: Config) -> AffiliationFinder:
    """The 著者所属 chain: OpenAlex, Semantic Scholar, arXiv's HTML page, then the PDF."""
    from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages
    from readinggroup.adapters.affiliations.chain import AffiliationChain
    from readinggroup.adapters.affiliations.html_page import ArxivHtmlSource
    from readinggroup.adapters.affiliations.openalex import OpenAlexAffiliations
    from readinggroup.adapters.affiliations.pdf_page import PdfFirstPageSource
    from readinggroup.adapters.affiliations.s2_batch import SemanticScholarAffiliations
    from readinggroup.adapters.http import cached_session

    # One ArxivPages for the HTML and the PDF: arXiv's delay holds across both.
    # a paper may still lack its HTML page: that answer is kept like a page
    pages_session = cached_session(_real_cache_dir(), codes=(200, 404))
    pages = ArxivPages(config.sources.arxiv_pages.base_url, session=pages_session)
    key = os.environ.get("S2_API_KEY") or None
    # the paper batch is a POST that only reads: its answers are kept like the GETs'
    s2_session = cached_session(
        _real_cache_dir(), retries=3 if key else 5, backoff=2.0, methods=("GET", "POST")
    )
    # the batch services first: a paper they answer costs arXiv no page (3 s each)
    return AffiliationChain(
        [
            OpenAlexAffiliations(_openalex(config)),
            SemanticScholarAffiliations(
                config.sources.s2.base_url, api_key=key, session=s2_session
            ),
            ArxivHtmlSource(pages),
            PdfFirstPageSource(pages),
        ]
    )


class _LlmClients:
    """One client per endpoint for a whole run, so its breaker counts translate's and
    summarize's failures together: an endpoint that stopped answering is not asked three more
    times by the next stage."""

    def __init__(self) -> None:
        self._clients: dict[tuple[str, str], LlmClient] = {}

    def __call__(self, config: Config) -> LlmClient:
        from readinggroup.adapters.llm import LlmClient

        endpoint = (config.llm.base_url, config.llm.model)
        if endpoint not in self._clients:
            self._clients[endpoint] = LlmClient(*endpoint)
        return self._clients[endpoint]


def _real_translator(
    name: str, config: Config, llm_client: Callable[[Config], LlmClient]
) -> Translator | None:
    if name == "none":
        return None
    if name == "google":
        from readinggroup.adapters.translators.google import GoogleTranslator

        return GoogleTranslator(config.translators.google.base_url)
    if name == "deepl":
        key = os.environ.get("DEEPL_AUTH_KEY", "").strip()
        if not key:
            raise ConfigError(
                "DeepL needs an API key: set DEEPL_AUTH_KEY in the environment (keys are never "
                "read from files), or use --translator google"
            )
        from readinggroup.adapters.translators.deepl_api import DeepLTranslator

        return DeepLTranslator(key, base_url=config.translators.deepl.base_url)
    if name == "llm":
        from readinggroup.adapters.translators.llm import LlmTranslator

        return LlmTranslator(llm_client(config))
    raise ConfigError(f"translator '{name}' is unknown; use google, deepl, llm or none")


def _real_summarizer(config: Config, llm_client: Callable[[Config], LlmClient]) -> Summarizer:
    from readinggroup.adapters.llm import LlmSummarizer

    return LlmSummarizer(llm_client(config))


def _real_cache_dir() -> Path:
    from readinggroup.cache_dir import default_cache_dir

    return default_cache_dir()


def _real_forget_responses() -> None:
    from readinggroup.adapters.http import forget_cached_responses

    forget_cached_responses(_real_cache_dir())


def real_services() -> Services:
    """The real adapters, for one run (one command)."""
    llm_clients = _LlmClients()
    return Services(
        _real_metadata,
        _real_ranking,
        lambda name, config: _real_translator(name, config, llm_clients),
        _real_cache_dir,
        _real_forget_responses,
        summarizer=lambda config: _real_summarizer(config, llm_clients),
        affiliations=_real_affiliations,
    )
