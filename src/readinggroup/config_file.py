"""Reading ``readinggroup.toml`` into a :class:`Config` (its problems said with their keys), and
writing the commented template ``init`` creates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from readinggroup.config import Config
from readinggroup.config_schema import section_validator
from readinggroup.errors import ConfigError
from readinggroup.textfiles import read_text_file

CONFIG_FILE = "readinggroup.toml"


def parse_config(raw: Mapping[str, Any]) -> Config:
    """*raw* (the file's TOML) as a Config; raises ``pydantic_core.ValidationError``."""
    config: Config = section_validator(Config)(raw)
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
        return parse_config(raw)
    except ValidationError as err:
        from readinggroup.config_problems import describe_config_error

        raise ConfigError(describe_config_error(path, text, err)) from None


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
