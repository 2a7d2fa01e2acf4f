# ruff: noqa: E501  (a table: each expected sentence reads best on one line)
"""The bad-input catalogue: what a user can get wrong, and the one sentence each must produce.

Each row is run through the real CLI (``tests/test_catalogue_bad_input.py``) in a fresh copy of
the shipped example, with offline fakes behind the services seam. *message* is the exact last
line on stderr; the session file must be byte for byte what it was before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

RECENT_CONFIG = '[[lists]]\nlabel = "Picks"\nsources = ["file"]\nfile = "picks.txt"\nsize = 5\n'
PICKUP_ID = "2109.04454"


@dataclass(frozen=True)
class Case:
    """One bad input: where it is, the command that meets it, what the user must read.

    *files* are written into the working directory (``None`` makes a folder); *session*
    rewrites the example session's text (or replaces its bytes); *fault* names a file-system
    failure simulated by the test (the tests run as root, where chmod does not refuse).
    """

    name: str
    args: tuple[str, ...]
    code: int
    message: str
    files: dict[str, str | bytes | None] = field(default_factory=dict)
    session: Callable[[str], str] | bytes | None = None
    env: dict[str, str] = field(default_factory=dict)
    fault: str = ""
    real_translators: bool = False
    links: dict[str, str] = field(default_factory=dict)  # symbolic link → what it points to
    fifos: tuple[str, ...] = ()  # named pipes made at these paths


def sub(pattern: str, replacement: str, count: int = 1) -> Callable[[str], str]:
    """A session rewrite: the first *count* matches of *pattern* replaced."""
    return lambda text: re.sub(pattern, replacement, text, count=count, flags=re.MULTILINE)


def then(*edits: Callable[[str], str]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        for edit in edits:
            text = edit(text)
        return text

    return apply


def config(text: str) -> dict[str, str | bytes | None]:
    return {"readinggroup.toml": text}


def picks(text: str | bytes, extra: str = "") -> dict[str, str | bytes | None]:
    return {"readinggroup.toml": RECENT_CONFIG + extra, "picks.txt": text}


# (what was typed, exit code, the sentence); 0 = accepted as it is
MONTHS = [
    Case(f"month {bad!r}", ("show", bad), code, message)
    for bad, code, message in [
        (
            "2021-13",
            2,
            "Invalid value for 'MONTH': '2021-13' is not a month: 13 is not between 01 and 12",
        ),
        (
            "2021-00",
            2,
            "Invalid value for 'MONTH': '2021-00' is not a month: 00 is not between 01 and 12",
        ),
        (
            "21-10",
            2,
            "Invalid value for 'MONTH': '21-10' is not a month; write it as YYYY-MM, e.g. 2021-10",
        ),
        (
            "2021/10",
            2,
            "Invalid value for 'MONTH': '2021/10' is not a month; write it as YYYY-MM, e.g. 2021-10",
        ),
        ("", 2, "Invalid value for 'MONTH': '' is not a month; write it as YYYY-MM, e.g. 2021-10"),
        (
            "abcd-ef",
            2,
            "Invalid value for 'MONTH': 'abcd-ef' is not a month; write it as YYYY-MM, e.g. 2021-10",
        ),
        (
            "2021-1",
            2,
            "Invalid value for 'MONTH': '2021-1' is not a month; write it as YYYY-MM, e.g. 2021-10",
        ),
        (
            "2021-10-01",
            2,
            "Invalid value for 'MONTH': '2021-10-01' is not a month; write it as YYYY-MM, e.g. 2021-10",
        ),
        (" 2021-10", 0, ""),
        (
            "0000-01",
            2,
            "Invalid value for 'MONTH': '0000-01' is not a plausible meetup month (arXiv starts in 1991)",
        ),
        ("２０２１-１０", 0, ""),
    ]
]

IDS = [
    Case(f"pickup id {bad!r}", ("pickup", "2021-10", bad), code, message)
    for bad, code, message in [
        (
            "abc",
            2,
            "Invalid value for 'PAPER': 'abc' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        ),
        (
            "2109.0445",
            1,
            "2109.0445 is not on this month's lists; run `readinggroup show 2021-10` to see them",
        ),
        (
            "https://example.com/abs/2109.04454",
            2,
            "Invalid value for 'PAPER': 'https://example.com/abs/2109.04454' is not an arXiv link; use an arxiv.org/abs/… URL",
        ),
        (
            "2109.04454v0",
            2,
            "Invalid value for 'PAPER': '2109.04454v0' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        ),
        (
            "2109.04454vx",
            2,
            "Invalid value for 'PAPER': '2109.04454vx' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        ),
        (
            "1313.00001",
            2,
            "Invalid value for 'PAPER': '1313.00001' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        ),
        (
            "",
            2,
            "Invalid value for 'PAPER': '' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        ),
        (
            "arxiv.org/abs/",
            2,
            "Invalid value for 'PAPER': 'arxiv.org/abs/' is not an arXiv link; use an arxiv.org/abs/… URL",
        ),
        (
            "2109.99999",
            1,
            "2109.99999 is not on this month's lists; run `readinggroup show 2021-10` to see them",
        ),
        (
            "2109.04454v9",
            1,
            "2109.04454v9: this month's session has 2109.04454v2, not version 9; run `readinggroup pickup 2021-10 2109.04454` without the version",
        ),
    ]
]

WINDOWS = [
    Case(f"window {bad!r}", ("fetch", "2021-10", "--window", bad), code, message)
    for bad, code, message in [
        (
            "2021-09-31..2021-10-01",
            2,
            "Invalid value for '--window': '2021-09-31..2021-10-01' is not a window; use previous-month, same-month or YYYY-MM-DD..YYYY-MM-DD",
        ),
        (
            "2021-10-01..2021-09-01",
            2,
            "Invalid value for '--window': window '2021-10-01..2021-09-01' ends before it starts; swap the two dates",
        ),
        (
            "yesterday",
            2,
            "Invalid value for '--window': 'yesterday' is not a window; use previous-month, same-month or YYYY-MM-DD..YYYY-MM-DD",
        ),
        (
            "2021-09-01",
            2,
            "Invalid value for '--window': '2021-09-01' is not a window; use previous-month, same-month or YYYY-MM-DD..YYYY-MM-DD",
        ),
    ]
]

LIST_FILES = [
    Case(
        "list file missing",
        ("fetch", "2021-11"),
        1,
        "picks.txt: list file not found; create it with one arXiv id or URL per line",
        config(RECENT_CONFIG),
    ),
    Case(
        "list file bad line",
        ("fetch", "2021-11"),
        1,
        "picks.txt, line 2: 'not an id' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        picks("2109.04454\nnot an id\n"),
    ),
    Case(
        "list file Latin-1",
        ("fetch", "2021-11"),
        1,
        "picks.txt, line 1: the list file is not UTF-8 text (byte 0xe9 cannot be read); save it as UTF-8 and run again",
        picks("# caf\xe9\n2109.04454\n".encode("latin-1")),
    ),
    Case(
        "list file is a folder",
        ("fetch", "2021-11"),
        1,
        "picks.txt is a folder, but the list file must be a file; move the folder away or rename it",
        {**picks(""), "picks.txt": None},
    ),
    Case(
        "list file control character",
        ("fetch", "2021-11"),
        1,
        "picks.txt, line 1: '2109.04454\\x07' holds the invisible character U+0007; delete it (retype the line)",
        picks("2109.04454\x07\n"),
    ),
    Case(
        "list file invisible space",
        ("fetch", "2021-11"),
        1,
        "picks.txt, line 1: '2109.04454\\u200b' holds the invisible character U+200B; delete it (retype the line)",
        picks("2109.04454\u200b\n"),
    ),
    Case(
        "list file a DOI",
        ("fetch", "2021-11"),
        1,
        "picks.txt, line 1: '10.1145/3290605' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001",
        picks("10.1145/3290605\n"),
    ),
    Case(
        "list file {month}",
        ("fetch", "2021-11"),
        1,
        "readinggroup.toml, line 4: lists.0.file: unknown placeholder {month}; use {meeting} only; fix it and run again",
        config(RECENT_CONFIG.replace("picks.txt", "lists/{month}.txt")),
    ),
    Case(
        "list file {meeting",
        ("fetch", "2021-11"),
        1,
        "readinggroup.toml, line 4: lists.0.file: unbalanced { or }; use {meeting}, and write {{ or }} for a brace itself; fix it and run again",
        config(RECENT_CONFIG.replace("picks.txt", "lists/{meeting.txt")),
    ),
    Case(
        "list file {}",
        ("fetch", "2021-11"),
        1,
        "readinggroup.toml, line 4: lists.0.file: unknown placeholder {}; use {meeting} only; fix it and run again",
        config(RECENT_CONFIG.replace("picks.txt", "lists/{}.txt")),
    ),
    Case(
        "list file path through a file",
        ("fetch", "2021-11"),
        1,
        "notes/picks.txt: a part of this path is a file, not a folder; fix the path of the list file",
        {**config(RECENT_CONFIG.replace("picks.txt", "notes/picks.txt")), "notes": "x"},
    ),
    Case(
        "file source without file",
        ("fetch", "2021-11"),
        1,
        "readinggroup.toml, line 1: lists.0: list 'Picks' uses the file source but names no file; fix it and run again",
        config(RECENT_CONFIG.replace('file = "picks.txt"\n', "")),
    ),
]

SESSIONS = [
    Case(
        "session key typo",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 74: papers[0].titel_ja: unknown key 'titel_ja' (a typo?); fix it and run again (the file was left untouched)",
        session=sub(r"^  title_ja:", "  titel_ja:"),
    ),
    Case(
        "session unknown top key",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 7: grup: unknown key 'grup' (a typo?); fix it and run again (the file was left untouched)",
        session=sub(r"^group:", "grup:"),
    ),
    Case(
        "session rank is text",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 23: lists[0].entries[0].rank: must be a whole number, not 'one'; fix it and run again (the file was left untouched)",
        session=sub(r"rank: 1,", "rank: one,"),
    ),
    Case(
        "session size negative",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 20: lists[0].size: must be a number of papers from 1 to 100, not -1; fix it and run again (the file was left untouched)",
        session=sub(r"^  size: 10", "  size: -1"),
    ),
    Case(
        "session version is text",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 51: papers[0].version: must be a whole number, not 'one'; fix it and run again (the file was left untouched)",
        session=sub(r"^  version: 1", "  version: one"),
    ),
    Case(
        "session authors a number",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 54: papers[0].authors: must be a list, not 5; fix it and run again (the file was left untouched)",
        session=sub(r"^  authors:\n  - Davis Blalock\n  - John Guttag", "  authors: 5"),
    ),
    Case(
        "session published not a date",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 63: papers[0].published: must be a date (YYYY-MM-DD), not '2021-13-01'; fix it and run again (the file was left untouched)",
        session=sub(r"^  published: 2021-06-21", "  published: 2021-13-01"),
    ),
    Case(
        "session pickup not boolean",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 82: papers[0].pickup: must be true or false, not 'maybe'; fix it and run again (the file was left untouched)",
        session=sub(r"^  pickup: false", "  pickup: maybe"),
    ),
    Case(
        "session duplicate paper",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 262: papers[4].id: 2106.10860 appears twice (also papers[0]); keep one entry per paper and run again (the file was left untouched)",
        session=lambda t: t.replace(
            "\n- id: '2109.00301'",
            t[
                t.index("\n- id: '2106.10860'") : t.index(
                    "\n- id", t.index("\n- id: '2106.10860'") + 1
                )
            ]
            + "\n- id: '2109.00301'",
            1,
        ),
    ),
    Case(
        "session two pickups",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 698: papers[11].pickup: 2106.10860, 2109.04454 are all marked pickup; keep one and run again (the file was left untouched)",
        session=sub(r"^  pickup: false", "  pickup: true"),
    ),
    Case(
        "session invalid UTF-8",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml: not UTF-8 text (invalid start byte); save it as UTF-8",
        session=b"month: 2021-10\ntitle: \xff\xfe bad\n",
    ),
    Case(
        "session Latin-1",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml: not UTF-8 text (invalid continuation byte); save it as UTF-8",
        session=b"month: 2021-10\ntitle: caf\xe9\n",
    ),
    Case(
        "session control character",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 53: papers[0].title holds U+0007, a character slides cannot show; delete it and run again (the file was left untouched)",
        session=lambda t: t.replace(
            "  title: Multiplying Matrices Without Multiplying", '  title: "Multi\\x07plying"', 1
        ),
    ),
    Case(
        "session raw control character",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 53: character U+0007 is not allowed in a session file; delete it and run again (the file was left untouched)",
        session=sub(r"^  title: Multiplying", "  title: Multi\x07plying"),
    ),
    Case(
        "session unclosed quote",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 74: broken YAML (the quote opened here is never closed); fix it there and run again (the file was left untouched)",
        session=sub(r"^  title_ja: 乗算", '  title_ja: "乗算'),
    ),
    Case(
        "session tab indent",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 83: broken YAML (found character '\\t' that cannot start any token); YAML indents with spaces only: replace the tab at the start of the line and run again (the file was left untouched)",
        session=sub(r"^  notes: ''", "\tnotes: ''"),
    ),
    Case(
        "session empty file",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml: expected a mapping of session fields (schema_version, month, lists, papers) at the top level; fix it and run again (the file was left untouched)",
        session=b"",
    ),
    Case(
        "session a list",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml: expected a mapping of session fields (schema_version, month, lists, papers) at the top level; fix it and run again (the file was left untouched)",
        session=b"- 2109.04454\n",
    ),
    Case(
        "session a folder",
        ("render", "2021-12"),
        1,
        "sessions/2021-12.yaml is a folder, but the session file must be a file; move the folder away or rename it",
        files={"sessions/2021-12.yaml": None},
    ),
    Case(
        "session missing",
        ("render", "2021-11"),
        1,
        "sessions/2021-11.yaml: no session for 2021-11 yet; run `readinggroup build 2021-11` to make it and the deck",
    ),
    Case(
        "session bad id",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 262: papers[4].id: 'abc' is not an arXiv id; write it like 2109.04454, 2109.04454v2 or hep-th/9901001; fix it and run again (the file was left untouched)",
        session=lambda t: t.replace("- id: '2109.00301'", "- id: 'abc'", 1),
    ),
    Case(
        "session listed id without paper",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 23: lists[0].entries[0].id: 2109.99999 is on Top recent but has no entry under papers; add one or remove the line and run again (the file was left untouched)",
        session=lambda t: t.replace("id: '2109.00301', score", "id: '2109.99999', score", 1),
    ),
    Case(
        "session bad window",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 10: window: 'September' is not a window; use previous-month, same-month or YYYY-MM-DD..YYYY-MM-DD; fix it and run again (the file was left untouched)",
        session=sub(r"^window: .*", "window: September"),
    ),
    Case(
        "session summary unknown line",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml, line 77: papers[0].summary.目標: unknown key '目標' (a typo?); fix it and run again (the file was left untouched)",
        session=sub(r"^    目的:", "    目標:"),
    ),
    Case(
        "session schema version",
        ("render", "2021-10"),
        1,
        "sessions/2021-10.yaml: schema_version 9 is newer than this readinggroup understands (1); upgrade readinggroup",
        session=sub(r"^schema_version: 1", "schema_version: 9"),
    ),
    Case(
        "session settings translator",
        ("render", "2021-10"),
        0,
        "",
        session=sub(r"^  translator: none", "  translator: bing"),
    ),
    Case(
        "session 10 MB abstract",
        ("translate", "2021-10", "--force"),
        1,
        "sessions/2021-10.yaml is 10.1 MB, more than the 5 MB a session file may be; some field holds far too much text (an arXiv abstract has at most 1,920 characters): shorten it",
        session=sub(
            r"^  abstract: Multiplying matrices",
            "  abstract: " + "word " * 2_000_000 + "Multiplying matrices",
        ),
    ),
]

CONFIGS = [
    Case(
        "config not TOML",
        ("show", "2021-10"),
        1,
        "readinggroup.toml: not valid TOML (Invalid value (at line 1, column 9)); fix it and run again",
        config("title = \n"),
    ),
    Case(
        "config unclosed string",
        ("show", "2021-10"),
        1,
        "readinggroup.toml: not valid TOML (Illegal character '\\n' (at line 1, column 13)); fix it and run again",
        config('title = "abc\n'),
    ),
    Case(
        "config unknown key",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: titel: unknown key (a typo?); fix it and run again",
        config('titel = "x"\n'),
    ),
    Case(
        "config unknown nested key",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 2: fonts.latn: unknown key (a typo?); fix it and run again",
        config('[fonts]\nlatn = "x"\n'),
    ),
    Case(
        "config size text",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 4: lists.0.size: Input should be a valid integer, unable to parse string as an integer; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["hf"]\nsize = "ten"\n'),
    ),
    Case(
        "config size zero",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 4: lists.0.size: Input should be greater than or equal to 1; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["hf"]\nsize = 0\n'),
    ),
    Case(
        "config size 101",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 4: lists.0.size: Input should be less than or equal to 100; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["hf"]\nsize = 101\n'),
    ),
    Case(
        "config unknown source",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 3: lists.0.sources.0: Input should be 'hf', 'hn', 's2', 'openalex', 'alphaxiv' or 'file'; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["reddit"]\n'),
    ),
    Case(
        "config no sources",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 3: lists.0.sources: List should have at least 1 item after validation, not 0; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = []\n'),
    ),
    Case(
        "config list without label",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: lists.0.label: Field required; fix it and run again",
        config('[[lists]]\nsources = ["hf"]\n'),
    ),
    Case(
        "config lists empty",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: lists: List should have at least 1 item after validation, not 0; fix it and run again",
        config("lists = []\n"),
    ),
    Case(
        "config translator bing",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: translator: Input should be 'google', 'deepl', 'llm' or 'none'; fix it and run again",
        config('translator = "bing"\n'),
    ),
    Case(
        "config duplicates",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: duplicates: Input should be 'stub', 'skip' or 'full'; fix it and run again",
        config('duplicates = "merge"\n'),
    ),
    Case(
        "config summarizer",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: summarizer: Input should be 'extractive' or 'llm'; fix it and run again",
        config('summarizer = "gpt"\n'),
    ),
    Case(
        "config title a number",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: Input should be a valid string; fix it and run again",
        config("title = 5\n"),
    ),
    Case(
        "config title {yaer}",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: unknown placeholder {yaer}; use {year} and {month} only; fix it and run again",
        config('title = "会{yaer}年"\n'),
    ),
    Case(
        "config title {date}",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: unknown placeholder {date}; use {year} and {month} only; fix it and run again",
        config('title = "会{date}"\n'),
    ),
    Case(
        "config title unbalanced {",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: unbalanced { or }; use {year} and {month}, and write {{ or }} for a brace itself; fix it and run again",
        config('title = "会{year"\n'),
    ),
    Case(
        "config title unbalanced }",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: unbalanced { or }; use {year} and {month}, and write {{ or }} for a brace itself; fix it and run again",
        config('title = "会year}"\n'),
    ),
    Case(
        "config title {0}",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: unknown placeholder {0}; use {year} and {month} only; fix it and run again",
        config('title = "会{0}"\n'),
    ),
    Case(
        "config title {year.x}",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: title: unknown placeholder {year.real}; use {year} and {month} only; fix it and run again",
        config('title = "会{year.real}"\n'),
    ),
    Case(
        "config Latin-1",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 1: the config file is not UTF-8 text (byte 0xe9 cannot be read); save it as UTF-8 and run again",
        config('group = "caf\xe9"\n'.encode("latin-1")),
    ),  # type: ignore[arg-type]
    Case(
        "config UTF-16 with BOM",
        ("show", "2021-10"),
        0,
        "",
        config('group = "会"\n'.encode("utf-16")),
    ),  # type: ignore[arg-type]
    Case(
        "config is a folder",
        ("show", "2021-10"),
        1,
        "readinggroup.toml is a folder, but the config file must be a file; move the folder away or rename it",
        {"readinggroup.toml": None},
    ),
    Case(
        "config base_url a number",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 2: sources.hf.base_url: Input should be a valid string; fix it and run again",
        config("[sources.hf]\nbase_url = 5\n"),
    ),
    Case(
        "config window bad",
        ("fetch", "2021-10"),
        1,
        "readinggroup.toml, line 1: window: 'last month' is not a window; use previous-month, same-month or YYYY-MM-DD..YYYY-MM-DD; fix it and run again",
        config('window = "last month"\n'),
    ),
    Case(
        "config template missing",
        ("render", "2021-10"),
        1,
        "readinggroup.toml: template 'none.pptx' not found; fix the path in readinggroup.toml (relative to its folder) or leave template empty for the built-in look",
        config('template = "none.pptx"\n'),
    ),
    Case(
        "init twice",
        ("init",),
        1,
        "readinggroup.toml already exists; edit it, or remove it to start over",
        config(""),
    ),
]

GLOSSARIES = [
    Case(
        "glossary Latin-1",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml, line 1: the glossary is not UTF-8 text (byte 0xe9 cannot be read); save it as UTF-8 and run again",
        {"glossary.yaml": "caf\xe9: keep\n".encode("latin-1")},
    ),
    Case(
        "glossary a folder",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml is a folder, but the glossary must be a file; move the folder away or rename it",
        {"glossary.yaml": None},
    ),
    Case(
        "glossary bad YAML",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 2: not valid YAML (expected ',' or ']', but got '<stream end>'); write one 'term: keep' or 'term: 日本語' per line",
        {"glossary.yaml": "GPT: [keep\n"},
    ),
    Case(
        "glossary a list",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: expected one 'term: keep' or 'term: 日本語' per line, found a seq",
        {"glossary.yaml": "- GPT\n"},
    ),
    Case(
        "glossary empty value",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 1: 'GPT' has no value; write 'keep' or the Japanese to use",
        {"glossary.yaml": "GPT:\n"},
    ),
    Case(
        "glossary twice",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 2: 'GPT' is listed twice; keep one entry",
        {"glossary.yaml": "GPT: keep\nGPT: ジーピーティー\n"},
    ),
    Case(
        "glossary empty term",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 1: a term is empty; write the term before ':'",
        {"glossary.yaml": "'': keep\n"},
    ),
    Case(
        "glossary nested",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 1: 'GPT' has no value; write 'keep' or the Japanese to use",
        {"glossary.yaml": "GPT:\n  a: b\n"},
    ),
]

TEMPLATES = [
    Case(
        "template a text file",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "template t.pptx is not a zip archive, not a PowerPoint deck; point `template` at a .pptx or .potx file",
        {"t.pptx": "not a deck\n"},
    ),
    Case(
        "template empty",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "template t.pptx is an empty file, not a PowerPoint deck; point `template` at a .pptx or .potx file",
        {"t.pptx": b""},
    ),
    Case(
        "template LFS pointer",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "template t.pptx is a Git LFS pointer (run `git lfs pull` to fetch the real file), not a PowerPoint deck; point `template` at a .pptx or .potx file",
        {"t.pptx": "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n"},
    ),
    Case(
        "template missing",
        ("render", "2021-10", "--template", "t.pptx"),
        2,
        "Invalid value for '--template': t.pptx not found in the working folder; give the path of a .pptx or .potx",
    ),
    Case(
        "template a folder",
        ("render", "2021-10", "--template", "t.pptx"),
        2,
        "Invalid value for '--template': File 't.pptx' is a directory.",
        {"t.pptx": None},
    ),
    Case(
        "template a zip",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "template t.pptx is a truncated or damaged zip archive, not a PowerPoint deck; point `template` at a .pptx or .potx file",
        {"t.pptx": b"PK\x03\x04" + b"\0" * 40},
    ),
]

FOLDERS = [
    Case(
        "-C missing folder",
        ("-C", "nowhere", "show", "2021-10"),
        2,
        "Invalid value for '-C' / '--directory': nowhere: no such folder; check the path, or create the folder",
    ),
    Case(
        "-C a file",
        ("-C", "afile", "show", "2021-10"),
        2,
        "Invalid value for '-C' / '--directory': Directory 'afile' is a file.",
        {"afile": "x"},
    ),
    Case(
        "output is a file",
        ("render", "2021-10"),
        1,
        "output: is a file where a folder is needed; move or rename that file",
        {"output": "x"},
    ),
    Case(
        "output read-only",
        ("render", "2021-10"),
        1,
        "output: permission denied; check its permissions, or work in another folder",
        fault="output",
    ),
    Case(
        "sessions read-only",
        ("pickup", "2021-10", "2106.10860"),
        1,
        "sessions/2021-10.yaml: could not save (Permission denied); make sessions writable "
        "(or free some space) and run again — the file was left as it was",
        fault="sessions",
    ),
    Case(
        "sessions path through a file",
        ("-C", "w2", "fetch", "2021-11"),
        1,
        "w2/sessions: is a file where a folder is needed; move or rename that file",
        {"w2/readinggroup.toml": RECENT_CONFIG, "w2/picks.txt": "2109.04454\n", "w2/sessions": "x"},
    ),
    Case(
        "cache folder is a file",
        ("translate", "2021-10", "--force"),
        1,
        "cachefile: is a file where a folder is needed; move or rename that file",
        {"cachefile": "x"},
        env={"READINGGROUP_CACHE_DIR": "cachefile"},
    ),
    Case(
        "disk full",
        ("render", "2021-10"),
        1,
        "output: no space left on the disk; free some space and run again",
        fault="nospace",
    ),
]

ENVIRONMENT = [
    Case(
        "DeepL without key",
        ("translate", "2021-10", "--force", "--translator", "deepl"),
        1,
        "DeepL needs an API key: set DEEPL_AUTH_KEY in the environment (keys are never read from files), or use --translator google",
        env={"DEEPL_AUTH_KEY": ""},
        real_translators=True,
    ),
    Case(
        "DeepL key blank",
        ("translate", "2021-10", "--force", "--translator", "deepl"),
        1,
        "DeepL needs an API key: set DEEPL_AUTH_KEY in the environment (keys are never read from files), or use --translator google",
        env={"DEEPL_AUTH_KEY": "   "},
        real_translators=True,
    ),
    Case(
        "cache dir through a file",
        ("translate", "2021-10", "--force"),
        1,
        "cachefile/sub: a part of this path is a file, not a folder; move or rename that file",
        {"cachefile": "x"},
        env={"READINGGROUP_CACHE_DIR": "cachefile/sub"},
    ),
    Case(
        "unknown translator option",
        ("translate", "2021-10", "--translator", "bing"),
        2,
        "Invalid value for '--translator': 'bing' is not one of 'google', 'deepl', 'llm', 'none'.",
    ),
    Case(
        "concurrency zero",
        ("translate", "2021-10", "--concurrency", "0"),
        2,
        "Invalid value for '--concurrency': 0 is not in the range 1<=x<=16.",
    ),
    Case(
        "export without --pdf", ("export", "2021-10"), 2, "give --pdf, --png, --markdown or several"
    ),
]


def _default_deck_without(*prefixes: str) -> bytes:
    """python-pptx's own default deck with the parts under *prefixes* taken out of the zip."""
    import io
    import zipfile
    from pathlib import Path

    import pptx

    source = Path(pptx.__file__).parent / "templates" / "default.pptx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as deck, zipfile.ZipFile(out, "w") as copy:
        for item in deck.infolist():
            if not item.filename.startswith(prefixes):
                copy.writestr(item, deck.read(item))
    return out.getvalue()


