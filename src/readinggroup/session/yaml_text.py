"""The YAML layer of the session file: plain data in, plain data out, every problem with its line.

A hand-edited file has no use for anchors, aliases, merge keys or a key written twice, so they
are refused (a duplicate key would silently drop the first value, a merge key bring in fields
unseen; an alias bomb would make any walk over the document exponential). Text is written so that
it reads back exactly, and characters a slide (XML) cannot hold are refused here, where the line
is still known, not later in the renderer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from readinggroup.session.yaml_problems import (
    DocumentProblem,
    Location,
    broken_yaml,
    fix_at,
    format_location,
)
from readinggroup.text.showable import NOT_FOR_SLIDES

# libyaml's C parser and emitter where installed (the same text, several times faster).
_LoaderBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Line breaks YAML folds in plain, single-quoted and block text: written escaped instead.
_UNUSUAL_BREAKS = re.compile("[\x85\u2028\u2029]")
_WRITE_OUT = "write the value out in full"
_ANCHORS = "an anchor or alias (&name, *name), which a session file does not use"
_MERGE = "tag:yaml.org,2002:merge"
_MERGE_KEY = "a merge key (<<), which a session file does not use"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_COMMENT_NEXT = re.compile(r"[ \t]+#")


# A whole number longer than this is kept as text for the schema to name (no rank or version
# has it; Python would refuse to convert one of over 4,300 digits at all).
_INTEGER_DIGITS = 30


class _Loader(_LoaderBase):  # type: ignore[valid-type,misc]
    """The safe loader, with dates that do not exist and numbers too long to be one kept as
    text for the schema to name."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2021-13-01: the schema says "must be a date" with field and line
            return node.value

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        if len(node.value) > _INTEGER_DIGITS:
            return node.value
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def parse_document(text: str) -> tuple[Any, dict[Location, int]]:
    """The data of *text* and the 1-based line of each key path; DocumentProblem if refused."""
    if "&" in text:
        _refuse_anchors(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        return _document(root, text, loader) if root is not None else (None, {})
    except yaml.YAMLError as err:
        raise broken_yaml(text, err) from None
    finally:
        loader.dispose()


def _refuse_anchors(text: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise DocumentProblem(mark.line + 1 if mark else None, _ANCHORS, _WRITE_OUT)
    except yaml.YAMLError as err:
        raise broken_yaml(text, err) from None


def _document(root: yaml.Node, text: str, loader: _Loader) -> tuple[Any, dict[Location, int]]:
    """The data of the document *root* and the lines of every key path, in one pass; refuses
    duplicate keys, aliases, text slides cannot hold and a value lost to a comment (``notes:
    #1 idea``), in document order, before any value YAML cannot construct (an unknown tag)."""
    lines: dict[Location, int] = {}
    seen: set[int] = set()
    comments = " #" in text or "\t#" in text  # else no value can be lost to one
    # else only a double-quoted scalar can hold one (as an escape, "\\x07")
    unshowable = NOT_FOR_SLIDES.search(text) is not None
    unconstructed: list[yaml.YAMLError] = []

    def construct(node: yaml.Node) -> Any:
        """A value the safe loader builds (numbers, dates, null); its error kept for later."""
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError as err:
            unconstructed.append(err)
            return None

    top: list[Any] = [None]
    stack: list[tuple[yaml.Node, Location, Any, Any]] = [(root, (), top, 0)]
    while stack:  # in document order, so the first problem is the one reported
        node, at, into, slot = stack.pop()
        if id(node) in seen:  # the C composer shares an aliased node: refuse before any walk
            raise DocumentProblem(node.start_mark.line + 1, _ANCHORS, _WRITE_OUT)
        seen.add(id(node))
        lines.setdefault(at, node.start_mark.line + 1)
        children: list[tuple[yaml.Node, Location, Any, Any]] = []
        if isinstance(node, yaml.MappingNode):
            # a tagged mapping or one with a list for a key: built (or refused) by the loader
            plain = node.tag == _MAP and all(type(key) is yaml.ScalarNode for key, _ in node.value)
            value: Any = {} if plain else construct(node)
            mapping = value if plain else None
            keys: dict[Any, int] = {}
            for key, item in node.value:
                line = key.start_mark.line + 1
                name = key.value if isinstance(key, yaml.ScalarNode) else id(key)
                if key.tag == _MERGE:  # its fields would be taken in silently, past this check
                    raise DocumentProblem(line, _MERGE_KEY, _WRITE_OUT)
                if name in keys:
                    raise DocumentProblem(
                        line,
                        f"{format_location((*at, name))} is written twice (lines "
                        f"{keys[name]} and {line})",
                        "keep one",
                    )
                keys[name] = line
                lines[(*at, name)] = line
                built = _scalar(key, construct) if mapping is not None else None
                if mapping is not None:
                    mapping[built] = None  # its place now, its value when the walk gets there
                if built is None or isinstance(built, int | float | bool):
                    # `~: x`, `1: x`: the schema names the key as loaded (None, 1, 'None')
                    lines.setdefault((*at, built), line)
                    lines.setdefault((*at, str(built)), line)
                children.append((item, (*at, name), mapping, built))
        elif isinstance(node, yaml.SequenceNode):
            value = [None] * len(node.value) if node.tag == _SEQ else construct(node)
            items = value if node.tag == _SEQ else None
            children = [(item, (*at, index), items, index) for index, item in enumerate(node.value)]
        elif isinstance(node, yaml.ScalarNode):
            if (unshowable or node.style == '"') and (bad := NOT_FOR_SLIDES.search(node.value)):
                raise DocumentProblem(
                    node.start_mark.line + 1,
                    f"{format_location(at)} holds U+{ord(bad.group()):04X}, a character slides "
                    "cannot show",
                    "delete it",
                )
            if comments and _loses_a_comment(node, text):
                line = node.end_mark.line + 1
                raise DocumentProblem(
                    line,
                    f"{format_location(at)} is empty: YAML reads what follows ' #' as a comment",
                    fix_at(text, line) or "quote the value",
                )
            value = _scalar(node, construct)
        if into is not None:
            into[slot] = value
        stack.extend(reversed(children))
    if unconstructed:
        raise unconstructed[0]
    return top[0], lines


def _scalar(node: yaml.Node, construct: Callable[[yaml.Node], Any]) -> Any:
    """The value of a key or scalar *node*: text as it is, anything else as the loader builds."""
    return node.value if node.tag == _STR else construct(node)


def _loses_a_comment(node: yaml.ScalarNode, text: str) -> bool:
    """Whether *node* is an empty value followed by a comment: ``notes: #1 idea`` is read as
    nothing. (After text, ``title_ja: 人の訳  # 仮``, a comment is the person's remark.)"""
    if node.tag != _NULL or node.value:
        return False
    return _COMMENT_NEXT.match(text, node.end_mark.index) is not None


class OneLine(dict[str, Any]):
    """A mapping written on one line (``{rank: 1, id: '2109.00301', …}``): lists stay scannable."""


class _Dumper(_DumperBase):  # type: ignore[valid-type,misc]
    """SafeDumper that writes multi-line text as a literal block, readable and editable."""

    def ignore_aliases(self, data: object) -> bool:
        # Two papers sharing one date object must not become an anchor and an alias: the
        # loader refuses aliases (a hand-edited file has no use for them).
        return True


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if _UNUSUAL_BREAKS.search(text) else "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_one_line(dumper: yaml.SafeDumper, mapping: OneLine) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(OneLine, _represent_one_line)


def dump_document(document: Any) -> str:
    """YAML text of *document*: keys in the given order, Japanese kept readable."""
    text: str = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return text
