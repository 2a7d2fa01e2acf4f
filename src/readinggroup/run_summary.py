"""The closing line of a run, counted from the session before and after it: what the run did
("translated 3 papers, drafted 12 lines, 著者所属 for 2 papers"), never a count of what it
only looked at. Text a person wrote meanwhile is theirs, not counted."""

from __future__ import annotations

from readinggroup.models import EditableField, Paper, Session
from readinggroup.stages import listed_papers

_JAPANESE: tuple[EditableField, ...] = ("title_ja", "abstract_ja")
_LINES: tuple[EditableField, ...] = (
    "summary.purpose",
    "summary.result",
    "summary.method",
    "summary.names",
)
_AFFILIATIONS: EditableField = "summary.affiliations"


def what_the_run_did(before: Session, after: Session) -> list[str]:
    """The things done, each counted: papers looked up and translated, summary lines
    drafted, papers given their 著者所属, key figures found (empty when the run changed
    nothing)."""
    old = {paper.id: paper for paper in before.papers}
    looked_up = translated = lines = affiliations = figures = 0
    for paper in listed_papers(after):
        earlier = old.get(paper.id, Paper(paper.id))
        looked_up += paper.has_metadata and not earlier.has_metadata
        translated += any(_written(paper, earlier, name) for name in _JAPANESE)
        lines += sum(_written(paper, earlier, name) for name in _LINES)
        affiliations += _written(paper, earlier, _AFFILIATIONS)
        figures += paper.found_figure is not None and paper.found_figure != earlier.found_figure
    done = [
        _counted("looked up", looked_up, "paper"),
        _counted("translated", translated, "paper"),
        _counted("drafted", lines, "line"),
    ]
    if affiliations:
        done.append(f"著者所属 for {affiliations} paper{'s' * (affiliations != 1)}")
    done.append(_counted("found", figures, "key figure"))
    return [phrase for phrase in done if phrase]


def _written(paper: Paper, earlier: Paper, name: EditableField) -> bool:
    """Whether the run wrote *name* of *paper* (machine text that is new or changed)."""
    text = paper.value(name)
    return bool(text) and text != earlier.value(name) and not paper.is_human_text(name)


def _counted(verb: str, count: int, noun: str) -> str:
    return f"{verb} {count} {noun}{'s' * (count != 1)}" if count else ""
