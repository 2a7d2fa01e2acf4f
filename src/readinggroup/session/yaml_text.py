"""The YAML layer of the session file: plain data in, plain data out, every problem with its line.

A hand-edited file has no use for anchors, aliases, merge keys or a key written twice, so they
are refused (a duplicate key would silently drop the first value, a merge key bring in fields
unseen; an alias bomb would make any walk over the document exponential). Text is written so that
it reads back exactly, and characters a slide (XML) cannot hold are refused here, where the line
is still known, not later in the renderer.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import yaml

from readinggroup.session.yaml_hints import likely_fix
from readinggroup.text.showable import NOT_FOR_SLIDES

Location = tuple[Any, ...]

# libyaml's C parser and emitter where installed (the same text, several times faster).
_LoaderBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Line breaks YAML folds in plain, single-quoted and block text: written escaped instead.
_UNUSUAL_BREAKS = re.compile("[\x85\u2028\u2029]")
# Above this size the pure-Python parser (better wording) would take seconds to re-read a file.
_REPARSE_LIMIT = 200_000
_WRITE_OUT = "write the value out in full"
_FIX_IT = "fix it there"
_ANCHORS = "an anchor or alias (&name, *name), which a session file does not use"
_MERGE = "tag:yaml.org,2002:merge"
_MERGE_KEY = "a merge key (<<), which a session file does not use"
_NULL = "tag:yaml.org,2002:null"
_COMMENT_NEXT = re.compile(r"[ \t]+#")


class DocumentProblem(ValueError):
    """A problem in the YAML text, at a 1-based *line* (None when unknown), and what to do."""

    def __init__(self, line: int | None, message: str, hint: str = _FIX_IT) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


class _Loader(_LoaderBase):  # type: ignore[valid-type,misc]
    """The safe loader, with dates that do not exist kept as text for the schema to name."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2021-13-01: the schema says "must be a date" with field and line
            return node.value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def parse_document(text: str) -> tuple[Any, dict[Location, int]]:
    """The data of *text* and the 1-based line of each key path; DocumentProblem if refused."""
    if "&" in text:
        _refuse_anchors(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        lines = _walk(root, text) if root is not None else {}
        return loader.construct_document(root) if root is not None else None, lines
    except yaml.YAMLError as err:
        raise _broken(text, err) from None
    finally:
        loader.dispose()


def _refuse_anchors(text: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise DocumentProblem(mark.line + 1 if mark else None, _ANCHORS, _WRITE_OUT)
    except yaml.YAMLError as err:
        raise _broken(text, err) from None


def _walk(root: yaml.Node, text: str) -> dict[Location, int]:
    """Lines of every key path; refuses duplicate keys, aliases, text slides cannot hold and a
    value lost to a comment (``notes: #1 idea``)."""
    lines: dict[Location, int] = {}
    seen: set[int] = set()
    comments = " #" in text or "\t#" in text  # else no value can be lost to one
    stack: list[tuple[yaml.Node, Location]] = [(root, ())]
    while stack:  # in document order, so the first problem is the one reported
        node, at = stack.pop()
        if id(node) in seen:  # the C composer shares an aliased node: refuse before any walk
            raise DocumentProblem(node.start_mark.line + 1, _ANCHORS, _WRITE_OUT)
        seen.add(id(node))
        lines.setdefault(at, node.start_mark.line + 1)
        children: list[tuple[yaml.Node, Location]] = []
        if isinstance(node, yaml.MappingNode):
            keys: dict[Any, int] = {}
            for key, value in node.value:
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
                children.append((value, (*at, name)))
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, (*at, index)) for index, item in enumerate(node.value)]
        elif isinstance(node, yaml.ScalarNode) and (bad := NOT_FOR_SLIDES.search(node.value)):
            raise DocumentProblem(
                node.start_mark.line + 1,
                f"{format_location(at)} holds U+{ord(bad.group()):04X}, a character slides "
                "cannot show",
                "delete it",
            )
        elif comments and isinstance(node, yaml.ScalarNode) and _loses_a_comment(node, text):
            line = node.end_mark.line + 1
            raise DocumentProblem(
                line,
                f"{format_location(at)} is empty: YAML reads what follows ' #' as a comment",
                _fix_at(text, line) or "quote the value",
            )
        stack.extend(reversed(children))
    return lines


