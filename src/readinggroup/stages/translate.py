"""The translate stage: fill the empty Japanese titles and abstracts of the listed papers.

Per paper: LaTeX becomes Unicode, the abstract is split into sentences, protected names become
placeholders, and the title and the sentences go to the service as lines of one request (more
only when the text is too long for one). Each Japanese line then belongs to its English
sentence; when the service merged or split lines, the paper is asked again sentence by
sentence. Papers are translated a few at a time; one failure stops nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from readinggroup import progress
from readinggroup.errors import InputError, SourceError
from readinggroup.models import EditableField, Paper, Session
from readinggroup.protocols import Translator
from readinggroup.stages import (
    StageReport,
    fields_to_translate,
    listed_papers,
    replace_papers,
    write,
)
from readinggroup.text.glossary import Glossary
from readinggroup.text.protected import Term, protected_terms, shield, unshield
from readinggroup.text.readable import english_sentences, readable
from readinggroup.text.sentences import join_sentences, pack_lines

log = logging.getLogger(__name__)

# deep-translator refuses 5,000 characters and more; the margin covers the newlines.
MAX_REQUEST_CHARS = 4800
DEFAULT_CONCURRENCY = 4
_LETTERS = re.compile(r"[A-Za-z]")
_SERVICES = {"google": "Google Translate", "deepl": "DeepL"}


def service_label(translator: Translator) -> str:
    """The translation service as the organiser knows it (progress lines)."""
    return _SERVICES.get(translator.name, translator.name)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """An English sentence of the abstract and the Japanese the service gave for it."""

    english: str
    japanese: str


@dataclass(frozen=True, slots=True)
class PaperTranslation:
    """The Japanese of one paper; None marks a field that was not asked for.

    *lost* holds (field, term) for every protected term the service dropped.
    """

    title: str | None = None
    sentences: tuple[SentencePair, ...] | None = None
    lost: tuple[tuple[EditableField, str], ...] = ()

    @property
    def abstract(self) -> str | None:
        if self.sentences is None:
            return None
        return join_sentences([pair.japanese for pair in self.sentences])


def translate_session(
    session: Session,
    *,
    translator: Translator | None,
    glossary: Glossary | None = None,
    force: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    max_chars: int = MAX_REQUEST_CHARS,
    checkpoint: Callable[[Session], None] | None = None,
) -> tuple[Session, StageReport]:
    """Fill empty ``title_ja``/``abstract_ja`` of the listed papers, *concurrency* at a time.

    *glossary* adds protected terms; *max_chars* bounds one request. A paper that fails is
    reported in the StageReport and left as it was. *checkpoint* is handed the session with
    every paper finished so far, after each one (the orchestrator saves it: a killed run keeps
    them).
    """
    glossary = glossary or Glossary()
    plans = [
        (paper, fields)
        for paper in listed_papers(session)
        if (fields := fields_to_translate(paper, force=force))
    ]
    if translator is None:
        if plans:
            log.info(
                "translation is off (translator = none); %d papers wait for Japanese", len(plans)
            )
        return session, StageReport("translate")
    changed: dict[str, Paper] = {}
    failures: list[str] = []
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="translate")
    task = progress.task(service_label(translator), total=len(plans))
    try:
        futures: dict[str, Future[PaperTranslation]] = {
            paper.id: pool.submit(
                translate_paper,
                paper,
                translator,
                fields=fields,
                terms=protected_terms(paper, glossary),
                max_chars=max_chars,
            )
            for paper, fields in plans
        }
        for paper, _ in plans:
            try:
                result = futures[paper.id].result()
            except SourceError as err:  # a service failed for this paper
                log.info("could not translate %s: %s", paper.id, err)  # the CLI lists failures
                failures.append(f"{paper.id}: {err}")
                continue
            except InputError:
                raise  # a setting is wrong (no key): every paper would fail the same way
            except Exception as err:  # one paper's odd text must not cost the whole month
                log.debug("translating %s failed", paper.id, exc_info=True)
                failures.append(f"{paper.id}: unexpected {type(err).__name__}: {err}")
                continue
            finally:
                task.advance()  # failed or not, the paper is done with
            for name, term in result.lost:
                log.warning(
                    "%s %s: the translation lost the protected name '%s'; check the Japanese "
                    "in the session file",
                    paper.id,
                    name,
                    term,
                )
            changed[paper.id] = _with_translation(paper, result, writer=translator.name)
            if checkpoint is not None:
                checkpoint(replace_papers(session, changed))
    finally:
        # on Ctrl-C, papers still waiting are not started (the cache keeps what finished)
        pool.shutdown(wait=True, cancel_futures=True)
        task.finish()
    report = StageReport("translate", len(plans), len(plans) - len(failures), tuple(failures))
    return replace_papers(session, changed), report


def translate_paper(
    paper: Paper,
    translator: Translator,
    *,
    fields: Sequence[EditableField] = ("title_ja", "abstract_ja"),
    terms: Sequence[Term] = (),
    max_chars: int = MAX_REQUEST_CHARS,
) -> PaperTranslation:
    """The Japanese of *paper*'s title and abstract (those named in *fields*), aligned."""
    title = readable(paper).title_line if "title_ja" in fields and paper.title.strip() else None
    english = list(english_sentences(paper)) if "abstract_ja" in fields else None
    segments = ([title] if title is not None else []) + (english or [])
    shielded = [shield(segment, terms) for segment in segments]
    answers = translate_lines([s.text for s in shielded], translator, max_chars=max_chars)
    japanese: list[str] = []
    lost: list[tuple[EditableField, str]] = []
    for position, (answer, sent) in enumerate(zip(answers, shielded, strict=True)):
        text, missing = unshield(answer, sent)
        japanese.append(text)
        name: EditableField = "title_ja" if title is not None and position == 0 else "abstract_ja"
        lost.extend((name, term) for term in missing)
    if title is not None:
        title, japanese = japanese[0], japanese[1:]
    sentences = (
        tuple(SentencePair(e, j) for e, j in zip(english, japanese, strict=True))
        if english is not None
        else None
    )
    return PaperTranslation(title, sentences, tuple(lost))


