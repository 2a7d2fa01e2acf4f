"""The session file's schema: the paper document derived from ``models.Paper`` and the checks
across fields. How a problem is worded is in ``session_problems``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model, field_validator

from readinggroup.errors import InputError
from readinggroup.ids import parse_arxiv_ref
from readinggroup.models import (
    ListEntry,
    Month,
    Paper,
    RankedList,
    Session,
    Summary,
    Window,
    WindowSpec,
)
from readinggroup.session_problems import Problem, describe_validation_error
from readinggroup.session_yaml import Location

__all__ = ["Problem", "SessionDoc", "describe_validation_error", "to_session"]  # for session.py

T = TypeVar("T")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _empty_as_blank(value: Any) -> Any:
    return "" if value is None else value


# Text a person may clear: `title_ja:` with nothing after it is empty text, to be filled again.
Text = Annotated[str, BeforeValidator(_empty_as_blank)]


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
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return _record_document(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is tuple:
        return list[_document_type(args[0])]  # type: ignore[misc]
    if origin is Mapping:
        return dict[args[0], args[1]]  # type: ignore[valid-type]
    if origin in (Union, UnionType):
        return Union[tuple(_document_type(arg) for arg in args)]  # noqa: UP007
    return annotation


# Small frozen records inside a paper (models.AuthorAffiliations …): their derived models.
_RECORDS: dict[type[BaseModel], Any] = {}


@functools.cache
def _record_document(record: Any) -> type[BaseModel]:
    """A strict pydantic model with the fields of the dataclass *record*, to read the file."""
    hints = get_type_hints(record)
    fields: dict[str, Any] = {
        item.name: (
            _document_type(hints[item.name]),
            ... if item.default is dataclasses.MISSING else Field(default=item.default),
        )
        for item in dataclasses.fields(record)
    }
    model: type[BaseModel] = create_model(f"_{record.__name__}Doc", __base__=_Strict, **fields)
    _RECORDS[model] = record
    return model


def _from_document(value: Any) -> Any:
    """A value read from the file as the core holds it: tuples for lists, records for models."""
    if isinstance(value, list):
        return tuple(_from_document(item) for item in value)
    record = _RECORDS.get(type(value))
    if record is not None:
        fields = type(value).model_fields
        return record(**{name: _from_document(getattr(value, name)) for name in fields})
    return value


def _document_fields() -> dict[str, Any]:
    """pydantic field definitions for every field of ``models.Paper`` (the schema, once)."""
    hints = get_type_hints(Paper)
    definitions: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        kind = _document_type(hints[item.name])
        if kind is str and item.name != "id":
            kind = Text
        if item.default is not dataclasses.MISSING:
            default = item.default
            definitions[item.name] = (kind, Field(default=default))
        elif item.default_factory is not dataclasses.MISSING:
            empty = _SummaryDoc() if kind is _SummaryDoc else _empty(kind)
            definitions[item.name] = (kind, Field(default=empty))
        else:
            definitions[item.name] = (kind, ...)
        if item.name == "version":  # the url is written after it, for people to click
            definitions["url"] = (str | None, None)
    definitions["abstract"] = (str | None, None)  # null = not known
    return definitions


def _empty(kind: Any) -> Any:
    # Empty defaults, not `default_factory=list`: pydantic reads a factory's signature, and a
    # builtin's costs Python's tokenizer (4 ms a start); it copies a mutable default for each use.
    return {} if get_origin(kind) is dict else []


def _checked(parse: Callable[[str], T], value: str) -> T:
    """*parse* (*value*), its InputError as a ValueError: pydantic adds the field's place."""
    try:
        return parse(value)
    except InputError as err:
        raise ValueError(str(err)) from None


class _PaperBase(_Strict):
    @field_validator("id", check_fields=False)
    @classmethod
    def _bare_arxiv_id(cls, value: str) -> str:
        ref = _checked(parse_arxiv_ref, value)
        if ref.version is not None:
            raise ValueError(f"write the bare id '{ref.id}' and the version in 'version'")
        return ref.id


_PaperDoc = create_model("_PaperDoc", __base__=_PaperBase, **_document_fields())


class _EntryDoc(_Strict):
    rank: int
    id: str
    score: float | None = None
    scores: dict[str, float] = {}  # see _empty

    @field_validator("id")
    @classmethod
    def _bare_arxiv_id(cls, value: str) -> str:
        return _checked(parse_arxiv_ref, value).id


