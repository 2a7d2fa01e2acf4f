"""The settings ``readinggroup.toml`` holds: every key optional, unknown keys an error, secrets only
from the env. Reading and writing the file is ``config_file.py``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from pydantic_core import to_json

from readinggroup.builtin_deck import BUILT_IN_FONTS
from readinggroup.config_schema import fields_given, rules
from readinggroup.errors import ConfigError, InputError
from readinggroup.ids import ARXIV_PAGES

SourceName = Literal["hf", "hn", "s2", "openalex", "alphaxiv", "file"]
TranslatorName = Literal["google", "deepl", "llm", "none"]
SummarizerName = Literal["extractive", "llm"]
DuplicatesMode = Literal["stub", "skip", "full"]
FiguresMode = Literal["first", "none"]
RepeatsMode = Literal["mark", "skip"]


def check_placeholders(text: str, allowed: tuple[str, ...]) -> str:
    """*text* if every ``{name}`` in it is one of *allowed* and its braces are balanced."""
    from string import Formatter

    names = " and ".join("{" + name + "}" for name in allowed)
    try:
        fields = [name for _, name, spec, _ in Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValueError(
            f"unbalanced {{ or }}; use {names}, and write {{{{ or }}}} for a brace itself"
        ) from None
    for name in fields:
        if name not in allowed:
            shown = "{" + name + "}" if name else "{}"
            raise ValueError(f"unknown placeholder {shown}; use {names} only")
    return text


def _named_font(value: str) -> str:
    if not value.strip():
        raise ValueError('empty; name an installed font (e.g. "Noto Sans") or leave it out')
    return value


@dataclass(frozen=True)
class Fonts:
    latin: str = field(default=BUILT_IN_FONTS.latin, metadata=rules(after=_named_font))
    east_asian: str = field(default=BUILT_IN_FONTS.east_asian, metadata=rules(after=_named_font))


@dataclass(frozen=True)
class Layouts:
    """Which layout of the template each slide role uses (by name); unset = matched by type."""

    title: str = ""
    list: str = ""
    paper: str = ""
    duplicate: str = ""


def _file_placeholders(value: str) -> str:
    return check_placeholders(value, ("meeting",))


def _label_shown(value: str) -> str:
    if not value.strip():
        raise ValueError('empty; every list needs a label for its slide (e.g. "Top recent")')
    return value


def _size_not_boolean(value: object) -> object:
    if isinstance(value, bool):  # TOML's true would pass as 1
        raise ValueError(f"must be a whole number of papers, not {str(value).lower()}")
    return value


def _categories_written_as_arxiv_does(value: list[str]) -> list[str]:
    for category in value:
        if not _category().fullmatch(category):
            raise ValueError(
                f"'{category}' is not an arXiv category; write it like cs.CV, stat.ML, "
                "hep-th or cs.* (a whole archive)"
            )
    return value


@dataclass(frozen=True)
class ListConfig:
    label: str = field(metadata=rules(after=_label_shown))
    sources: list[SourceName] = field(metadata=rules(min_length=1))
    size: int = field(default=10, metadata=rules(before=_size_not_boolean, ge=1, le=100))
    categories: list[str] = field(
        default_factory=list, metadata=rules(after=_categories_written_as_arxiv_does)
    )
    file: str = field(default="", metadata=rules(after=_file_placeholders))  # {meeting} = YYYY-MM

    def __post_init__(self) -> None:
        self.check_across_keys()

    def check_across_keys(self, _context: object = None) -> None:  # pydantic-core's post_init
        if "file" in self.sources and not self.file:
            raise ValueError(f"list '{self.label}' uses the file source but names no file")


@functools.cache
def _category() -> re.Pattern[str]:
    """arXiv's categories: an archive (hep-th, cs), a subject class (cs.CV, q-bio.NC,
    cond-mat.mes-hall), or a whole archive as "cs.*", the only pattern the lists stage matches
    (compiled when a list names categories: it costs every command 4 ms otherwise)."""
    return re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.(?:[A-Za-z]+(?:-[A-Za-z]+)*|\*))?")


@dataclass(frozen=True)
class Service:
    base_url: str


@dataclass(frozen=True)
class OpenAlexService(Service):
    mailto: str = ""  # an address puts the requests in OpenAlex's polite pool


@dataclass(frozen=True)
class SourceServices:
    arxiv: Service = Service(base_url="https://export.arxiv.org/api/query")
    hf: Service = Service(base_url="https://huggingface.co")
    hn: Service = Service(base_url="https://hn.algolia.com")
    s2: Service = Service(base_url="https://api.semanticscholar.org")
    openalex: OpenAlexService = OpenAlexService(base_url="https://api.openalex.org")
    # arXiv's HTML (/html/<id>v<n>), PDF (/pdf/<id>v<n>) and source (/e-print/<id>v<n>):
    # read for affiliations and the key figures
    arxiv_pages: Service = Service(base_url=ARXIV_PAGES)
    alphaxiv: Service = Service(base_url="https://api.alphaxiv.org")


@dataclass(frozen=True)
class TranslatorServices:
    google: Service = Service(base_url="https://translate.google.com")
    deepl: Service = Service(base_url="")


@dataclass(frozen=True)
class LlmSettings:
    """An OpenAI-compatible chat endpoint (key in READINGGROUP_LLM_API_KEY, never here)."""

    base_url: str = ""
    model: str = ""


def llm_problem(config: Config) -> str | None:
    """Why *config*'s LLM settings cannot work (None when they can, or nothing uses them)."""
    users = [
        f'{key} = "llm"' for key in ("summarizer", "translator") if getattr(config, key) == "llm"
    ]
    if not users or (config.llm.base_url and config.llm.model):
        return None
    return (
        f"{' and '.join(users)} needs [llm] base_url and model (an OpenAI-compatible endpoint, "
        'e.g. base_url = "http://localhost:11434/v1", model = "qwen2.5")'
    )


