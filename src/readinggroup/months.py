"""The calendar of a meetup: its month and the window of days a ranked list covers."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from readinggroup.errors import InputError

_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """The meetup month, ``YYYY-MM``; it names the session, the deck and the title."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Return the month *text* names, or raise InputError for anything not a real month."""
        match = _MONTH.fullmatch(text.strip())
        if match is None:
            raise InputError(f"'{text}' is not a month; write it as YYYY-MM, e.g. 2021-10")
        year, month = int(match["year"]), int(match["month"])
        if not 1 <= month <= 12:
            raise InputError(f"'{text}' is not a month: {month:02d} is not between 01 and 12")
        if not 1991 <= year <= 2200:  # arXiv started in 1991
            raise InputError(f"'{text}' is not a plausible meetup month (arXiv starts in 1991)")
        return cls(year, month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> Month:
        """The calendar month before this one."""
        if self.month == 1:
            return Month(self.year - 1, 12)
        return Month(self.year, self.month - 1)


@dataclass(frozen=True, slots=True)
class Window:
    """The days (UTC, both ends included) whose papers or mentions a list ranks."""

    start: date
    end: date

    @classmethod
    def parse(cls, text: str, month: Month) -> Window:
        """Return the window *text* names for the meetup *month* (see :class:`WindowSpec`)."""
        return WindowSpec.parse(text).for_month(month)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class WindowSpec:
    """A window as the config or ``--window`` says it, before the month is known.

    ``previous-month``, ``same-month``, or fixed dates ``YYYY-MM-DD..YYYY-MM-DD``.
    """

    relative: str = "previous-month"
    fixed: Window | None = None

    @classmethod
    def parse(cls, text: str) -> WindowSpec:
        """The spec *text* names, or InputError saying how to write one."""
        if text in ("previous-month", "same-month"):
            return cls(text)
        start_text, dots, end_text = text.partition("..")
        try:
            if not dots:
                raise ValueError
            window = Window(date.fromisoformat(start_text), date.fromisoformat(end_text))
        except ValueError:
            raise InputError(
                f"'{text}' is not a window; use previous-month, same-month or "
                "YYYY-MM-DD..YYYY-MM-DD"
            ) from None
        if window.end < window.start:
            raise InputError(f"window '{text}' ends before it starts; swap the two dates")
        return cls("", window)

    def for_month(self, month: Month) -> Window:
        """The days this spec means for the meetup *month*."""
        if self.fixed is not None:
            return self.fixed
        if self.relative == "same-month":
            return Window(month.first_day, month.last_day)
        previous = month.previous()
        return Window(previous.first_day, previous.last_day)
