"""The built-in deck's fonts are one value: the config's default and its template show it."""

from __future__ import annotations

from readinggroup.builtin_deck import BUILT_IN_FONTS
from readinggroup.config import Fonts
from readinggroup.config_file import CONFIG_TEMPLATE


def test_the_config_and_its_template_name_the_built_in_fonts() -> None:
    configured = Fonts()
    assert (configured.latin, configured.east_asian) == (
        BUILT_IN_FONTS.latin,
        BUILT_IN_FONTS.east_asian,
    )
    example = f'latin = "{BUILT_IN_FONTS.latin}", east_asian = "{BUILT_IN_FONTS.east_asian}"'
    assert f"# fonts = {{ {example} }}" in CONFIG_TEMPLATE