def translate_lines(
    lines: Sequence[str], translator: Translator, *, max_chars: int = MAX_REQUEST_CHARS
) -> list[str]:
    """The Japanese of each of *lines*, in as few requests as *max_chars* allows.

    Lines without a letter to translate (a lone placeholder, a formula) are not sent.
    """
    answers = list(lines)
    wanted = [index for index, line in enumerate(lines) if _LETTERS.search(line)]
    start = 0
    for group in pack_lines([lines[index] for index in wanted], max_chars=max_chars):
        indices = wanted[start : start + len(group)]
        start += len(group)
        for index, answer in zip(indices, _ask(group, translator), strict=True):
            answers[index] = answer
    return answers


def _ask(group: Sequence[str], translator: Translator) -> list[str]:
    answer = translator.translate("\n".join(group))
    parts = [part.strip() for part in answer.split("\n") if part.strip()]
    if len(parts) == len(group):
        return parts
    if len(group) == 1:
        return [join_sentences(parts)]
    log.info(
        "%s answered %d lines for %d sentences; asking sentence by sentence",
        translator.name,
        len(parts),
        len(group),
    )
    return [_ask([line], translator)[0] for line in group]


def translate_phrase(text: str, translator: Translator, *, terms: Sequence[Term] = ()) -> str:
    """The Japanese of one short *text* (a summary line), *terms* kept as written."""
    shielded = shield(text, terms)
    (answer,) = translate_lines([shielded.text], translator)
    japanese, _ = unshield(answer, shielded)
    return japanese.strip().rstrip("。．.")


def _with_translation(paper: Paper, result: PaperTranslation, *, writer: str) -> Paper:
    updated = paper
    if result.title is not None:
        updated = write(updated, "title_ja", result.title, writer=writer)
    abstract = result.abstract
    if abstract is not None:
        updated = write(updated, "abstract_ja", abstract, writer=writer)
    return updated