def _loses_a_comment(node: yaml.ScalarNode, text: str) -> bool:
    """Whether *node* is an empty value followed by a comment: ``notes: #1 idea`` is read as
    nothing. (After text, ``title_ja: 人の訳  # 仮``, a comment is the person's remark.)"""
    if node.tag != _NULL or node.value:
        return False
    return _COMMENT_NEXT.match(text, node.end_mark.index) is not None


def _broken(text: str, err: yaml.YAMLError) -> DocumentProblem:
    """The problem at the line where the broken construct starts, in the clearest wording."""
    deep = "nesting depth" in str(err)  # the Python parser would recurse for seconds
    if len(text) <= _REPARSE_LIMIT and not deep:
        err = _python_parser_error(text) or err  # it words problems better than libyaml
    if isinstance(err, yaml.reader.ReaderError):
        return DocumentProblem(
            text.count("\n", 0, err.position) + 1,
            f"character U+{err.character:04X} is not allowed in a session file",
            "delete it",
        )
    quote = _unclosed_quote(text, err)
    if quote is not None:
        return DocumentProblem(quote, "broken YAML (the quote opened here is never closed)")
    if not isinstance(err, yaml.MarkedYAMLError):
        return DocumentProblem(None, f"broken YAML ({str(err).splitlines()[0]})")
    problem, problem_mark = err.problem or "unreadable", err.problem_mark
    context, context_mark = err.context or "", err.context_mark
    line: int | None = problem_mark.line + 1 if problem_mark is not None else None
    if context_mark is not None and not context.startswith("while parsing a block"):
        start = context_mark.line + 1  # a flow list, a quote, a block scalar: where it opened
        if start != line and line is not None:
            problem = f"{problem} on line {line}"
        line = start
    return DocumentProblem(line, f"broken YAML ({problem[:200]})", _fix_at(text, line) or _FIX_IT)


def _fix_at(text: str, line: int | None) -> str | None:
    """The likely fix of *line* of *text* in words (yaml_hints), if it looks like a value that
    wants quotes."""
    return likely_fix(text.split("\n", line)[line - 1]) if line else None


def _python_parser_error(text: str) -> yaml.YAMLError | None:
    try:
        yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        return err
    except RecursionError:  # lists nested thousands deep: libyaml's own words will do
        return None
    return None


@functools.cache
def _key_line() -> re.Pattern[str]:
    """A line starting with a key (compiled on the first broken file, not at every start)."""
    return re.compile(r"^\s*(?:-\s+)?[A-Za-z_\u3000-\u9fff][\w\u3000-\u9fff]*:(?:\s|$)", re.M)


def _unclosed_quote(text: str, err: yaml.YAMLError) -> int | None:
    """The line of a quoted text that ran on over following keys: its closing quote is missing."""
    if not isinstance(err, yaml.MarkedYAMLError) or err.problem_mark is None:
        return None
    if err.context and "quoted scalar" in err.context and err.context_mark is not None:
        start = err.context_mark
        if _key_line().search(text, start.index, err.problem_mark.index):
            return int(start.line) + 1
        return None
    last = None
    for token in _tokens_before(text, err.problem_mark.index):
        quoted = isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
        if quoted and _key_line().search(text, token.start_mark.index, token.end_mark.index):
            last = token.start_mark.line + 1
    return last


def _tokens_before(text: str, end: int) -> Iterator[yaml.Token]:
    try:
        for token in yaml.scan(text, Loader=_Loader):  # libyaml's scanner: fast on any size
            if token.start_mark.index >= end:
                return
            yield token
    except yaml.YAMLError:
        return


def format_location(location: Location) -> str:
    """``papers[3].summary.目的`` for the key path *location*."""
    text = ""
    for part in location:
        name = str(part) if len(str(part)) <= 40 else f"{str(part)[:37]}..."  # messages stay short
        text += f"[{part}]" if isinstance(part, int) else (f".{name}" if text else name)
    return text


def closest_line(lines: dict[Location, int], location: Location) -> int | None:
    """The line of *location*, or of its nearest enclosing key."""
    for length in range(len(location), 0, -1):
        if location[:length] in lines:
            return lines[location[:length]]
    return None


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
