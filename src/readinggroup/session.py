"""Reading and writing ``sessions/YYYY-MM.yaml``: strict schema, exact error places, atomic writes.

The file is the one source of truth between the network and the deck, and people edit it, so a
typo'd key or a wrong type is an error that names the file, the line and the field, and a broken
file is never written over.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from readinggroup.errors import InputError, SessionFileError
from readinggroup.ids import ArxivRef, parse_arxiv_ref
from readinggroup.models import (
    SCHEMA_VERSION,
    SUMMARY_LABELS,
    ListEntry,
    Month,
    Paper,
    RankedList,
    Session,
    Summary,
    Window,
)

HEADER = """\
# readinggroup session file: the lists and papers of one meetup, and the text of its deck.
# Edit any text freely (title_ja, abstract_ja, summary, notes, pickup): readinggroup fills only
# empty fields and never overwrites what you wrote. Comments are not kept: put remarks in notes.
"""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Text = Annotated[str, Field(default="")]


class _SummaryDoc(_Strict):
    # The keys are the labels the slides show, so the file reads like the deck.
    purpose: Text = Field(default="", alias="目的")
    result: Text = Field(default="", alias="成果")
    method: Text = Field(default="", alias="方法")
    names: Text = Field(default="", alias="固有名")
    affiliations: Text = Field(default="", alias="著者所属")


def _document_type(annotation: Any) -> Any:
    """The file's type for a Paper field's type: lists for tuples, dicts for mappings."""
    if annotation is Summary:
        return _SummaryDoc
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is tuple:
        return list[args[0]]  # type: ignore[valid-type]
    if origin is Mapping:
        return dict[args[0], args[1]]  # type: ignore[valid-type]
    if origin in (Union, UnionType):
        return Union[tuple(_document_type(arg) for arg in args)]  # noqa: UP007
    return annotation


def _document_fields() -> dict[str, Any]:
    """pydantic field definitions for every field of ``models.Paper`` (the schema, once)."""
    hints = get_type_hints(Paper)
    definitions: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        kind = _document_type(hints[item.name])
        if item.default is not dataclasses.MISSING:
            default = item.default
            definitions[item.name] = (kind, Field(default=default))
        elif item.default_factory is not dataclasses.MISSING:
            factory = _SummaryDoc if kind is _SummaryDoc else _empty_factory(kind)
            definitions[item.name] = (kind, Field(default_factory=factory))
        else:
            definitions[item.name] = (kind, ...)
        if item.name == "version":  # the url is written after it, for people to click
            definitions["url"] = (str | None, None)
    definitions["abstract"] = (str | None, None)  # null = not known
    return definitions


def _empty_factory(kind: Any) -> Any:
    return dict if get_origin(kind) is dict else list


class _PaperBase(_Strict):
    @field_validator("id", check_fields=False)
    @classmethod
    def _bare_arxiv_id(cls, value: str) -> str:
        ref = _arxiv_ref(value)
        if ref.version is not None:
            raise ValueError(f"write the bare id '{ref.id}' and the version in 'version'")
        return ref.id


_PaperDoc = create_model("_PaperDoc", __base__=_PaperBase, **_document_fields())


class _EntryDoc(_Strict):
    rank: int
    id: str
    score: float | None = None
    scores: dict[str, float] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _bare_arxiv_id(cls, value: str) -> str:
        return _arxiv_ref(value).id


class _ListDoc(_Strict):
    label: str
    sources: list[str]
    size: int = 10
    window: str | None = None
    entries: list[_EntryDoc] = Field(default_factory=list)


class _SessionDoc(_Strict):
    schema_version: int
    month: str
    title: str
    group: Text = ""
    date: dt.date | None = None
    event_url: Text = ""
    window: str
    settings: dict[str, str] = Field(default_factory=dict)
    lists: list[_ListDoc] = Field(default_factory=list)
    papers: list[_PaperDoc] = Field(default_factory=list)  # type: ignore[valid-type]


def _arxiv_ref(value: str) -> ArxivRef:
    try:
        return parse_arxiv_ref(value)
    except InputError as err:  # pydantic reports ValueErrors with the field's place
        raise ValueError(str(err)) from None


def load_session(path: Path) -> Session:
    """Read the session file at *path*; raise SessionFileError naming file, line and field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SessionFileError(
            f"{path}: no such session; run `readinggroup fetch {path.stem}` to create it"
        ) from None
    except UnicodeDecodeError as err:
        raise SessionFileError(f"{path}: not UTF-8 text ({err.reason}); save it as UTF-8") from None
    try:
        raw = yaml.load(text, Loader=_Loader)  # a safe loader: plain data only
    except yaml.YAMLError:
        problem_error = _python_parser_error(text)
        mark = getattr(problem_error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(problem_error, "problem", None) or str(problem_error)
        raise SessionFileError(
            f"{path}{where}: broken YAML ({problem}); fix it there and run again "
            "(the file was left untouched)"
        ) from None
    if not isinstance(raw, dict):
        raise SessionFileError(f"{path}: expected a mapping of session fields at the top level")
    version = raw.get("schema_version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise SessionFileError(
            f"{path}: schema_version {version} is newer than this readinggroup understands "
            f"({SCHEMA_VERSION}); upgrade readinggroup"
        )
    try:
        doc = _SessionDoc.model_validate(raw)
    except ValidationError as err:
        raise SessionFileError(_describe_validation_error(path, text, err)) from None
    try:
        return _to_session(doc)
    except ValueError as err:
        raise SessionFileError(f"{path}: {err}; fix it and run again") from None


def _python_parser_error(text: str) -> yaml.YAMLError:
    """The pure-Python parser's error for *text*: it words problems better than libyaml."""
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        return err
    return yaml.YAMLError("libyaml refused the file")


def _to_session(doc: _SessionDoc) -> Session:
    month = Month.parse(doc.month)
    papers = tuple(_to_paper(index, paper) for index, paper in enumerate(doc.papers))
    known = {paper.id for paper in papers}
    if len(known) != len(papers):
        ids = [paper.id for paper in papers]
        twice = next(paper_id for paper_id in ids if ids.count(paper_id) > 1)
        raise ValueError(f"papers: {twice} appears twice; keep one entry per paper")
    pickups = [paper.id for paper in papers if paper.pickup]
    if len(pickups) > 1:
        raise ValueError(f"papers: {', '.join(pickups)} are all marked pickup; keep one")
    lists = []
    for index, listed in enumerate(doc.lists):
        for entry in listed.entries:
            if entry.id not in known:
                raise ValueError(
                    f"lists[{index}] ({listed.label}): {entry.id} has no entry under papers"
                )
        lists.append(
            RankedList(
                label=listed.label,
                sources=tuple(listed.sources),
                size=listed.size,
                window=Window.parse(listed.window, month) if listed.window else None,
                entries=tuple(
                    ListEntry(entry.rank, entry.id, entry.score, dict(entry.scores))
                    for entry in listed.entries
                ),
            )
        )
    return Session(
        schema_version=doc.schema_version,
        month=month,
        title=doc.title,
        group=doc.group,
        date=doc.date,
        event_url=doc.event_url,
        window=Window.parse(doc.window, month),
        settings=dict(doc.settings),
        lists=tuple(lists),
        papers=papers,
    )


def _to_paper(index: int, doc: Any) -> Paper:
    values: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        value = getattr(doc, item.name)
        if isinstance(value, list):
            value = tuple(value)
        elif isinstance(value, _SummaryDoc):
            value = Summary(**value.model_dump())
        values[item.name] = value
    values["abstract"] = doc.abstract or ""
    paper = Paper(**values)
    if doc.url is not None and doc.url != paper.url:
        raise ValueError(
            f"papers[{index}].url: {doc.url} does not match id and version ({paper.url}); "
            "change 'version' instead of the url"
        )
    return paper


def _describe_validation_error(path: Path, text: str, err: ValidationError) -> str:
    """One sentence per problem: ``file, line N: papers[3].titel: unknown key``."""
    lines = _line_numbers(text)
    problems = []
    for error in err.errors():
        location = tuple(error["loc"])
        line = _closest_line(lines, location)
        where = f"{path}, line {line}" if line else str(path)
        field_path = _format_location(location)
        problems.append(f"{where}: {field_path}: {_explain(error)}")
    shown = problems[:5]
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return "; ".join(shown) + more + "; fix it and run again (the file was left untouched)"


def _explain(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key '{error['loc'][-1]}' (a typo?)"
    if kind == "missing":
        return "missing"
    expected = {
        "string_type": "text (quote ids like '2109.04454' so YAML does not read a number)",
        "int_type": "a whole number",
        "float_type": "a number",
        "bool_type": "true or false",
        "list_type": "a list",
        "dict_type": "a mapping",
        "date_type": "a date (YYYY-MM-DD)",
        "model_type": "a mapping",
    }.get(kind)
    if expected:
        return f"must be {expected}, not {error['input']!r}"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")


def _format_location(location: tuple[Any, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_numbers(text: str) -> dict[tuple[Any, ...], int]:
    """Map each key path of the YAML document to its 1-based line."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, at: tuple[Any, ...]) -> None:
        lines[at] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*at, key.value))
                lines[(*at, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*at, index))

    if root is not None:
        walk(root, ())
    # summary keys are aliases: map pydantic's field names to the Japanese keys' lines
    aliases = {label: name for name, label in SUMMARY_LABELS.items()}
    for at, line in list(lines.items()):
        if at and at[-1] in aliases:
            lines.setdefault((*at[:-1], aliases[at[-1]]), line)
    return lines


def _closest_line(lines: dict[tuple[Any, ...], int], location: tuple[Any, ...]) -> int | None:
    for length in range(len(location), 0, -1):
        if location[:length] in lines:
            return lines[location[:length]]
    return None


def dump_session(session: Session) -> str:
    """The YAML text of *session*, keys in a stable order, Japanese kept readable."""
    document: dict[str, Any] = {
        "schema_version": session.schema_version,
        "month": str(session.month),
        "title": session.title,
        "group": session.group,
        "date": session.date,
        "event_url": session.event_url,
        "window": str(session.window),
        "settings": dict(session.settings),
        "lists": [
            {
                "label": ranked.label,
                "sources": list(ranked.sources),
                "size": ranked.size,
                "window": str(ranked.window) if ranked.window else None,
                "entries": [
                    _OneLine(rank=e.rank, id=e.id, score=e.score, scores=dict(e.scores))
                    for e in ranked.entries
                ],
            }
            for ranked in session.lists
        ],
        "papers": [_paper_document(paper) for paper in session.papers],
    }
    return HEADER + yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )


def _paper_document(paper: Paper) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        value = getattr(paper, item.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Summary):
            value = {label: value.get(name) for name, label in SUMMARY_LABELS.items()}
        elif isinstance(value, Mapping):
            value = dict(value)
        document[item.name] = value
        if item.name == "version":
            document["url"] = paper.url
    document["abstract"] = paper.abstract or None
    return document


class _OneLine(dict[str, Any]):
    """A mapping written on one line (``{rank: 1, id: '2109.00301', …}``): lists stay scannable."""


# libyaml's C parser and emitter where installed (the same text, several times faster).
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_DumperBase):  # type: ignore[valid-type,misc]
    """SafeDumper that writes multi-line text as a literal block, readable and editable."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_one_line(dumper: yaml.SafeDumper, mapping: _OneLine) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_OneLine, _represent_one_line)


def save_session(session: Session, path: Path) -> None:
    """Write *session* to *path* atomically: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dump_session(session)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def session_path(sessions_dir: Path, month: Month) -> Path:
    """Where the session of *month* lives."""
    return sessions_dir / f"{month}.yaml"
