"""``readinggroup.toml``: every key optional, unknown keys an error, secrets only from the env."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from readinggroup.builtin_deck import BUILT_IN_FONTS
from readinggroup.errors import ConfigError, InputError
from readinggroup.ids import ARXIV_PAGES
from readinggroup.textfiles import read_text_file

CONFIG_FILE = "readinggroup.toml"
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


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fonts(_Section):
    latin: str = BUILT_IN_FONTS.latin
    east_asian: str = BUILT_IN_FONTS.east_asian

    @field_validator("latin", "east_asian")
    @classmethod
    def _named(cls, value: str) -> str:
        if not value.strip():
            raise ValueError('empty; name an installed font (e.g. "Noto Sans") or leave it out')
        return value


class Layouts(_Section):
    """Which layout of the template each slide role uses (by name); unset = matched by type."""

    title: str = ""
    list: str = ""
    paper: str = ""
    duplicate: str = ""


class ListConfig(_Section):
    label: str
    sources: list[SourceName] = Field(min_length=1)
    size: int = Field(default=10, ge=1, le=100)
    # [], not Field(default_factory=list): pydantic reads a factory's signature, and a builtin's
    # costs Python's tokenizer (4 ms a start); it copies a mutable default for each model
    categories: list[str] = []
    file: str = ""  # for the file source; {meeting} = YYYY-MM

    @field_validator("file")
    @classmethod
    def _file_placeholders(cls, value: str) -> str:
        return check_placeholders(value, ("meeting",))

    @field_validator("label")
    @classmethod
    def _label_shown(cls, value: str) -> str:
        if not value.strip():
            raise ValueError('empty; every list needs a label for its slide (e.g. "Top recent")')
        return value

    @field_validator("size", mode="before")
    @classmethod
    def _size_not_boolean(cls, value: object) -> object:
        if isinstance(value, bool):  # TOML's true would pass as 1
            raise ValueError(f"must be a whole number of papers, not {str(value).lower()}")
        return value

    @field_validator("categories")
    @classmethod
    def _categories_written_as_arxiv_does(cls, value: list[str]) -> list[str]:
        for category in value:
            if not _CATEGORY.fullmatch(category):
                raise ValueError(
                    f"'{category}' is not an arXiv category; write it like cs.CV, stat.ML, "
                    "hep-th or cs.* (a whole archive)"
                )
        return value

    @model_validator(mode="after")
    def _file_source_needs_a_file(self) -> ListConfig:
        if "file" in self.sources and not self.file:
            raise ValueError(f"list '{self.label}' uses the file source but names no file")
        return self


# arXiv's categories: an archive (hep-th, cs), a subject class (cs.CV, q-bio.NC,
# cond-mat.mes-hall), or a whole archive as "cs.*", the only pattern the lists stage matches
_CATEGORY = re.compile(r"[a-z]+(?:-[a-z]+)*(?:\.(?:[A-Za-z]+(?:-[A-Za-z]+)*|\*))?")


class Service(_Section):
    base_url: str


class OpenAlexService(Service):
    mailto: str = ""  # an address puts the requests in OpenAlex's polite pool


class SourceServices(_Section):
    arxiv: Service = Service(base_url="https://export.arxiv.org/api/query")
    hf: Service = Service(base_url="https://huggingface.co")
    hn: Service = Service(base_url="https://hn.algolia.com")
    s2: Service = Service(base_url="https://api.semanticscholar.org")
    openalex: OpenAlexService = OpenAlexService(base_url="https://api.openalex.org")
    # arXiv's HTML (/html/<id>v<n>), PDF (/pdf/<id>v<n>) and source (/e-print/<id>v<n>):
    # read for affiliations and the key figures
    arxiv_pages: Service = Service(base_url=ARXIV_PAGES)
    alphaxiv: Service = Service(base_url="https://api.alphaxiv.org")


class TranslatorServices(_Section):
    google: Service = Service(base_url="https://translate.google.com")
    deepl: Service = Service(base_url="")


class LlmSettings(_Section):
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


class Config(_Section):
    """The settings of one working directory; see SPEC §1 for the file's shape."""

    title: str = "AI最新論文読み会{year}年{month}月"
    group: str = ""
    event_url: str = ""
    window: str = "previous-month"
    translator: TranslatorName = "google"
    summarizer: SummarizerName = "extractive"
    duplicates: DuplicatesMode = "stub"
    figures: FiguresMode = "first"  # each full paper slide shows the paper's key figure
    repeats: RepeatsMode = "mark"  # papers that had a full slide in an earlier month
    template: str = ""
    fonts: Fonts | None = None  # None: the template's theme fonts, or Noto for the built-in look
    layouts: Layouts = Layouts()
    lists: list[ListConfig] = Field(default_factory=_default_lists, min_length=1)
    sources: SourceServices = SourceServices()
    translators: TranslatorServices = TranslatorServices()
    llm: LlmSettings = LlmSettings()

    @model_validator(mode="after")
    def _labels_tell_lists_apart(self) -> Config:
        labels = [ranked.label.strip() for ranked in self.lists]
        for number, label in enumerate(labels):
            if label in labels[:number]:
                raise ValueError(
                    f"lists.{number}.label: '{label}' names two lists (also lists."
                    f"{labels.index(label)}); give each list its own label, the slides show it"
                )
        return self

    @model_validator(mode="after")
    def _llm_needs_an_endpoint(self) -> Config:
        if problem := llm_problem(self):
            raise ValueError(problem)
        return self

    @field_validator("title")
    @classmethod
    def _title_placeholders(cls, value: str) -> str:
        return check_placeholders(value, ("year", "month"))

    @field_validator("window")
    @classmethod
    def _window_is_known(cls, value: str) -> str:
        from readinggroup.models import WindowSpec

        try:
            WindowSpec.parse(value)
        except InputError as err:
            raise ValueError(str(err)) from None
        return value

    @property
    def counts_citations(self) -> bool:
        """Whether ``review`` asks OpenAlex how often each highlight was cited: when
        ``[sources.openalex]`` is in the file or a list ranks by it (else the review is offline)."""
        return "openalex" in self.sources.model_fields_set or any(
            "openalex" in listed.sources for listed in self.lists
        )

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with the command-line values that were given (None = not given)."""
        given = {key: value for key, value in overrides.items() if value is not None}
        config = self.model_copy(update=given)
        if problem := llm_problem(config):  # --translator llm: refused before any work
            raise ConfigError(f"{problem} in readinggroup.toml")
        return config


def load_config(directory: Path) -> Config:
    """Read ``readinggroup.toml`` in *directory* (an existing folder: the command line checks
    ``-C``); all defaults when there is none."""
    path = directory / CONFIG_FILE
    text = read_text_file(path, what="the config file", error=ConfigError)
    if text is None:
        return Config()
    import tomllib  # only when there is a file to read

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML ({err}); fix it and run again") from None
    try:
        return Config.model_validate(raw)
    except ValidationError as err:
        problems = []
        for error in err.errors():
            where = ".".join(str(part) for part in error["loc"])
            if error["type"] == "extra_forbidden":
                problems.append(f"{where}: unknown key (a typo?)")
            else:
                message = error["msg"].removeprefix("Value error, ")
                problems.append(f"{where}: {message}" if where else message)
        raise ConfigError(f"{path}: {'; '.join(problems)}; fix it and run again") from None


CONFIG_TEMPLATE = """\
# readinggroup settings; every key is optional (the values below are the defaults).
# API keys are never read from this file: DEEPL_AUTH_KEY, S2_API_KEY come from the environment.
title = "AI最新論文読み会{year}年{month}月"   # {year}/{month} of the meetup month
group = ""
event_url = ""
window = "previous-month"        # previous-month | same-month | "2021-09-01..2021-09-30"
translator = "google"            # google | deepl (key in DEEPL_AUTH_KEY) | llm | none
summarizer = "extractive"        # extractive | llm (needs [llm] below)
duplicates = "stub"              # stub | skip | full
figures = "first"                # first | none: each full paper slide shows the paper's key figure
repeats = "mark"                 # mark | skip: papers that had a full slide in an earlier month
template = ""                    # path to your own .pptx/.potx, empty = built-in look
# fonts = { latin = "Noto Sans", east_asian = "Noto Sans CJK JP" }  # unset: Noto, or the template's

