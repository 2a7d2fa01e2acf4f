"""The session file's schema, derived from the model: each paper field's type and its rules
(``field_rules.Stored``: key, checks) make one pydantic-core validator, built in about a
millisecond at the first read (pydantic models of the same shape took 10–50 ms). The checks
across fields are in ``checks``; how a problem is worded is in ``problems``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Mapping
from types import UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic_core import CoreConfig, SchemaValidator
from pydantic_core import core_schema as cs

from readinggroup.errors import InputError
from readinggroup.field_rules import file_key, is_record, stored_rules
from readinggroup.ids import parse_arxiv_ref
from readinggroup.models import EditableField, Paper
from readinggroup.months import Month, WindowSpec

T = TypeVar("T")

# A hand-edited file is checked strictly: a number is not text, a key not known is a typo.
_CONFIG = CoreConfig(strict=True, extra_fields_behavior="forbid")


def _checked(parse: Callable[[Any], T], value: Any) -> T:
    """*parse* (*value*), its InputError as a ValueError: pydantic-core adds the field's place."""
    try:
        return parse(value)
    except InputError as err:
        raise ValueError(str(err)) from None


def _passes(parse: Callable[[Any], object]) -> Callable[[Any], Any]:
    """A check that keeps the value as written, once *parse* accepts it (None passes)."""

    def check(value: Any) -> Any:
        if value is not None:
            _checked(parse, value)
        return value

    return check


def _empty_as_blank(value: Any) -> Any:
    return "" if value is None else value


# Text a person may clear: `title_ja:` with nothing after it is empty text, to be filled again.
_TEXT = cs.no_info_before_validator_function(_empty_as_blank, cs.str_schema())

_SCALARS: dict[Any, Callable[[], cs.CoreSchema]] = {
    str: cs.str_schema,
    int: cs.int_schema,
    float: cs.float_schema,
    bool: cs.bool_schema,
    dt.date: cs.date_schema,
}


def _schema(annotation: Any) -> cs.CoreSchema:
    """The file's schema for a field's type: lists for tuples, dicts for mappings, a typed
    dict for a record (``models.Summary``, ``models.AuthorAffiliations``)."""
    if is_record(annotation):
        return cs.no_info_after_validator_function(
            functools.partial(_built, annotation), _record_schema(annotation)
        )
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is tuple:
        return cs.no_info_after_validator_function(tuple, cs.list_schema(_schema(args[0])))
    if origin in (Mapping, dict):
        return cs.dict_schema(_schema(args[0]), _schema(args[1]))
    if origin is list:
        return cs.list_schema(_schema(args[0]))
    if origin is Literal:
        return cs.literal_schema(list(args))
    if origin in (Union, UnionType) and type(None) in args:
        (kind,) = (arg for arg in args if arg is not type(None))
        return cs.nullable_schema(_schema(kind))
    return _SCALARS[annotation]()


def _built(record: Callable[..., T], values: dict[str, Any]) -> T:
    return record(**values)


def _record_schema(record: Any) -> cs.TypedDictSchema:
    """The typed dict of the dataclass *record*'s fields, under their keys in the file."""
    hints = get_type_hints(record)
    fields: dict[str, cs.TypedDictField] = {}
    for item in dataclasses.fields(record):
        rules = stored_rules(item)
        kind = _schema(hints[item.name])
        if rules.read is not None:
            kind = cs.no_info_before_validator_function(
                functools.partial(_checked, rules.read), cs.any_schema()
            )
        elif hints[item.name] is str and item.default is not dataclasses.MISSING:
            kind = _TEXT
        if item.default is not dataclasses.MISSING:
            kind = cs.with_default_schema(kind, default=item.default)
        elif item.default_factory is not dataclasses.MISSING:
            kind = cs.with_default_schema(kind, default_factory=item.default_factory)
        alias = file_key(item) if file_key(item) != item.name else None
        required = item.default is item.default_factory is dataclasses.MISSING
        fields[item.name] = cs.typed_dict_field(kind, required=required, validation_alias=alias)
        if rules.then:  # written after the field, for people: checked against it
            optional = cs.with_default_schema(cs.nullable_schema(cs.str_schema()), default=None)
            fields[rules.then] = cs.typed_dict_field(optional, required=False)
    return _mapping(fields)


def _mapping(fields: dict[str, cs.TypedDictField]) -> cs.TypedDictSchema:
    """A mapping with these *fields* and no other key, read strictly."""
    return cs.typed_dict_schema(fields, extra_behavior="forbid", config=_CONFIG)


