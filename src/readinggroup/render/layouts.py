"""Which layout of the template each slide role uses: the config's ``[layouts]``, else a match.

A layout is recognised by its placeholder types (stable across programs) and by its name in the
languages programs write (English, Japanese PowerPoint, Google Slides' TITLE/TITLE_ONLY/BLANK),
case-insensitively. Vertical-text layouts are never picked by themselves, nor a layout with
sample text baked into plain text boxes while another fits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from readinggroup.builtin_deck import EMU_PER_INCH
from readinggroup.errors import ConfigError
from readinggroup.render.regions import Rect, sample_text

log = logging.getLogger(__name__)

ROLES = ("title", "list", "paper", "duplicate")
_TITLE_NAMES = {"title slide", "タイトル スライド", "タイトルスライド", "title"}
_TITLE_ONLY_NAMES = {"title only", "タイトルのみ", "title_only"}
_BLANK_NAMES = {"blank", "白紙", "blank slide"}
_DECORATION = {"DATE", "FOOTER", "SLIDE_NUMBER"}


def _types(layout: Any) -> set[str]:
    """The names of *layout*'s placeholder types, footers left out (CENTER_TITLE, BODY…)."""
    found = set()
    for placeholder in layout.placeholders:
        kind = placeholder.placeholder_format.type
        name = getattr(kind, "name", str(kind))
        if placeholder.placeholder_format._element.get("orient") == "vert":
            name = f"VERTICAL_{name}"  # PowerPoint's vertical layouts say so only here
        if name not in _DECORATION:
            found.add(name)
    return found


def _named(names: set[str]) -> Callable[[Any], bool]:
    return lambda layout: layout.name.strip().casefold() in names


def _is_title_slide(layout: Any) -> bool:
    return "CENTER_TITLE" in _types(layout)


def _is_title_only(layout: Any) -> bool:
    return _types(layout) == {"TITLE"}


def _is_blank(layout: Any) -> bool:
    return not _types(layout)


def _has_title(layout: Any) -> bool:
    types = _types(layout)
    return "TITLE" in types and not any(name.startswith("VERTICAL") for name in types)


_TITLE_RULES = (_named(_TITLE_NAMES), _is_title_slide)
_CONTENT_RULES = (
    _named(_TITLE_ONLY_NAMES),
    _is_title_only,
    _named(_BLANK_NAMES),
    _is_blank,
    _has_title,
)
_RULES = {
    "title": (*_TITLE_RULES, *_CONTENT_RULES),
    "list": _CONTENT_RULES,
    "paper": _CONTENT_RULES,
    "duplicate": _CONTENT_RULES,
}


def choose_layouts(presentation: Any, chosen: Mapping[str, str]) -> dict[str, Any]:
    """A layout per role: *chosen* (role → layout name) first, else the first rule that fits."""
    layouts = list(presentation.slide_layouts)
    page = Rect(
        0, 0, presentation.slide_width / EMU_PER_INCH, presentation.slide_height / EMU_PER_INCH
    )
    names = ", ".join(f'"{layout.name}"' for layout in layouts)
    # a layout without sample text first (its "Title / No more than two lines" would show on
    # every slide); found once for every role
    unnamed = any(not chosen.get(role) for role in ROLES)
    plain = [layout for layout in layouts if not sample_text(layout, page)] if unnamed else []
    picked = {}
    for role in ROLES:
        wanted = chosen.get(role)
        if wanted:
            match = [lay for lay in layouts if lay.name.strip().casefold() == wanted.casefold()]
            if not match:
                raise ConfigError(
                    f'layouts.{role} = "{wanted}" is not a layout of the template '
                    f"(it has {names}); set it to one of those"
                )
            picked[role] = match[0]
        else:
            picked[role] = _first_fitting(plain, layouts, role, names)
        log.info('slides of role "%s" use layout "%s"', role, picked[role].name)
    return picked


def _first_fitting(plain: list[Any], layouts: list[Any], role: str, names: str) -> Any:
    """The first layout a rule of *role* fits, one of the *plain* layouts (without sample text)
    first."""
    for candidates in (plain, layouts):
        for rule in _RULES[role]:
            for layout in candidates:
                if rule(layout):
                    return layout
    raise ConfigError(
        f"no layout of the template suits the {role} slides (it has {names}); "
        f'name one in readinggroup.toml as [layouts] {role} = "…"'
    )