LOOP = "is a symbolic link that leads back to itself"
ODD_FILES = [
    Case(
        "session a symlink loop",
        ("show", "2021-11"),
        1,
        f"sessions/2021-11.yaml {LOOP}; point it at the session file or remove it",
        links={"sessions/2021-11.yaml": "2021-11.yaml"},
    ),
    Case(
        "session a FIFO",
        ("translate", "2021-12"),
        1,
        "sessions/2021-12.yaml is a named pipe (FIFO), not a file; the session file must be a plain file: fix the path",
        fifos=("sessions/2021-12.yaml",),
    ),
    Case(
        "session /dev/zero",
        ("render", "2021-12"),
        1,
        "sessions/2021-12.yaml is a device, not a file; the session file must be a plain file: fix the path",
        links={"sessions/2021-12.yaml": "/dev/zero"},
    ),
    Case(
        "config a symlink loop",
        ("render", "2021-10"),
        1,
        f"readinggroup.toml {LOOP}; point it at the config file or remove it",
        links={"readinggroup.toml": "readinggroup.toml"},
    ),
    Case(
        "list file a symlink loop",
        ("fetch", "2021-11"),
        1,
        f"picks.txt {LOOP}; point it at the list file or remove it",
        config(RECENT_CONFIG),
        links={"picks.txt": "picks.txt"},
    ),
    Case(
        "output a symlink loop",
        ("render", "2021-10"),
        1,
        f"output: {LOOP}; point it at a real folder or file, or remove it",
        links={"output": "output"},
    ),
    Case(
        "sessions a symlink loop",
        ("-C", "w2", "show", "2021-10"),
        1,
        f"w2/sessions {LOOP}; point it at a real folder or remove it",
        links={"w2/sessions": "sessions"},
    ),
    Case(
        "glossary a symlink loop",
        ("translate", "2021-10", "--force"),
        1,
        f"glossary.yaml {LOOP}; point it at the glossary or remove it",
        links={"glossary.yaml": "glossary.yaml"},
    ),
    Case(
        "config a FIFO",
        ("render", "2021-10"),
        1,
        "readinggroup.toml is a named pipe (FIFO), not a file; the config file must be a plain file: fix the path",
        fifos=("readinggroup.toml",),
    ),
    Case(
        "list file a FIFO",
        ("fetch", "2021-11"),
        1,
        "picks.txt is a named pipe (FIFO), not a file; the list file must be a plain file: fix the path",
        config(RECENT_CONFIG),
        fifos=("picks.txt",),
    ),
    Case(
        "glossary a FIFO",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml is a named pipe (FIFO), not a file; the glossary must be a plain file: fix the path",
        fifos=("glossary.yaml",),
    ),
    Case(
        "list file /dev/zero",
        ("fetch", "2021-11"),
        1,
        "/dev/zero is a device, not a file; the list file must be a plain file: fix the path",
        config(RECENT_CONFIG.replace("picks.txt", "/dev/zero")),
    ),
    Case(
        "list file of 2 MB",
        ("fetch", "2021-11"),
        1,
        "picks.txt is 2.0 MB, more than the 1.0 MB the list file may be; check that the path names the right file",
        picks("2109.04454\n" * 181819),
    ),
    Case(
        "template a FIFO",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "t.pptx is a named pipe (FIFO), not a file; the template must be a plain file: fix the path",
        fifos=("t.pptx",),
    ),
    Case(
        "template /dev/null",
        ("render", "2021-10", "--template", "/dev/null"),
        1,
        "/dev/null is a device, not a file; the template must be a plain file: fix the path",
    ),
    Case(
        "config template a folder",
        ("render", "2021-10"),
        1,
        "t is a folder, but the template must be a file; move the folder away or rename it",
        {**config('template = "t"\n'), "t": None},
    ),
    Case(
        "template without slide layouts",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "template t.pptx is a zip archive python-pptx cannot read as a deck (\"no relationship with key 'rId1'\"); save it again from PowerPoint, Keynote, LibreOffice or Google Slides as .pptx",
        {"t.pptx": _default_deck_without("ppt/slideLayouts/")},
    ),
    Case(
        "template without a theme",
        ("render", "2021-10", "--template", "t.pptx"),
        1,
        "template t.pptx is a zip archive python-pptx cannot read as a deck (\"no relationship of type 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme' in collection\"); save it again from PowerPoint, Keynote, LibreOffice or Google Slides as .pptx",
        {"t.pptx": _default_deck_without("ppt/theme/")},
    ),
]

