"""The summarize stage: the five summary lines 目的/成果/方法/固有名/著者所属, first drafts.

固有名 comes from the paper's own names (``text/names.py``), 著者所属 from the organisations the
affiliation finder found per author (``text/organisations.py`` names them as the organiser
writes them), and 目的/成果/方法 from the abstract clause that states each
(``text/cues.py``), translated into Japanese when a translator is given and left in English
otherwise, for the organiser to translate. Each line gets the longest cut of its clause that
fits one slide line. With a summariser (an LLM) the model writes 目的/成果/方法 instead (and
固有名 where the paper's words coin no name); a paper whose answer is unusable keeps the
extractive draft, and the run says so. Only empty
lines are filled (with *force*, machine text too); each line records which method wrote it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from readinggroup.errors import SourceError
from readinggroup.models import EditableField, Paper, Session, summary_field
from readinggroup.protocols import (
    AffiliationFinder,
    PaperAffiliations,
    Summarizer,
    SummaryLines,
    Translator,
)
from readinggroup.stages import (
    StageReport,
    affiliations_to_fill,
    listed_papers,
    replace_papers,
    summary_lines_to_fill,
    write,
)
from readinggroup.stages.background import BackgroundFinder, draft_in_parallel
from readinggroup.stages.translate import translate_phrase
from readinggroup.text.clauses import LINE_EM, fits_line
from readinggroup.text.cues import SENTENCE_LINES, Draft, draft_lines
from readinggroup.text.glossary import Glossary
from readinggroup.text.names import draft_names, is_field_term, name_candidates
from readinggroup.text.organisations import UNKNOWN_LINE, affiliations_line
from readinggroup.text.protected import Term, protected_terms
from readinggroup.text.readable import english_sentences, readable

log = logging.getLogger(__name__)
WRITER = "extractive"
_SENTENCE_LINES: Mapping[str, EditableField] = {key: summary_field(key) for key in SENTENCE_LINES}
_MODEL_LINES: Mapping[str, EditableField] = {**_SENTENCE_LINES, "names": summary_field("names")}


_OWN_WORDS: Mapping[EditableField, Callable[[Paper], str]] = {summary_field("names"): draft_names}
_AFFILIATIONS = summary_field("affiliations")
AFFILIATIONS_WRITER = "affiliations"


def _papers_needing_affiliations(session: Session, *, force: bool) -> list[Paper]:
    """Listed papers whose 著者所属 a machine may write; a human's line is never replaced,
    not even with *force* (it is the organiser's knowledge, not a draft)."""
    return [paper for paper in listed_papers(session) if affiliations_to_fill(paper, force=force)]


def _with_affiliations(paper: Paper, entries: PaperAffiliations, glossary: Glossary) -> Paper:
    """*paper* with the 著者所属 line from what the finder found, each source recorded."""
    paper = replace(paper, found_affiliations=entries)
    return write(
        paper, _AFFILIATIONS, affiliations_line(entries, glossary), writer=AFFILIATIONS_WRITER
    )


def summarize_session(
    session: Session,
    *,
    translator: Translator | None = None,
    summarizer: Summarizer | None = None,
    affiliations: AffiliationFinder | None = None,
    glossary: Glossary | None = None,
    force: bool = False,
    checkpoint: Callable[[Session], None] | None = None,
    concurrency: int = 1,
) -> tuple[Session, StageReport]:
    """Fill the empty summary lines of the listed papers that have metadata.

    *translator* turns the chosen English clauses into Japanese (None keeps them in English);
    *summarizer* (an LLM) writes 目的/成果/方法 first, the extractive draft filling in where
    it fails; *affiliations* finds the authors' organisations for 著者所属 (asked once, for
    every paper that needs them); *glossary* adds protected names and fixes organisation
    names. A paper whose translation fails gets its 固有名/著者所属 but no 目的/成果/方法 (a
    re-run asks again) and is reported, as is one whose affiliations a failing service hid.
    *checkpoint* is handed the session with every paper changed so far, each time one is
    (the orchestrator saves it: a killed run keeps them).

    The affiliations are looked up in a thread of their own (arXiv's pages come three seconds
    apart) while the lines are drafted, *concurrency* papers at a time; the model is asked
    about a paper once its affiliations are known, since its prompt names them.
    """
    glossary = glossary or Glossary()
    originals = {paper.id: paper for paper in session.papers}
    needing = _papers_needing_affiliations(session, force=force)
    affiliation_ids = {paper.id for paper in needing}
    work = [
        (paper, list(summary_lines_to_fill(paper, force=force))) for paper in listed_papers(session)
    ]
    work = [(paper, lines) for paper, lines in work if lines or paper.id in affiliation_ids]
    lock = threading.RLock()
    drafted: dict[str, Paper] = {}  # each paper with its lines, drafted from the original
    found: dict[str, PaperAffiliations] = {}
    changed: dict[str, Paper] = {}
    known = {paper.id: threading.Event() for paper in needing}  # its affiliations are settled

    def composed(paper_id: str) -> Paper:
        paper = drafted.get(paper_id, originals[paper_id])
        entries = found.get(paper_id)
        return paper if entries is None else _with_affiliations(paper, entries, glossary)

    def keep(paper_id: str) -> None:
        with lock:
            updated = composed(paper_id)
            if updated in (originals[paper_id], changed.get(paper_id)):
                return
            changed[paper_id] = updated
            if checkpoint is not None:
                checkpoint(replace_papers(session, changed))

    def settled(paper_id: str, entries: PaperAffiliations) -> None:
        with lock:
            found[paper_id] = entries
        keep(paper_id)
        known[paper_id].set()

    def draft(paper: Paper, open_lines: list[EditableField]) -> str | None:
        if summarizer is not None and paper.id in known and paper.abstract.strip():
            known[paper.id].wait()  # the model's prompt names the authors' organisations
            with lock:
                paper = composed(paper.id)
        updated, failure = _drafted(paper, open_lines, translator, summarizer, glossary)
        with lock:
            drafted[paper.id] = updated
        keep(paper.id)
        return failure

    finder = BackgroundFinder(affiliations, needing, settled, known.values())
    line_failures = draft_in_parallel(
        draft, [(p, lines) for p, lines in work if lines], translator, concurrency
    )
    answer = finder.answer()
    for paper_id, entries in answer.items():  # a finder that never said "settled"
        if paper_id not in found and paper_id in originals:
            settled(paper_id, entries)
    failures: list[str] = []
    for paper, _ in work:
        if paper.id in affiliation_ids and affiliations is not None and paper.id not in answer:
            failures.append(f"{paper.id}: 著者所属 not looked up (a service failed; run again)")
        if line_failures.get(paper.id):
            failures.append(f"{paper.id}: {line_failures[paper.id]}")
    report = StageReport("summarize", len(work), len(work) - len(failures), tuple(failures))
    return replace_papers(session, changed), report


def _drafted(
    paper: Paper,
    open_lines: list[EditableField],
    translator: Translator | None,
    summarizer: Summarizer | None,
    glossary: Glossary,
) -> tuple[Paper, str | None]:
    """*paper* with its *open_lines* drafted (the model's first, then its own words and the
    abstract's clauses), and the failure that left some empty (None)."""
    updated = paper
    if summarizer is not None and paper.abstract.strip():
        updated, written = _with_model_lines(updated, open_lines, summarizer)
        open_lines = [name for name in open_lines if name not in written]
    for name in open_lines:
        if name in _OWN_WORDS and (text := _OWN_WORDS[name](paper)):
            updated = write(updated, name, text, writer=WRITER)
    try:
        return _with_sentence_lines(updated, open_lines, translator, glossary), None
    except SourceError as err:  # a service failed for this paper; a config error stops the run
        return updated, str(err)


def _with_model_lines(
    paper: Paper, open_lines: Sequence[EditableField], summarizer: Summarizer
) -> tuple[Paper, set[EditableField]]:
    """*paper* with the model's lines in *open_lines*, and which it wrote; unchanged (and
    said) when it fails."""
    try:
        lines = summarizer.summarize(
            title=readable(paper).title_line,
            abstract=readable(paper).abstract_line,
            affiliations=_organisations(paper),
            names=name_candidates(paper),
        )
    except SourceError as err:
        log.warning("%s: %s; keeping the extractive draft for this paper", paper.id, err)
        return paper, set()
    updated = paper
    written: set[EditableField] = set()
    for key, name in _MODEL_LINES.items():
        text = _model_text(lines, key)
        if key == "names" and draft_names(paper):
            continue  # the names the paper coins, found in its own words, beat a model's guess
        if name in open_lines and text:
            updated = write(updated, name, text, writer=summarizer.name)
            written.add(name)
    return updated, written


def _organisations(paper: Paper) -> tuple[str, ...]:
    """What the model is told of the authors' organisations: the 著者所属 line if written."""
    line = paper.summary.affiliations
    if line and line != UNKNOWN_LINE:
        return tuple(line.split("、"))
    return paper.affiliations or ()


def _model_text(lines: SummaryLines, key: str) -> str:
    text: str = getattr(lines, key)
    if key == "names":  # a field term alone is no name, whoever wrote it
        text = "、".join(n for n in re.split(r"[、,]\s*", text) if n and not is_field_term(n))
    return text.strip()


def _with_sentence_lines(
    paper: Paper,
    open_lines: Sequence[EditableField],
    translator: Translator | None,
    glossary: Glossary,
) -> Paper:
    wanted = {key: name for key, name in _SENTENCE_LINES.items() if name in open_lines}
    if not wanted:
        return paper
    english = list(english_sentences(paper))
    drafts = draft_lines(english, name_candidates(paper))
    terms = protected_terms(paper, glossary)
    updated = paper
    for key in SENTENCE_LINES:
        draft = drafts.get(key)
        if key not in wanted or draft is None:
            continue
        if text := _fitting_line(draft, translator, terms):
            updated = write(updated, wanted[key], text, writer=WRITER)
    return updated


def _fitting_line(draft: Draft, translator: Translator | None, terms: Sequence[Term]) -> str:
    """The longest cut of *draft* that fits one slide line, translated when *translator*
    is given ("" when none fits)."""
    for cut in draft.cuts:
        if translator is not None and len(cut) > 2.2 * LINE_EM:
            continue  # its Japanese would not fit either: do not ask
        text = cut if translator is None else translate_phrase(cut, translator, terms=terms)
        if text and fits_line(text):
            return text
    return ""