def _bare_arxiv_id(value: str) -> str:
    ref = _checked(parse_arxiv_ref, value)
    if ref.version is not None:
        raise ValueError(f"write the bare id '{ref.id}' and the version in 'version'")
    return ref.id


def _field(
    schema: cs.CoreSchema,
    *,
    default: Any = dataclasses.MISSING,
    check: Callable[[Any], Any] | None = None,
) -> cs.TypedDictField:
    if check is not None:
        schema = cs.no_info_after_validator_function(check, schema)
    if default is dataclasses.MISSING:
        return cs.typed_dict_field(schema)
    return cs.typed_dict_field(cs.with_default_schema(schema, default=default), required=False)


def _at_least(lowest: int, what: str) -> Callable[[int | None], int | None]:
    def check(value: int | None) -> int | None:
        if value is not None and value < lowest:
            raise ValueError(f"must be {lowest} or more ({what}), not {value}")
        return value

    return check


def _known_keys(names: tuple[str, ...]) -> cs.TypedDictSchema:
    """A mapping of text under the keys *names* only (each optional): another key is named
    with its line as unknown."""
    return _mapping({name: cs.typed_dict_field(cs.str_schema(), required=False) for name in names})


# what a session records under `settings` (the settings it was fetched with, and a note)
SETTINGS_KEYS = ("translator", "summarizer", "duplicates", "figures", "repeats", "written_by")
# the ranking sources (config.SourceName, not imported: reading a session needs no config)
SOURCE_NAMES = ("hf", "hn", "s2", "openalex", "alphaxiv", "file")
_NUMBER = cs.float_schema(allow_inf_nan=False)  # .nan and .inf are no score


def _paper_schema() -> cs.TypedDictSchema:
    paper = _record_schema(Paper)
    fields = paper["fields"]
    fields["id"] = _field(cs.str_schema(), check=_bare_arxiv_id)
    version = cs.nullable_schema(cs.int_schema())
    fields["version"] = _field(version, default=None, check=_at_least(1, "arXiv's first is v1"))
    editable = tuple(get_args(EditableField))
    fields["provenance"] = _field(_known_keys(editable), default={})
    return paper


def _entry_schema() -> cs.TypedDictSchema:
    return _mapping(
        {
            "rank": _field(cs.int_schema(), check=_at_least(1, "1 is the top of the list")),
            "id": _field(cs.str_schema(), check=lambda value: _checked(parse_arxiv_ref, value).id),
            "score": _field(cs.nullable_schema(_NUMBER), default=None),
            "scores": _field(cs.dict_schema(cs.str_schema(), _NUMBER), default={}),
        }
    )


def _label(value: str) -> str:
    if not value.strip():
        raise ValueError('empty; every list needs a label for its slide (e.g. "Top recent")')
    return value


def _size(value: int) -> int:
    if not 1 <= value <= MAX_LIST_SIZE:
        raise ValueError(f"must be a number of papers from 1 to {MAX_LIST_SIZE}, not {value}")
    return value


MAX_LIST_SIZE = 100  # as readinggroup.toml's lists.size


def _list_schema() -> cs.TypedDictSchema:
    return _mapping(
        {
            "label": _field(cs.str_schema(), check=_label),
            "sources": _field(cs.list_schema(cs.literal_schema(list(SOURCE_NAMES)))),
            "size": _field(cs.int_schema(), default=10, check=_size),
            "window": _field(
                cs.nullable_schema(cs.str_schema()), default=None, check=_passes(WindowSpec.parse)
            ),
            "entries": _field(cs.list_schema(_entry_schema())),
        }
    )


@functools.cache
def document_validator() -> SchemaValidator:
    """The validator of the whole file: its top level as written, each paper a dict of the
    field values the model holds (records and tuples built), plus what is written for people."""
    top = _mapping(
        {
            "schema_version": _field(
                cs.int_schema(), check=_at_least(1, "the first version readinggroup wrote")
            ),
            "month": _field(cs.str_schema(), check=_passes(Month.parse)),
            "title": _field(cs.str_schema()),
            "group": _field(_TEXT, default=""),
            "date": _field(cs.nullable_schema(cs.date_schema()), default=None),
            "event_url": _field(_TEXT, default=""),
            "window": _field(cs.str_schema(), check=_passes(WindowSpec.parse)),
            "settings": _field(_known_keys(SETTINGS_KEYS), default={}),
            "lists": _field(cs.list_schema(_list_schema()), default=[]),
            "papers": _field(cs.list_schema(_paper_schema()), default=[]),
        }
    )
    return SchemaValidator(top, _CONFIG)