[[lists]]
label = "Top recent"
sources = ["hf"]                 # one or more of hf, hn, s2, openalex, alphaxiv, file
size = 10
categories = []                  # e.g. ["cs.*", "stat.ML"]; empty = all

[[lists]]
label = "Top hype"
sources = ["hn"]                 # the defaults: recent = hf, hype = hn
size = 10
categories = []

# a list you pasted instead:
# [[lists]]
# label = "Editor's picks"
# sources = ["file"]
# file = "lists/{meeting}-picks.txt"   # {meeting} = YYYY-MM
# size = 10

[sources.arxiv]                  # every service's address can be moved (tests, mirrors, proxies)
base_url = "https://export.arxiv.org/api/query"
[sources.hf]
base_url = "https://huggingface.co"
[sources.hn]
base_url = "https://hn.algolia.com"
[sources.s2]
base_url = "https://api.semanticscholar.org"
[sources.openalex]
base_url = "https://api.openalex.org"
mailto = ""                      # OpenAlex's polite pool
[sources.arxiv_pages]            # arXiv's HTML, PDF and source (e-print): affiliations, figures
base_url = "https://arxiv.org"
[sources.alphaxiv]
base_url = "https://api.alphaxiv.org"
[translators.google]
base_url = "https://translate.google.com"
[translators.deepl]
base_url = ""                    # empty = the official package's default

[llm]                            # summarizer/translator = "llm": an OpenAI-compatible endpoint
base_url = ""                    # e.g. http://localhost:11434/v1; key in READINGGROUP_LLM_API_KEY
model = ""

[layouts]                        # optional: the template's layout for each slide role, by name
# title = "タイトル スライド"    # roles: title, list, paper, duplicate
# list = "タイトルのみ"
# paper = "タイトルとコンテンツ"
# duplicate = "タイトルのみ"
"""


def write_config_template(directory: Path) -> Path:
    """Create ``readinggroup.toml`` in the existing folder *directory*; refuse to replace an
    existing file."""
    path = directory / CONFIG_FILE
    if path.exists():
        raise ConfigError(f"{path} already exists; edit it, or remove it to start over")
    path.write_text(CONFIG_TEMPLATE, encoding="utf-8")
    return path