class _ListDoc(_Strict):
    label: str
    sources: list[str]
    size: int = 10
    window: str | None = None
    entries: list[_EntryDoc] = []

    @field_validator("window")
    @classmethod
    def _window(cls, value: str | None) -> str | None:
        if value is not None:
            _checked(WindowSpec.parse, value)
        return value


class SessionDoc(_Strict):
    """The file's top level, as written."""

    schema_version: int
    month: str
    title: str
    group: Text = ""
    date: dt.date | None = None
    event_url: Text = ""
    window: str
    settings: dict[str, str] = {}  # see _empty
    lists: list[_ListDoc] = []
    papers: list[_PaperDoc] = []  # type: ignore[valid-type]

    @field_validator("month")
    @classmethod
    def _real_month(cls, value: str) -> str:
        _checked(Month.parse, value)
        return value

    @field_validator("window")
    @classmethod
    def _window(cls, value: str) -> str:
        _checked(WindowSpec.parse, value)
        return value


def to_session(doc: SessionDoc, path: Path) -> Session:
    """The Session *doc* describes; Problem for what one field alone cannot show."""
    month = Month.parse(doc.month)
    if _month_named(path) not in (None, month):
        raise Problem(
            ("month",),
            f"{month} does not match the file name {path.name}; write {path.stem} here or "
            f"rename the file to {month}.yaml",
        )
    papers = tuple(_to_paper(index, paper) for index, paper in enumerate(doc.papers))
    first: dict[str, int] = {}
    for index, paper in enumerate(papers):
        if paper.id in first:
            raise Problem(
                ("papers", index, "id"),
                f"{paper.id} appears twice (also papers[{first[paper.id]}]); keep one entry "
                "per paper",
            )
        first[paper.id] = index
    pickups = [index for index, paper in enumerate(papers) if paper.pickup]
    if len(pickups) > 1:
        marked = ", ".join(papers[index].id for index in pickups)
        raise Problem(("papers", pickups[1], "pickup"), f"{marked} are all marked pickup; keep one")
    return Session(
        schema_version=doc.schema_version,
        month=month,
        title=doc.title,
        group=doc.group,
        date=doc.date,
        event_url=doc.event_url,
        window=Window.parse(doc.window, month),
        settings=dict(doc.settings),
        lists=tuple(
            _to_list(index, ranked, first, month) for index, ranked in enumerate(doc.lists)
        ),
        papers=papers,
    )


def _month_named(path: Path) -> Month | None:
    """The month the file name says (``2021-10.yaml``), if it names one."""
    try:
        return Month.parse(path.stem)
    except InputError:
        return None


def _to_list(index: int, listed: _ListDoc, known: Mapping[str, int], month: Month) -> RankedList:
    ranks: dict[int, str] = {}
    for position, entry in enumerate(listed.entries):
        at: Location = ("lists", index, "entries", position)
        if entry.id not in known:
            raise Problem(
                (*at, "id"),
                f"{entry.id} is on {listed.label} but has no entry under papers; add one or "
                "remove the line",
            )
        if entry.rank in ranks:
            raise Problem(
                (*at, "rank"),
                f"rank {entry.rank} of {listed.label} is given to both {ranks[entry.rank]} and "
                f"{entry.id}; give each paper its own rank",
            )
        ranks[entry.rank] = entry.id
    return RankedList(
        label=listed.label,
        sources=tuple(listed.sources),
        size=listed.size,
        window=Window.parse(listed.window, month) if listed.window else None,
        entries=tuple(
            ListEntry(entry.rank, entry.id, entry.score, dict(entry.scores))
            for entry in listed.entries
        ),
    )


def _to_paper(index: int, doc: Any) -> Paper:
    values: dict[str, Any] = {}
    for item in dataclasses.fields(Paper):
        value = getattr(doc, item.name)
        if isinstance(value, list):
            value = _from_document(value)
        elif isinstance(value, _SummaryDoc):
            value = Summary(**value.model_dump())
        values[item.name] = value
    values["abstract"] = doc.abstract or ""
    paper = Paper(**values)
    if doc.url is not None and doc.url != paper.url:
        raise Problem(
            ("papers", index, "url"),
            f"{doc.url} does not match id and version ({paper.url}); change 'version' instead "
            "of the url",
        )
    return paper
