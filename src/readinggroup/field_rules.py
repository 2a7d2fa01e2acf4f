"""How each field of the core's records lives in the session file, declared once on the field.

A field of ``models.Paper`` (or of a record inside it, like ``models.Summary``) carries a
:class:`Stored` in its metadata: the key it has in the file, whether it is left out while unset,
how it is checked and written, and its :class:`Rule` — who may change it. The session codec
(``readinggroup.session``) derives reading, writing and merging from these, so a new field of a
paper is one line in ``models.py``. No I/O here: this is the core.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# The metadata key a field's Stored sits under.
STORED = "readinggroup.stored"


class Rule(enum.Enum):
    """Who may change a field, and so how two writers' changes of it are merged.

    In every merge a field only one side changed takes that side's value, and a field both
    changed keeps the file's (a person's editor wins over a running stage).
    """

    STAGE = "stage value"  # a stage's (arXiv's metadata, ranks): it may rewrite it any time
    FILLS_EMPTY = "machine fills only empty"  # text a stage drafts where empty (or with
    # --force, saying which human edit it replaces); who wrote it is kept in the provenance
    HUMAN_WINS = "human edit wins"  # as FILLS_EMPTY, but a human's value is never replaced by a
    # stage, --force included: it is the organiser's knowledge, not a draft
    PROVENANCE = "provenance"  # who wrote each editable field: follows that field in a merge


@dataclass(frozen=True, slots=True)
class Stored:
    """One field's place in the session file (see the module docstring)."""

    key: str = ""  # the key in the file, if not the field's name (the summary's 目的 …)
    rule: Rule = Rule.STAGE
    omitted_when_unset: bool = False  # not written while it holds its default (None, "")
    null_when_empty: bool = False  # empty text written as null ("not known")
    then: str = ""  # a property written right after the field, for people (version → url)
    # the file's value → the model's; raises InputError worded for the organiser
    read: Callable[[Any], Any] | None = None
    written: Callable[[Any], Any] | None = None  # the model's value → the file's

    @property
    def editable(self) -> bool:
        """Whether stages fill it and people edit it (its writer kept in the provenance)."""
        return self.rule in (Rule.FILLS_EMPTY, Rule.HUMAN_WINS)


def stored(**rules: Any) -> Mapping[str, Stored]:
    """Field metadata: ``field(default="", metadata=stored(key="目的"))``."""
    return {STORED: Stored(**rules)}


_PLAIN = Stored()


def stored_rules(field: dataclasses.Field[Any]) -> Stored:
    """The Stored of a dataclass *field* (the plain defaults when it declares none)."""
    rules: Stored = field.metadata.get(STORED, _PLAIN)
    return rules


def file_key(field: dataclasses.Field[Any]) -> str:
    """The key *field* has in the session file."""
    return stored_rules(field).key or field.name


def is_record(kind: Any) -> bool:
    """Whether *kind* is a record of the core (a dataclass class), merged field by field."""
    return isinstance(kind, type) and dataclasses.is_dataclass(kind)


def inner_record(field: dataclasses.Field[Any]) -> type[Any] | None:
    """The record *field* holds (``Paper.summary``: ``Summary``), if it holds one."""
    kind = field.default_factory
    return kind if is_record(kind) else None  # type: ignore[return-value]


def editable_fields(record: type[Any], prefix: str = "") -> tuple[str, ...]:
    """The editable fields of *record* and of the records inside it, as ``summary.purpose``."""
    names: list[str] = []
    for field in dataclasses.fields(record):
        if (inner := inner_record(field)) is not None:
            names.extend(editable_fields(inner, f"{prefix}{field.name}."))
        elif stored_rules(field).editable:
            names.append(f"{prefix}{field.name}")
    return tuple(names)


def rule_of(record: type[Any], name: str) -> Rule:
    """The Rule of the field *name* (``summary.affiliations``) of *record*."""
    head, _, rest = name.partition(".")
    field = next(f for f in dataclasses.fields(record) if f.name == head)
    inner = inner_record(field)
    return rule_of(inner, rest) if rest and inner else stored_rules(field).rule


def renamed_keys(record: type[Any]) -> dict[str, str]:
    """Field names by file key, for the fields of *record* (and its records) renamed in the
    file (``{"目的": "purpose", …}``)."""
    renamed: dict[str, str] = {}
    for field in dataclasses.fields(record):
        if (inner := inner_record(field)) is not None:
            renamed.update(renamed_keys(inner))
        elif file_key(field) != field.name:
            renamed[file_key(field)] = field.name
    return renamed
