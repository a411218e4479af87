"""Durations of the candidate's parcours, in months, as the jury reads them in *Identité et parcours*.

Dates are partial (``2009``, ``2015-03``, ``2015-03-12``, see :mod:`vae_assistant.dossier.dates`): a start counts
from the first day it can mean and an end to the last, so "de 2009 à 2012" is 48 months and "de mars 2015 à juin
2019" 52 — the reading a candidate expects. An ongoing experience runs to the livret's date. The total counts a
month once even when two experiences overlap (a job and volunteering in the same evenings): it is time of
experience, not a sum of contracts. So does the time of each kind (two part-time jobs held together are one
month of employment): « dont emploi » can never exceed the total.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from vae_assistant.dossier.model import Experience

KIND_LABELS = {"job": "Emploi", "volunteering": "Bénévolat", "internship": "Stage", "other": "Autre"}


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _last_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


@dataclass(frozen=True)
class Span:
    """Months covered, as indexes (year × 12 + month − 1), both ends included."""

    first: int
    last: int

    @property
    def months(self) -> int:
        return self.last - self.first + 1


def experience_span(experience: Experience, today: date) -> Span | None:
    """The months an experience covers, or None when its start is unknown (its duration cannot be told)."""
    if not experience.start:
        return None
    first = _first_day(experience.start)
    if experience.end:
        last = _last_day(experience.end)
    elif experience.ongoing:
        last = max(today, first)
    else:
        return None
    return Span(_month_index(first), _month_index(last))


def months_label(months: int) -> str:
    """« 52 mois (4 ans et 4 mois) »; short durations stay in months."""
    if months < 12:
        return f"{months} mois"
    years, rest = divmod(months, 12)
    years_text = f"{years} an{'s' if years > 1 else ''}"
    return f"{months} mois ({years_text}{f' et {rest} mois' if rest else ''})"


@dataclass(frozen=True)
class Totals:
    months: int  # distinct months of experience
    by_kind: dict[str, int]  # distinct months per kind, in KIND_LABELS order
    unknown: int  # experiences whose duration cannot be computed


def totals(experiences: list[Experience], today: date) -> Totals:
    months: set[int] = set()
    by_kind: dict[str, set[int]] = {}
    unknown = 0
    for experience in experiences:
        span = experience_span(experience, today)
        if span is None:
            unknown += 1
            continue
        months.update(range(span.first, span.last + 1))
        by_kind.setdefault(experience.kind, set()).update(range(span.first, span.last + 1))
    ordered = {kind: len(by_kind[kind]) for kind in KIND_LABELS if kind in by_kind}
    return Totals(len(months), ordered, unknown)