def _default_lists() -> list[ListConfig]:
    return [
        ListConfig(label="Top recent", sources=["hf"]),
        ListConfig(label="Top hype", sources=["hn"]),
    ]


def _title_placeholders(value: str) -> str:
    return check_placeholders(value, ("year", "month"))


def _window_is_known(value: str) -> str:
    from readinggroup.months import WindowSpec

    try:
        WindowSpec.parse(value)
    except InputError as err:
        raise ValueError(str(err)) from None
    return value


@dataclass(frozen=True)
class Config:
    """The settings of one working directory; see SPEC §1 for the file's shape."""

    title: str = field(
        default="AI最新論文読み会{year}年{month}月", metadata=rules(after=_title_placeholders)
    )
    group: str = ""
    event_url: str = ""
    window: str = field(default="previous-month", metadata=rules(after=_window_is_known))
    translator: TranslatorName = "google"
    summarizer: SummarizerName = "extractive"
    duplicates: DuplicatesMode = "stub"
    figures: FiguresMode = "first"  # each full paper slide shows the paper's key figure
    repeats: RepeatsMode = "mark"  # papers that had a full slide in an earlier month
    template: str = ""
    fonts: Fonts | None = None  # None: the template's theme fonts, or Noto for the built-in look
    layouts: Layouts = Layouts()
    lists: list[ListConfig] = field(default_factory=_default_lists, metadata=rules(min_length=1))
    sources: SourceServices = SourceServices()
    translators: TranslatorServices = TranslatorServices()
    llm: LlmSettings = LlmSettings()

    def __post_init__(self) -> None:
        self.check_across_keys()

    def check_across_keys(self, _context: object = None) -> None:  # pydantic-core's post_init
        labels = [ranked.label.strip() for ranked in self.lists]
        for number, label in enumerate(labels):
            if label in labels[:number]:
                raise ValueError(
                    f"lists.{number}.label: '{label}' names two lists (also lists."
                    f"{labels.index(label)}); give each list its own label, the slides show it"
                )
        if problem := llm_problem(self):
            raise ValueError(problem)

    @property
    def counts_citations(self) -> bool:
        """Whether ``review`` asks OpenAlex how often each highlight was cited: when
        ``[sources.openalex]`` is in the file or a list ranks by it (else the review is offline)."""
        return "openalex" in fields_given(self.sources) or any(
            "openalex" in listed.sources for listed in self.lists
        )

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the command-line values that were given (None = not given)."""
        given = {key: value for key, value in overrides.items() if value is not None}
        try:
            return replace(self, **given)
        except ValueError as err:  # --translator llm: refused before any work
            raise ConfigError(f"{err} in readinggroup.toml") from None

    def as_json(self) -> str:
        """Every setting as compact JSON (what the deck's render stamp digests)."""
        return to_json(self).decode("utf-8")
