"""Benchmark: reading and saving ``sessions/2021-10.yaml``, and how fast odd files are refused.

    python bench/bench_session.py

Prints the best of several runs, in milliseconds: load, dump, a save that re-reads and merges
(the path every stage takes), and the time to refuse an alias bomb, lists nested 10 000 deep and
a 10 MB text with an unclosed quote. It exits non-zero when a refusal takes longer than a second
(the error-line lookup must stay fast on any input).
"""

from __future__ import annotations

import sys
import tempfile
import timeit
from collections.abc import Callable
from pathlib import Path

from readinggroup.errors import SessionFileError
from readinggroup.session import dump_session, load_session, save_session

EXAMPLE = Path(__file__).parent.parent / "sessions" / "2021-10.yaml"


def _best_ms(action: Callable[[], object], number: int = 10) -> float:
    return min(timeit.repeat(action, number=number, repeat=3)) / number * 1000


def _refusal_ms(path: Path, text: str) -> float:
    path.write_text(text, "utf-8")

    def refuse() -> None:
        try:
            load_session(path)
        except SessionFileError:
            return
        raise AssertionError("the file was accepted")

    return _best_ms(refuse, number=1)


def alias_bomb(levels: int) -> str:
    """A YAML document of *levels* nested aliases (9 to the power *levels* strings)."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in range(levels):
        name, previous = chr(ord("b") + level), chr(ord("a") + level)
        text += f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n"
    return text


def main() -> int:
    session = load_session(EXAMPLE)
    text = EXAMPLE.read_text("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "2021-10.yaml"
        save_session(session, path)
        print(f"load            {_best_ms(lambda: load_session(EXAMPLE)):8.1f} ms")
        print(f"dump            {_best_ms(lambda: dump_session(session)):8.1f} ms")
        saved = _best_ms(lambda: save_session(session, path, base=session))
        print(f"save (merge)    {saved:8.1f} ms")
        refusals = {
            "alias bomb, 9 levels": alias_bomb(9),
            "nested 10 000 deep": "a: " + "[" * 10_000 + "\n",
            "10 MB unclosed quote": text.replace(
                "  title_ja: 乗算", "  title_ja: '" + "x" * 10_000_000 + "\n  bad: [", 1
            ),
        }
        slow = False
        for name, odd in refusals.items():
            took = _refusal_ms(path, odd)
            slow = slow or took > 1000
            print(f"refuse {name:22} {took:8.2f} ms")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
