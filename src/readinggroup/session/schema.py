"""The session file's schema: the paper document derived from ``models.Paper``'s fields and
their rules (``field_rules.Stored``: key, checks), and the checks across fields. How a problem
is worded is in ``problems``.
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
from readinggroup.field_rules import file_key, is_record, stored_rules
from readinggroup.ids import parse_arxiv_ref
from readinggroup.models import (
    ListEntry,
    Month,
    Paper,
    RankedList,
    Session,
    Window,
    WindowSpec,
)
from readinggroup.session.problems import Problem, describe_validation_error, mismatch
from readinggroup.session.yaml_text import Location

__all__ = ["Problem", "SessionDoc", "describe_validation_error", "to_session"]  # for read.py

T = TypeVar("T")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _empty_as_blank(value: Any) -> Any:
    return "" if value is None else value


# Text a person may clear: `title_ja:` with nothing after it is empty text, to be filled again.
Text = Annotated[str, BeforeValidator(_empty_as_blank)]


def _document_type(annotation: Any) -> Any:
    """The file's type for a field's type: lists for tuples, dicts for mappings, a derived
    model for a record (``models.Summary``, ``models.AuthorAffiliations``)."""
    if is_record(annotation):
        return _record_document(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is tuple:
        return list[_document_type(args[0])]  # type: ignore[misc]
    if origin is Mapping:
        return dict[args[0], args[1]]  # type: ignore[valid-type]
    if origin in (Union, UnionType):
        return Union[tuple(_document_type(arg) for arg in args)]  # noqa: UP007
    return annotation


# The records of the core and the models derived from them, to read the file.
_RECORDS: dict[type[BaseModel], Any] = {}


@functools.cache
def _record_document(record: Any, base: type[BaseModel] = _Strict) -> type[BaseModel]:
    """A strict pydantic model of the dataclass *record*'s fields, under their keys in the file."""
    model: type[BaseModel] = create_model(
        f"_{record.__name__}Doc", __base__=base, **_document_fields(record)
    )
    _RECORDS[model] = record
    return model


def _document_fields(record: Any) -> dict[str, Any]:
    """pydantic field definitions for every field of *record* (the schema, once)."""
    hints = get_type_hints(record)
    definitions: dict[str, Any] = {}
    for item in dataclasses.fields(record):
        rules = stored_rules(item)
        kind = _document_type(hints[item.name])
        if rules.read is not None:
            kind = Annotated[Any, BeforeValidator(functools.partial(_checked, rules.read))]
        elif kind is str and item.default is not dataclasses.MISSING:
            kind = Text
        alias = file_key(item) if file_key(item) != item.name else None
        if item.default is not dataclasses.MISSING:
            definitions[item.name] = (kind, Field(default=item.default, alias=alias))
        elif item.default_factory is not dataclasses.MISSING:
            empty = kind() if is_record(item.default_factory) else _empty(kind)
            definitions[item.name] = (kind, Field(default=empty, alias=alias))
        else:
            definitions[item.name] = (kind, Field(alias=alias))
        if rules.then:  # written after the field, for people: checked against it
            definitions[rules.then] = (str | None, None)
    return definitions


def _from_document(value: Any) -> Any:
    """A value read from the file as the core holds it: tuples for lists, records for models."""
    if isinstance(value, list):
        return tuple(_from_document(item) for item in value)
    record = _RECORDS.get(type(value))
    if record is not None:
        fields = type(value).model_fields
        return record(**{name: _from_document(getattr(value, name)) for name in fields})
    return value


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


_PaperDoc = create_model("_PaperDoc", __base__=_PaperBase, **_document_fields(Paper))


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
    values = {item.name: _from_document(getattr(doc, item.name)) for item in _PAPER_FIELDS}
    paper = Paper(**values)
    for item in _PAPER_FIELDS:
        shown = stored_rules(item).then
        given = getattr(doc, shown) if shown else None
        if given is not None and given != getattr(paper, shown):
            raise Problem(
                ("papers", index, shown),
                mismatch(shown, given, getattr(paper, shown), source=item.name),
            )
    return paper


_PAPER_FIELDS = dataclasses.fields(Paper)
