"""The organiser's glossary, ``glossary.yaml`` in the working directory.

Each entry names a term the translator must not touch: ``keep`` leaves it as written,
any other text is the fixed Japanese it always becomes::

    Panoptic SegFormer: keep
    Transformer: keep
    attention mechanism: 注意機構
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from readinggroup.errors import InputError
from readinggroup.textfiles import read_text_file

GLOSSARY_FILE = "glossary.yaml"
KEEP = "keep"
_TEXT = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_KINDS = {"int": "number", "float": "number", "bool": "true/false value", "timestamp": "date"}


@dataclass(frozen=True, slots=True)
class Glossary:
    """Term → fixed Japanese; ``None`` keeps the term as written."""

    entries: Mapping[str, str | None] = field(default_factory=dict)


def load_glossary(path: Path) -> Glossary:
    """The glossary in *path*; empty when there is no such file.

    A wrong file raises InputError naming the file, the line and the term.
    """
    import yaml

    text = read_text_file(path, what="the glossary")
    if text is None:
        return Glossary()
    # compose, not safe_load: the nodes keep line numbers for the messages below
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark is not None else ""
        raise InputError(
            f"{path}:{where} not valid YAML ({getattr(err, 'problem', err)}); "
            "write one 'term: keep' or 'term: 日本語' per line"
        ) from None
    if root is None:
        return Glossary()
    if not isinstance(root, yaml.MappingNode):
        raise InputError(
            f"{path}: expected one 'term: keep' or 'term: 日本語' per line, "
            f"found a {root.tag.rpartition(':')[2]}"
        )
    entries: dict[str, str | None] = {}
    for key, value in root.value:
        line = key.start_mark.line + 1
        term = str(key.value).strip() if isinstance(key, yaml.ScalarNode) else ""
        if not term:
            raise InputError(f"{path}: line {line}: a term is empty; write the term before ':'")
        if term in entries:
            raise InputError(f"{path}: line {line}: '{term}' is listed twice; keep one entry")
        scalar = isinstance(value, yaml.ScalarNode) and value.tag != _NULL
        japanese = str(value.value).strip() if scalar else ""
        if japanese and value.tag != _TEXT:  # GPT: 3, GPT: true, GPT: 2021-10-01
            kind = value.tag.rpartition(":")[2]
            raise InputError(
                f"{path}: line {line}: '{term}' is given the {_KINDS.get(kind, kind)} "
                f"{japanese}, not text; write 'keep' or the Japanese to use (quote it: "
                f"'{japanese}')"
            )
        if not japanese:
            raise InputError(
                f"{path}: line {line}: '{term}' has no value; write 'keep' or the Japanese to use"
            )
        entries[term] = None if japanese.casefold() == KEEP else japanese
    return Glossary(entries)
