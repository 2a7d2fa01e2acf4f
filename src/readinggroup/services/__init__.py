"""The services a command uses: factories for everything that talks to the outside world.

The real ones come from :mod:`.registry`, keyed by the config's allowed names; the adapters of
one run share its retry budget (made by the orchestrator, :meth:`Services.for_run`), the API
keys read once from the environment, and one LLM client per endpoint. Tests hand the CLI a
Services of fakes instead (through click's ``obj``), the same seam.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, Generic, ParamSpec, TypeVar

from readinggroup.config import Config, ListConfig
from readinggroup.errors import ConfigError
from readinggroup.models import Paper

if TYPE_CHECKING:  # the protocols only type the factories: a warm build never loads them
    from readinggroup.adapters.transport.budget import RunBudget
    from readinggroup.adapters.transport.keys import ApiKeys
    from readinggroup.protocols import (
        AffiliationFinder,
        CitationCounter,
        DeckExporter,
        FigureFinder,
        MetadataSource,
        PaperAffiliations,
        RankingSource,
        Settled,
        Summarizer,
        Translator,
    )
    from readinggroup.services.registry import Run

P = ParamSpec("P")
T = TypeVar("T")


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


def _no_figures(config: Config) -> FigureFinder | None:
    return None


def _real_citations(config: Config) -> CitationCounter:
    """The real counter, for Services handed in without one."""
    return real_services().citations(config)


@dataclass(frozen=True)
class Services:
    """Factories for everything that talks to the outside world.

    *forget_responses* drops the answers the ranking services gave earlier, so the next
    ranking asks them again (``fetch --refresh``). *affiliations* builds the 著者所属 finder,
    *citations* what counts the year's citations (``review``), *figures* the key-figure finder
    (None: figures are not looked for).
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
    figures: Callable[[Config], FigureFinder | None] = _no_figures

    def for_run(self, budget: RunBudget) -> Services:
        """These services for one run: the real adapters count their failures against
        *budget* and share one LLM client per endpoint; factories handed in stay as they are."""
        runs: dict[int, Run] = {}
        bound = {
            item.name: value.again(runs.setdefault(id(value.run), value.run.again(budget)))
            for item in fields(self)
            if isinstance(value := getattr(self, item.name), _PerRun)
        }
        return replace(self, **bound)

    def summarizing(self, config: Config) -> Summarizer | None:
        """The configured summariser (None: the extractive draft)."""
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


@dataclass(frozen=True)
class _PerRun(Generic[P, T]):
    """A real factory: builds its adapter for *run* (see :meth:`Services.for_run`)."""

    build: Callable[Concatenate[Run, P], T]
    run: Run

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self.build(self.run, *args, **kwargs)

    def again(self, run: Run) -> _PerRun[P, T]:
        return replace(self, run=run)


def real_services(budget: RunBudget | None = None, keys: ApiKeys | None = None) -> Services:
    """The real adapters, for one run (one command): *budget* the run's retry budget (a new
    one if None, as :meth:`Services.for_run` gives), *keys* read from the environment if None."""
    from readinggroup.adapters.transport.budget import RunBudget
    from readinggroup.adapters.transport.keys import ApiKeys
    from readinggroup.services import registry

    run = registry.Run(budget or RunBudget(), keys or ApiKeys.from_environment())
    return Services(
        _PerRun(registry.real_metadata, run),
        _PerRun(registry.real_ranking, run),
        _PerRun(registry.real_translator, run),
        registry.real_cache_dir,
        registry.real_forget_responses,
        summarizer=_PerRun(registry.real_summarizer, run),
        affiliations=_PerRun(registry.real_affiliations, run),
        citations=_PerRun(registry.real_citations, run),
        figures=_PerRun(registry.real_figures, run),
    )
