"""The layer rules (README "Design"), checked on the imports of every module with ``ast``.

Every import counts, also one inside a function (a lazy import is still a dependency) and one
under ``TYPE_CHECKING``. Each rule is tested against a small synthetic tree too, so a rule that
could never fire would show.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "readinggroup"
SOURCE = Path(__file__).parent.parent / "src" / PACKAGE
# The libraries that talk to the outside world or draw slides: adapters/ and render/ only.
OUTSIDE = ("requests", "requests_cache", "arxiv", "deep_translator", "deepl", "openai", "httpx")
DRAWING = ("pptx",)
# The config's modules: its values, the file read, its validator, its problems' wording.
CONFIG_MODULES = (".config", ".config_file", ".config_schema", ".config_problems")


@dataclass(frozen=True, slots=True)
class Rule:
    """Modules under *layer* (a dotted prefix inside the package; "" = all) must not import
    *forbidden* (dotted prefixes; ".x" is the package's own x); modules under *exempt* are
    not bound by it."""

    name: str
    layer: str
    forbidden: tuple[str, ...]
    exempt: tuple[str, ...] = ()


RULES = (
    Rule("render/ never imports stages/", "render", (".stages",)),
    Rule(
        "text/ never imports render/, adapters/ or stages/",
        "text",
        (".render", ".adapters", ".stages"),
    ),
    Rule(
        "adapters/ import neither render/ nor stages/",
        "adapters",
        (".render", ".stages"),
    ),
    Rule(
        "the slide plan sits below render/ and stages/",
        "plan",
        (".render", ".stages", ".adapters", *DRAWING),
    ),
    Rule(
        "the built-in deck's geometry and fonts sit below text/, render/ and the config",
        "builtin_deck",
        (".render", ".text", ".stages", *CONFIG_MODULES, *DRAWING),
    ),
    *(
        Rule(
            "the core's data sits below the config, the session file and what uses them",
            layer,
            (*CONFIG_MODULES, ".session", ".stages", ".commands", ".services"),
        )
        for layer in ("models", "months", "paper_records")
    ),
    Rule(
        "stages/ and the core never import network or drawing libraries",
        "",
        (*OUTSIDE, *DRAWING),
        # the adapters and the renderer are those libraries' users; services/, the
        # composition root, only names adapter classes
        exempt=("adapters", "render"),
    ),
    Rule(
        "LaTeX is converted in text/readable.py alone",
        "",
        (".text.latex",),
        exempt=("text.readable", "text.latex"),
    ),
)


def module_name(path: Path, root: Path, package: str) -> str:
    """The dotted name of the module at *path* in the *package* rooted at *root*."""
    parts = [package, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, module: str) -> Iterator[tuple[int, list[str]]]:
    """Each import statement of *path* (the module *module*): its line and the dotted names it
    may bring in (``from a import b``: a and a.b), relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield node.lineno, [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(root: Path, package: str = PACKAGE) -> list[str]:
    """Every import under *root* (the *package*'s folder) that breaks one of `RULES`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        module = module_name(path, root, package)
        for rule in RULES:
            layer = f"{package}.{rule.layer}" if rule.layer else package
            exempt = [f"{package}.{part}" for part in rule.exempt]
            if not _within(module, layer) or any(_within(module, part) for part in exempt):
                continue
            forbidden = [package + part if part[0] == "." else part for part in rule.forbidden]
            for line, names in imports(path, module):
                bad = [name for name in names if any(_within(name, f) for f in forbidden)]
                if bad:
                    found.append(f"{path.relative_to(root)}:{line}: imports {bad[0]} ({rule.name})")
    return found


def test_the_package_keeps_its_layer_rules() -> None:
    assert violations(SOURCE) == []


def test_every_layer_a_rule_names_exists() -> None:
    for rule in RULES:
        if rule.layer:
            base = SOURCE / rule.layer
            assert base.is_dir() or base.with_suffix(".py").is_file(), rule.name


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


BROKEN = [
    ("render/deck.py", "from pkg.stages.plan import Slide\n", "render/ never imports stages/"),
    ("render/deck.py", "from ..stages import plan\n", "render/ never imports stages/"),
    ("text/clauses.py", "def f():\n    from pkg.render.textfit import w\n", "text/"),
    ("text/__init__.py", "from ..adapters import http\n", "text/"),
    ("adapters/office.py", "import pkg.render.metrics\n", "adapters/"),
    ("adapters/sources/hf.py", "from ...stages import lists\n", "adapters/"),
    ("plan.py", "from pkg.render.blocks import Blocks\n", "slide plan"),
    ("builtin_deck.py", "from pkg.text import script\n", "built-in deck"),
    ("builtin_deck.py", "from pkg.config_file import load_config\n", "built-in deck"),
    ("months.py", "from pkg.config import Config\n", "core's data"),
    ("paper_records.py", "from .session import load_session\n", "core's data"),
    ("models.py", "def f():\n    from pkg.stages import StageReport\n", "core's data"),
    ("stages/lists.py", "import requests\n", "network or drawing"),
    ("models.py", "from pptx.util import Inches\n", "network or drawing"),
    ("stages/figures.py", "if TYPE_CHECKING:\n    import httpx.Client\n", "network or drawing"),
    ("commands.py", "from arxiv import Client\n", "network or drawing"),
    ("stages/deck.py", "from pkg.text.latex import plain\n", "text/readable.py alone"),
    ("text/names.py", "from .latex import latex_to_unicode\n", "text/readable.py alone"),
]


@pytest.mark.parametrize(("name", "text", "rule"), BROKEN)
def test_a_broken_rule_is_named_with_its_file_and_line(
    tmp_path: Path, name: str, text: str, rule: str
) -> None:
    root = _tree(tmp_path, {"__init__.py": "", name: text})
    found = violations(root, "pkg")
    assert len(found) == 1, found
    assert found[0].startswith(f"{name}:{text.count(chr(10))}: imports ")
    assert rule in found[0]


ALLOWED = [
    ("render/deck.py", "from pkg.plan import Slide\nfrom pkg.text.script import is_wide\n"),
    ("render/deck.py", "import pptx\nfrom ..builtin_deck import DECK\n"),
    ("adapters/arxiv_api.py", "import arxiv\nfrom ..ids import parse\n"),
    ("stages/deck.py", "from pkg.plan import plan_deck\nimport requestsish\n"),
    ("text/clauses.py", "from pkg.builtin_deck import DECK\nfrom .script import text_width\n"),
    ("text/readable.py", "from pkg.text.latex import latex_to_unicode\n"),
]


@pytest.mark.parametrize(("name", "text"), ALLOWED)
def test_imports_down_the_layers_pass(tmp_path: Path, name: str, text: str) -> None:
    assert violations(_tree(tmp_path, {"__init__.py": "", name: text}), "pkg") == []