ODD_VALUES = [
    Case(
        "pickup version of 5000 digits",
        ("pickup", "2021-10", "2109.04454v" + "1" * 5000),
        2,
        "Invalid value for 'PAPER': '2109.04454v11111111111111111111111111111… (5,011 characters)' has a version of 5000 digits, which no arXiv paper has; write the id without it (2109.04454) or with its real version",
    ),
    Case(
        "config size true",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 4: lists.0.size: must be a whole number of papers, not true; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["hf"]\nsize = true\n'),
    ),
    Case(
        "config size 10**9",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 4: lists.0.size: Input should be less than or equal to 100; fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["hf"]\nsize = 1000000000\n'),
    ),
    Case(
        "config label empty",
        ("show", "2021-10"),
        1,
        'readinggroup.toml, line 2: lists.0.label: empty; every list needs a label for its slide (e.g. "Top recent"); fix it and run again',
        config('[[lists]]\nlabel = " "\nsources = ["hf"]\n'),
    ),
    Case(
        "config label twice",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 5: lists.1.label: 'A' names two lists (also lists.0); give each list its own label, the slides show it; fix it and run again",
        config(
            '[[lists]]\nlabel = "A"\nsources = ["hf"]\n[[lists]]\nlabel = "A"\nsources = ["hn"]\n'
        ),
    ),
    Case(
        "config category [cs",
        ("show", "2021-10"),
        1,
        "readinggroup.toml, line 4: lists.0.categories: '[cs' is not an arXiv category; write it like cs.CV, stat.ML, hep-th or cs.* (a whole archive); fix it and run again",
        config('[[lists]]\nlabel = "A"\nsources = ["hf"]\ncategories = ["[cs"]\n'),
    ),
    Case(
        "config categories of every form",
        ("show", "2021-10"),
        0,
        "",
        config(
            '[[lists]]\nlabel = "A"\nsources = ["hf"]\n'
            'categories = ["cs.*", "cond-mat.mes-hall", "hep-th", "stat.ML", "q-bio.NC"]\n'
        ),
    ),
    Case(
        "config fonts.latin empty",
        ("show", "2021-10"),
        1,
        'readinggroup.toml, line 1: fonts.latin: empty; name an installed font (e.g. "Noto Sans") or leave it out; fix it and run again',
        config('fonts = { latin = "", east_asian = "Noto Sans CJK JP" }\n'),
    ),
    Case(
        "glossary value a number",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 2: 'GPT' is given the number 3, not text; write 'keep' or the Japanese to use (quote it: '3')",
        {"glossary.yaml": "ConvMLP: keep\nGPT: 3\n"},
    ),
    Case(
        "glossary value true",
        ("translate", "2021-10", "--force"),
        1,
        "glossary.yaml: line 1: 'BERT' is given the true/false value yes, not text; write 'keep' or the Japanese to use (quote it: 'yes')",
        {"glossary.yaml": "BERT: yes\n"},
    ),
]

