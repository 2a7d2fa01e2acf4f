"""Building the real adapters from the config: the one place that picks concrete classes.

Tests hand the CLI a Services of fakes instead (through click's ``obj``), the same seam.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from readinggroup.config import Config, ListConfig
from readinggroup.errors import ConfigError
from readinggroup.protocols import MetadataSource, RankingSource, Translator


@dataclass(frozen=True)
class Services:
    """Factories for everything that talks to the outside world."""

    metadata: Callable[[Config], MetadataSource]
    ranking: Callable[[str, ListConfig, Config, Path], RankingSource]
    translator: Callable[[str, Config], Translator | None]
    cache_dir: Callable[[], Path]


def _real_metadata(config: Config) -> MetadataSource:
    from readinggroup.adapters.arxiv_api import ArxivMetadata

    return ArxivMetadata(config.sources.arxiv.base_url)


def _real_ranking(name: str, listed: ListConfig, config: Config, workdir: Path) -> RankingSource:
    if name == "file":
        from readinggroup.adapters.sources.file_source import FileSource

        return FileSource(listed.file, workdir)
    raise ConfigError(
        f"source '{name}' (list '{listed.label}') is not available yet; use sources = [\"file\"] "
        "with a pasted list"
    )


def _real_translator(name: str, config: Config) -> Translator | None:
    if name == "none":
        return None
    if name == "google":
        from readinggroup.adapters.translators import GoogleTranslator

        return GoogleTranslator(config.translators.google.base_url)
    raise ConfigError(f"translator '{name}' is not available yet; use google or none")


def _real_cache_dir() -> Path:
    from readinggroup.translation_cache import default_cache_dir

    return default_cache_dir()


def real_services() -> Services:
    return Services(_real_metadata, _real_ranking, _real_translator, _real_cache_dir)
