"""The paper's code: repository addresses its abstract or the organiser's notes name.

Abstracts say "Code is available at https://github.com/x/y." and notes hold whatever a person
pasted, so an address is cut where prose resumes: at whitespace or a non-ASCII character, before
trailing punctuation, and before a closing bracket that closes the sentence's own bracket
rather than one of the address (``(see https://github.com/x/y_(v2))``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Where research code is hosted; a project page (github.io) or a dataset is not "the code".
CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "gitee.com",
    "git.sr.ht",
    "sourceforge.net",
)
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_TRAILING = ".,;:!?'\"*"
_PAIRS = {")": "(", "]": "["}


def code_urls(texts: Iterable[str]) -> tuple[str, ...]:
    """The repository addresses in *texts*, in order of appearance, each once (the same
    repository written with http, www. or a final slash counts once, as first written)."""
    found: dict[tuple[str, str], str] = {}
    for text in texts:
        for match in _URL.finditer(text):
            url = _trim(match[0])
            host, path = _host_and_path(url)
            if host in CODE_HOSTS and path:
                found.setdefault((host, path), url)
    return tuple(found.values())


def _trim(url: str) -> str:
    """*url* without the sentence's punctuation after it (unbalanced closing brackets too)."""
    while url:
        last = url[-1]
        unbalanced = last in _PAIRS and url.count(last) > url.count(_PAIRS[last])
        if last in _TRAILING or unbalanced:
            url = url[:-1]
        else:
            break
    return url


def _host_and_path(url: str) -> tuple[str, str]:
    host, _, path = url.split("://", 1)[1].partition("/")
    return host.lower().removeprefix("www."), path.strip("/")