WRONG_BLAME = [
    Case(
        "cache read-only",
        ("translate", "2021-10", "--force"),
        1,
        "cache/translations.sqlite3: the translation cache is read-only; make it and its folder writable, set READINGGROUP_CACHE_DIR to a folder you can write, or run with --no-cache",
        {"cache/translations.sqlite3": b""},
        env={"READINGGROUP_CACHE_DIR": "cache"},
        fault="cache-readonly",
    ),
    Case(
        "cache cannot be created",
        ("translate", "2021-10", "--force"),
        1,
        "cache/translations.sqlite3: the translation cache cannot be opened or created; make its folder writable, set READINGGROUP_CACHE_DIR to one you can write, or run with --no-cache",
        env={"READINGGROUP_CACHE_DIR": "cache"},
        fault="cache-readonly",
    ),
    Case(
        "cache on a full disk",
        ("translate", "2021-10", "--force"),
        1,
        "cache/translations.sqlite3: no space left for the translation cache; free some space, or run with --no-cache",
        env={"READINGGROUP_CACHE_DIR": "cache"},
        fault="cache-full",
    ),
    Case(
        "cache damaged",
        ("translate", "2021-10", "--force"),
        1,
        "cache/translations.sqlite3: the translation cache cannot be read (file is not a database); delete the file (it only saves requests) or run with --no-cache",
        {"cache/translations.sqlite3": b"not a database" * 100},
        env={"READINGGROUP_CACHE_DIR": "cache"},
    ),
]

