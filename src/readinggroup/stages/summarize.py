"""The summarize stage: the five summary lines 目的/成果/方法/固有名/著者所属, first drafts.

固有名 comes from the paper's own names (``text/names.py``), 著者所属 from the affiliations the
metadata holds, and 目的/成果/方法 from the abstract sentence that states each (``text/cues.py``),
translated into Japanese when a translator is given and left in English otherwise, for the
organiser to translate. Only empty lines are filled (with *force*, machine text too); each line
records which method wrote it. The draft is for the organiser to edit, so it prefers leaving a
line empty to guessing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from readinggroup.errors import SourceError
from readinggroup.models import EditableField, Paper, Session
from readinggroup.protocols import Translator
from readinggroup.stages import StageReport, listed_papers, may_fill, replace_papers, write
from readinggroup.stages.translate import translate_phrase
from readinggroup.text.cues import choose_sentences
from readinggroup.text.glossary import Glossary
from readinggroup.text.latex import plain
from readinggroup.text.names import draft_names
from readinggroup.text.protected import protected_terms
from readinggroup.text.sentences import split_sentences

log = logging.getLogger(__name__)
WRITER = "extractive"
_SENTENCE_LINES: Mapping[str, EditableField] = {
    "purpose": "summary.purpose",
    "result": "summary.result",
    "method": "summary.method",
}


def draft_affiliations(paper: Paper) -> str:
    """The 著者所属 line from the affiliations the metadata holds (empty when none)."""
    if not paper.affiliations:
        return ""
    return "、".join(paper.affiliations)


_OWN_WORDS: Mapping[EditableField, Callable[[Paper], str]] = {
    "summary.names": draft_names,
    "summary.affiliations": draft_affiliations,
}


def summarize_session(
    session: Session,
    *,
    translator: Translator | None = None,
    glossary: Glossary | None = None,
    force: bool = False,
) -> tuple[Session, StageReport]:
    """Fill the empty summary lines of the listed papers that have metadata.

    *translator* turns the chosen English sentences into Japanese (None keeps them in English);
    *glossary* adds protected names. A paper whose translation fails keeps its English drafts
    and is reported.
    """
    glossary = glossary or Glossary()
    changed: dict[str, Paper] = {}
    failures: list[str] = []
    attempted = 0
    for paper in listed_papers(session):
        if not paper.has_metadata:
            continue
        open_lines = [
            name
            for name in (*_OWN_WORDS, *_SENTENCE_LINES.values())
            if may_fill(paper, name, force=force)
        ]
        if not open_lines:
            continue
        attempted += 1
        updated = paper
        for name in open_lines:
            if name in _OWN_WORDS and (text := _OWN_WORDS[name](paper)):
                updated = write(updated, name, text, writer=WRITER)
        try:
            updated = _with_sentence_lines(updated, open_lines, translator, glossary)
        except SourceError as err:  # a service failed for this paper; a config error stops the run
            failures.append(f"{paper.id}: {err}")
        if updated != paper:
            changed[paper.id] = updated
    report = StageReport("summarize", attempted, attempted - len(failures), tuple(failures))
    return replace_papers(session, changed), report


def _with_sentence_lines(
    paper: Paper,
    open_lines: list[EditableField],
    translator: Translator | None,
    glossary: Glossary,
) -> Paper:
    wanted = {key: name for key, name in _SENTENCE_LINES.items() if name in open_lines}
    if not wanted:
        return paper
    english = [plain(sentence) for sentence in split_sentences(plain(paper.abstract))]
    chosen = choose_sentences(english)
    terms = protected_terms(paper, glossary)
    updated = paper
    for key, name in wanted.items():
        text = chosen.get(key, "")
        if not text:
            continue
        if translator is not None:
            text = translate_phrase(text, translator, terms=terms)
        updated = write(updated, name, text, writer=WRITER)
    return updated
