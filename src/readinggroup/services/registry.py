"""The real adapters by the config's allowed names: ``SOURCES`` (a list's ``sources``),
``TRANSLATORS`` (``translator``), ``SUMMARIZERS`` (``summarizer``), and what one run's adapters
share (:class:`Run`). The only place that names concrete adapter classes; each is imported when
its name is first used, so a run loads only the adapters it asks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from readinggroup.config import Config, ListConfig
from readinggroup.errors import ConfigError

if TYPE_CHECKING:
    from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages
    from readinggroup.adapters.llm import LlmClient
    from readinggroup.adapters.sources.openalex import OpenAlex
    from readinggroup.adapters.transport.budget import RunBudget
    from readinggroup.adapters.transport.keys import ApiKeys
    from readinggroup.adapters.transport.profiles import Profile
    from readinggroup.adapters.transport.sessions import PoliteSession
    from readinggroup.protocols import (
        AffiliationFinder,
        CitationCounter,
        FigureFinder,
        MetadataSource,
        RankingSource,
        Summarizer,
        Translator,
    )


class Run:
    """What the real adapters of one run share: the retry budget, the API keys (read from the
    environment once), one LLM client per endpoint (so its breaker counts translate's and
    summarize's failures together), and the response cache's folder."""

    def __init__(self, budget: RunBudget, keys: ApiKeys) -> None:
        self.budget = budget
        self.keys = keys
        self._llm_clients: dict[tuple[str, str], LlmClient] = {}
        self._arxiv_pages: dict[str, ArxivPages] = {}

    def again(self, budget: RunBudget) -> Run:
        """A new run with the same keys."""
        return Run(budget, self.keys)

    def llm_client(self, config: Config) -> LlmClient:
        from readinggroup.adapters.llm import LlmClient

        endpoint = (config.llm.base_url, config.llm.model)
        if endpoint not in self._llm_clients:
            from readinggroup.adapters.transport.profiles import LLM

            self._llm_clients[endpoint] = LlmClient(
                *endpoint, api_key=self.keys.llm, retry=LLM.policy(self.budget)
            )
        return self._llm_clients[endpoint]

    def arxiv_pages(self, config: Config) -> ArxivPages:
        """The run's one reader of arXiv's pages: 著者所属 and the figures share arXiv's delay,
        the response cache and the HTML page each paper's both read."""
        from readinggroup.adapters.affiliations.arxiv_pages import ArxivPages
        from readinggroup.adapters.transport.profiles import ARXIV_PAGES

        base_url = config.sources.arxiv_pages.base_url
        if base_url not in self._arxiv_pages:
            # a paper may still lack its HTML page: that answer is kept like a page
            session = self.cached_session(ARXIV_PAGES, codes=(200, 404))
            self._arxiv_pages[base_url] = ArxivPages(base_url, session=session)
        return self._arxiv_pages[base_url]

    def cached_session(
        self,
        profile: Profile | None = None,
        *,
        methods: tuple[str, ...] = ("GET",),
        codes: tuple[int, ...] = (200,),
    ) -> PoliteSession:
        """A session of *profile* (the JSON services' if None) that keeps answers for a day in
        the cache folder, so re-running a fetch (or a failed one) asks nobody twice; *methods*
        and *codes* as :func:`~readinggroup.adapters.transport.sessions.cached_session` says."""
        from readinggroup.adapters.transport.profiles import JSON_SERVICE
        from readinggroup.adapters.transport.sessions import cached_session

        return cached_session(
            real_cache_dir(),
            methods=methods,
            codes=codes,
            profile=profile or JSON_SERVICE,
            run=self.budget,
        )


def real_metadata(run: Run, config: Config) -> MetadataSource:
    from readinggroup.adapters.arxiv_api import ArxivMetadata

    return ArxivMetadata(config.sources.arxiv.base_url, run=run.budget)


# --- the ranking sources, by the names a list's ``sources`` allows --------------------------


def _hf(run: Run, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    from readinggroup.adapters.sources.hf import HfSource

    return HfSource(config.sources.hf.base_url, session=run.cached_session())


def _hn(run: Run, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    from readinggroup.adapters.sources.hn import HnSource

    return HnSource(config.sources.hn.base_url, session=run.cached_session())


def _s2(run: Run, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    from readinggroup.adapters.sources.s2 import S2Source

    session = run.cached_session(_s2_profile(run))
    return S2Source(config.sources.s2.base_url, api_key=run.keys.s2 or None, session=session)


def _s2_profile(run: Run) -> Profile:
    from readinggroup.adapters.transport.profiles import S2_ANONYMOUS, S2_WITH_KEY

    return S2_WITH_KEY if run.keys.s2 else S2_ANONYMOUS


def _openalex_source(run: Run, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    from readinggroup.adapters.sources.openalex import OpenAlexSource

    return OpenAlexSource(_openalex(run, config))


def _alphaxiv(run: Run, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    from readinggroup.adapters.sources.alphaxiv import AlphaxivSource

    return AlphaxivSource(config.sources.alphaxiv.base_url, session=run.cached_session())


def _file(run: Run, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    from readinggroup.adapters.sources.file_list import FileSource

    return FileSource(listed.file, workdir)


SOURCES: dict[str, Callable[[Run, ListConfig, Config, Path], RankingSource]] = {
    "hf": _hf,
    "hn": _hn,
    "s2": _s2,
    "openalex": _openalex_source,
    "alphaxiv": _alphaxiv,
    "file": _file,
}


def real_ranking(
    run: Run, name: str, listed: ListConfig, config: Config, workdir: Path
) -> RankingSource:
    build = SOURCES.get(name)
    if build is None:
        raise ConfigError(
            f"source '{name}' (list '{listed.label}') is unknown; use {_choices(SOURCES)}"
        )
    return build(run, listed, config, workdir)


def _openalex(run: Run, config: Config) -> OpenAlex:
    from readinggroup.adapters.sources.openalex import OpenAlex

    service = config.sources.openalex
    return OpenAlex(service.base_url, mailto=service.mailto, session=run.cached_session())


def real_affiliations(run: Run, config: Config) -> AffiliationFinder:
    """The 著者所属 chain: OpenAlex, Semantic Scholar, arXiv's HTML page, then the PDF."""
    from readinggroup.adapters.affiliations.chain import AffiliationChain
    from readinggroup.adapters.affiliations.html_page import ArxivHtmlSource
    from readinggroup.adapters.affiliations.openalex import OpenAlexAffiliations
    from readinggroup.adapters.affiliations.pdf_page import PdfFirstPageSource
    from readinggroup.adapters.affiliations.s2_batch import SemanticScholarAffiliations

    # the run's one ArxivPages for the HTML, the PDF and the figures: one delay across all
    pages = run.arxiv_pages(config)
    # the paper batch is a POST that only reads: its answers are kept like the GETs'
    s2_session = run.cached_session(_s2_profile(run), methods=("GET", "POST"))
    # the batch services first: a paper they answer costs arXiv no page (3 s each)
    return AffiliationChain(
        [
            OpenAlexAffiliations(_openalex(run, config)),
            SemanticScholarAffiliations(
                config.sources.s2.base_url, api_key=run.keys.s2 or None, session=s2_session
            ),
            ArxivHtmlSource(pages),
            PdfFirstPageSource(pages),
        ]
    )


def real_figures(run: Run, config: Config) -> FigureFinder | None:
    """The key-figure finder: arXiv's HTML page, the e-print source, the PDF's pictures."""
    from readinggroup.adapters.figures.finder import ArxivFigureFinder

    return ArxivFigureFinder(run.arxiv_pages(config))


def real_citations(run: Run, config: Config) -> CitationCounter:
    from readinggroup.adapters.sources.openalex import OpenAlexCitations

    return OpenAlexCitations(_openalex(run, config))


# --- the translators and summarizers, by the names ``translator`` and ``summarizer`` allow ---


def _google(run: Run, config: Config) -> Translator | None:
    from readinggroup.adapters.translators.google import GoogleTranslator
    from readinggroup.adapters.transport.profiles import GOOGLE

    return GoogleTranslator(config.translators.google.base_url, retry=GOOGLE.policy(run.budget))


def _deepl(run: Run, config: Config) -> Translator | None:
    from readinggroup.adapters.transport.keys import DEEPL_KEY

    if not run.keys.deepl:
        raise ConfigError(
            f"DeepL needs an API key: set {DEEPL_KEY} in the environment (keys are never "
            "read from files), or use --translator google"
        )
    from readinggroup.adapters.translators.deepl_api import DeepLTranslator
    from readinggroup.adapters.transport.profiles import DEEPL

    return DeepLTranslator(
        run.keys.deepl,
        base_url=config.translators.deepl.base_url,
        retry=DEEPL.policy(run.budget),
    )


def _llm_translator(run: Run, config: Config) -> Translator | None:
    from readinggroup.adapters.translators.llm import LlmTranslator

    return LlmTranslator(run.llm_client(config))


def _no_translator(run: Run, config: Config) -> Translator | None:
    return None


TRANSLATORS: dict[str, Callable[[Run, Config], Translator | None]] = {
    "google": _google,
    "deepl": _deepl,
    "llm": _llm_translator,
    "none": _no_translator,
}


def real_translator(run: Run, name: str, config: Config) -> Translator | None:
    build = TRANSLATORS.get(name)
    if build is None:
        raise ConfigError(f"translator '{name}' is unknown; use {_choices(TRANSLATORS)}")
    return build(run, config)


def _llm_summarizer(run: Run, config: Config) -> Summarizer | None:
    from readinggroup.adapters.llm import LlmSummarizer

    return LlmSummarizer(run.llm_client(config))


SUMMARIZERS: dict[str, Callable[[Run, Config], Summarizer | None]] = {
    "extractive": lambda run, config: None,  # the summarize stage's own draft
    "llm": _llm_summarizer,
}


def real_summarizer(run: Run, config: Config) -> Summarizer | None:
    return SUMMARIZERS[config.summarizer](run, config)


def _choices(registry: Mapping[str, object]) -> str:
    *names, last = registry
    return f"{', '.join(names)} or {last}"


def real_cache_dir() -> Path:
    from readinggroup.cache_dir import default_cache_dir

    return default_cache_dir()


def real_forget_responses() -> None:
    from readinggroup.adapters.transport.sessions import forget_cached_responses

    forget_cached_responses(real_cache_dir())