# click's own usage errors: one line, no "Usage:" and "Try … --help" lines before it
USAGE = [
    Case("no such command", ("shwo", "2021-10"), 2, "No such command 'shwo'. Did you mean 'show'?"),
    Case("missing month", ("show",), 2, "Missing argument 'MONTH'."),
    Case("missing paper", ("pickup", "2021-10"), 2, "Missing argument 'PAPER'."),
    Case("no such option", ("show", "2021-10", "--bogus"), 2, "No such option '--bogus'."),
    Case(
        "no such top option",
        ("--verbos", "show", "2021-10"),
        2,
        "No such option '--verbos'. (Did you mean one of: '--verbose', '--version'?)",
    ),
]


def _session_case(name: str, pattern: str, replacement: str, message: str) -> Case:
    return Case(name, ("render", "2021-10"), 1, message, session=sub(pattern, replacement))


LEFT = "fix it and run again (the file was left untouched)"
DIGITS = "1" * 5000
SESSION_VALUES = [
    _session_case(
        "session rank of 5000 digits",
        r"rank: 1,",
        f"rank: {DIGITS},",
        f"sessions/2021-10.yaml, line 23: lists[0].entries[0].rank: must be a whole number, not '{'1' * 55} ...; {LEFT}",
    ),
    _session_case(
        "session version of 5000 digits",
        r"^  version: 1",
        f"  version: {DIGITS}",
        f"sessions/2021-10.yaml, line 51: papers[0].version: must be a whole number, not '{'1' * 55} ...; {LEFT}",
    ),
    _session_case(
        "session size true",
        r"^  size: 10",
        "  size: true",
        f"sessions/2021-10.yaml, line 20: lists[0].size: must be a whole number, not true; {LEFT}",
    ),
    _session_case(
        "session size 0",
        r"^  size: 10",
        "  size: 0",
        f"sessions/2021-10.yaml, line 20: lists[0].size: must be a number of papers from 1 to 100, not 0; {LEFT}",
    ),
    _session_case(
        "session size 10**9",
        r"^  size: 10",
        "  size: 1000000000",
        f"sessions/2021-10.yaml, line 20: lists[0].size: must be a number of papers from 1 to 100, not 1000000000; {LEFT}",
    ),
    _session_case(
        "session source bogus",
        r"^  - file",
        "  - bogus",
        f"sessions/2021-10.yaml, line 19: lists[0].sources[0]: must be one of 'hf', 'hn', 's2', 'openalex', 'alphaxiv' or 'file', not 'bogus'; {LEFT}",
    ),
    _session_case(
        "session rank 0",
        r"rank: 1,",
        "rank: 0,",
        f"sessions/2021-10.yaml, line 23: lists[0].entries[0].rank: must be 1 or more (1 is the top of the list), not 0; {LEFT}",
    ),
    _session_case(
        "session rank -1",
        r"rank: 1,",
        "rank: -1,",
        f"sessions/2021-10.yaml, line 23: lists[0].entries[0].rank: must be 1 or more (1 is the top of the list), not -1; {LEFT}",
    ),
    _session_case(
        "session label empty",
        r"^- label: Top recent",
        "- label: ''",
        f'sessions/2021-10.yaml, line 17: lists[0].label: empty; every list needs a label for its slide (e.g. "Top recent"); {LEFT}',
    ),
    _session_case(
        "session label twice",
        r"^- label: Top hype",
        "- label: Top recent",
        "sessions/2021-10.yaml, line 33: lists[1].label: 'Top recent' names two lists (also lists[0]); give each list its own label (the slides show it) and run again (the file was left untouched)",
    ),
    _session_case(
        "session list without entries",
        r"^  entries:\n(?:  - .*\n)*",
        "",
        f"sessions/2021-10.yaml, line 17: lists[0].entries: missing; {LEFT}",
    ),
    _session_case(
        "session schema_version 0",
        r"^schema_version: 1",
        "schema_version: 0",
        f"sessions/2021-10.yaml, line 4: schema_version: must be 1 or more (the first version readinggroup wrote), not 0; {LEFT}",
    ),
    _session_case(
        "session score .nan",
        r"score: null",
        "score: .nan",
        f"sessions/2021-10.yaml, line 23: lists[0].entries[0].score: must be a number, not nan; write the score (or null); {LEFT}",
    ),
    _session_case(
        "session score .inf",
        r"score: null",
        "score: .inf",
        f"sessions/2021-10.yaml, line 23: lists[0].entries[0].score: must be a number, not inf; write the score (or null); {LEFT}",
    ),
    _session_case(
        "session settings unknown key",
        r"^settings:",
        "settings:\n  colour: red",
        f"sessions/2021-10.yaml, line 12: settings.colour: unknown key 'colour' (a typo?); {LEFT}",
    ),
    _session_case(
        "session provenance unknown key",
        r"^  provenance:",
        "  provenance:\n    titel_ja: human",
        f"sessions/2021-10.yaml, line 85: papers[0].provenance.titel_ja: unknown key 'titel_ja' (a typo?); {LEFT}",
    ),
    _session_case(
        "session paper without title",
        r"^  title: Multiplying Matrices Without Multiplying\n",
        "",
        "sessions/2021-10.yaml: papers[0].title: 2106.10860 has no English title; run `readinggroup build 2021-10` to look it up on arXiv, or write it",
    ),
]

