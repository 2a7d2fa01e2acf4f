"""The validator of ``readinggroup.toml``, derived from the config's frozen dataclasses.

Each section is a dataclass; a field's type gives its pydantic-core schema, and its
:func:`rules` (bounds, checks) sit in the field's metadata. The sections are validated as
pydantic-core *models* (the same schema pydantic's ``BaseModel`` is built on), so the messages
are pydantic's, word for word, while ``import pydantic`` and its schema generation (about a
sixth of a warm build) are not paid. Checks across a section's keys are its
``check_across_keys`` method, run after validation (and by its ``__post_init__``, for a section
built in code).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import UnionType
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic_core import CoreConfig, SchemaValidator
from pydantic_core import core_schema as cs

T = TypeVar("T")

_RULES = "readinggroup.config.rules"


@dataclass(frozen=True, slots=True)
class FieldRules:
    """How one config key is checked beyond its type."""

    bounds: Mapping[str, Any]  # the schema's own: min_length, ge, le
    before: Callable[[Any], Any] | None = None  # on the value as written
    after: Callable[[Any], Any] | None = None  # on the typed value


def rules(
    *,
    before: Callable[[Any], Any] | None = None,
    after: Callable[[Any], Any] | None = None,
    **bounds: Any,
) -> Mapping[str, FieldRules]:
    """Field metadata: ``field(default=10, metadata=rules(ge=1, le=100))``; *before*/*after*
    raise ValueError with the message the organiser reads."""
    return {_RULES: FieldRules(bounds, before, after)}


def fields_given(section: object) -> frozenset[str]:
    """The keys the file gave for *section* (empty for one built from defaults)."""
    # pydantic-core's model validator records them, as it does for BaseModel.model_fields_set
    return frozenset(getattr(section, "__pydantic_fields_set__", ()))


def _typed(annotation: Any, bounds: Mapping[str, Any]) -> cs.CoreSchema:
    origin, args = get_origin(annotation), get_args(annotation)
    if annotation is str:
        return cs.str_schema(**bounds)
    if annotation is int:
        return cs.int_schema(**bounds)
    if origin is Literal:
        return cs.literal_schema(list(args))
    if origin is list:
        return cs.list_schema(_typed(args[0], {}), **bounds)
    if origin in (Union, UnionType) and type(None) in args:
        (kind,) = (arg for arg in args if arg is not type(None))
        return cs.nullable_schema(_typed(kind, bounds))
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return section_schema(annotation)
    raise TypeError(f"no config schema for {annotation!r}")


def section_schema(section: type) -> cs.ModelSchema:
    """The schema of the dataclass *section*: unknown keys refused, defaults not validated."""
    hints = get_type_hints(section)
    fields = {}
    for item in dataclasses.fields(section):
        found = item.metadata.get(_RULES, FieldRules({}))
        schema = _typed(hints[item.name], found.bounds)
        if found.before is not None:
            schema = cs.no_info_before_validator_function(found.before, schema)
        if found.after is not None:
            schema = cs.no_info_after_validator_function(found.after, schema)
        if item.default is not dataclasses.MISSING:
            schema = cs.with_default_schema(schema, default=item.default)
        elif item.default_factory is not dataclasses.MISSING:
            schema = cs.with_default_schema(schema, default_factory=item.default_factory)
        fields[item.name] = cs.model_field(schema)
    checks = "check_across_keys" if hasattr(section, "check_across_keys") else None
    return cs.model_schema(
        section,
        cs.model_fields_schema(fields, model_name=section.__name__),
        post_init=checks,
        config=CoreConfig(title=section.__name__, extra_fields_behavior="forbid"),
    )


@functools.cache
def section_validator(section: type[T]) -> Callable[[Mapping[str, Any]], T]:
    """Validate a mapping as *section* (built once); raises ``pydantic_core.ValidationError``."""
    validator = SchemaValidator(section_schema(section))
    return validator.validate_python