SESSION_BLAME = [
    _session_case(
        "session version 0 is not the url",
        r"^  version: 1",
        "  version: 0",
        f"sessions/2021-10.yaml, line 51: papers[0].version: must be 1 or more (arXiv's first is v1), not 0; {LEFT}",
    ),
    _session_case(
        "session two YAML documents",
        r"^  notes: .*",
        "  notes: ''\n---\nfoo: 1",
        "sessions/2021-10.yaml, line 84: a second YAML document starts here (after '---'); a session file is one document; delete the second one, or the '---' line and run again (the file was left untouched)",
    ),
    _session_case(
        "session null key",
        r"^  notes: .*",
        "  notes: ''\n  ~: x",
        f"sessions/2021-10.yaml, line 84: papers[0]: an empty key (~ or null); a key must be a name: write the field's name before the colon; {LEFT}",
    ),
    _session_case(
        "session number key",
        r"^  notes: .*",
        "  notes: ''\n  1: x",
        f"sessions/2021-10.yaml, line 84: papers[0]: the number 1 as a key; a key must be a name: write the field's name before the colon; {LEFT}",
    ),
    _session_case(
        "session date and time",
        r"^  published: 2021-06-21",
        "  published: 2021-06-21 10:00:00",
        f"sessions/2021-10.yaml, line 63: papers[0].published: must be a date (YYYY-MM-DD), not 2021-06-21 10:00:00 (a date and time); {LEFT}",
    ),
    Case(
        "session lock a folder",
        ("pickup", "2021-10", "2106.10860"),
        1,
        "sessions/.2021-10.yaml.lock is a folder, but readinggroup keeps the lock of 2021-10.yaml there; remove or rename that folder",
        {"sessions/.2021-10.yaml.lock": None},
    ),
    Case(
        "month lock a folder",
        ("translate", "2021-10"),
        1,
        "sessions/.2021-10.yaml.run.lock is a folder, but readinggroup keeps the lock of 2021-10.yaml there; remove or rename that folder",
        {"sessions/.2021-10.yaml.run.lock": None},
    ),
]

CASES = [
    *MONTHS,
    *IDS,
    *WINDOWS,
    *LIST_FILES,
    *SESSIONS,
    *CONFIGS,
    *GLOSSARIES,
    *TEMPLATES,
    *FOLDERS,
    *ENVIRONMENT,
    *ODD_FILES,
    *ODD_VALUES,
    *WRONG_BLAME,
    *USAGE,
    *SESSION_VALUES,
    *SESSION_BLAME,
]
