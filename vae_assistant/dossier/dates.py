"""Dates of a career as candidates know them: a year, a month, sometimes a day.

A candidate remembers "mars 2015" or "2009", rarely the day. Dates in the parcours are therefore stored as partial
ISO 8601 strings — ``2009``, ``2015-03`` or ``2015-03-12`` — which sort correctly, read well in the JSON file and
never invent a precision the candidate did not give. :func:`parse_partial_date` reads what people type;
:func:`format_partial_date` writes it back in French for screens and the livret.
"""

from __future__ import annotations

import re
from datetime import date

from vae_assistant.dossier.text import clean_line
from vae_assistant.errors import InputError

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_SLASHED = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")
_WORDED = re.compile(r"^(?:(\d{1,2})(?:er)?\s+)?([a-zéû]+)\.?\s+(\d{4})$")


def _fold(text: str) -> str:
    return text.lower().replace("é", "e").replace("û", "u")


_MONTH_NAMES = {_fold(name): n for n, name in enumerate(MONTHS, start=1)}
_MONTH_NAMES.update({"janv": 1, "fev": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "dec": 12})


def _build(year: int, month: int | None, day: int | None) -> str:
    if not 1900 <= year <= 2100:
        raise ValueError("année hors limites")
    if month is None:
        return f"{year:04d}"
    if day is None:
        date(year, month, 1)  # raises ValueError for month 13
        return f"{year:04d}-{month:02d}"
    return date(year, month, day).isoformat()


def validate_partial_date(value: str) -> str:
    """Check a stored partial date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); raise ValueError otherwise."""
    match = _ISO.match(value)
    if not match:
        raise ValueError("date attendue sous la forme AAAA, AAAA-MM ou AAAA-MM-JJ")
    year, month, day = match.groups()
    return _build(int(year), int(month) if month else None, int(day) if day else None)


def parse_partial_date(text: str) -> str:
    """Read a date as a French user types it: ``2015``, ``03/2015``, ``12/03/2015``, ``mars 2015``, ``2015-03``."""
    text = clean_line(text)  # a control character pasted with the date is dropped, as in every other field
    cleaned = _fold(text)
    try:
        if _ISO.match(cleaned):
            return validate_partial_date(cleaned)
        if match := _SLASHED.match(cleaned):
            day, month, year = match.groups()
            return _build(int(year), int(month), int(day) if day else None)
        if (match := _WORDED.match(cleaned)) and _fold(match.group(2)) in _MONTH_NAMES:
            day, month_name, year = match.groups()
            return _build(int(year), _MONTH_NAMES[_fold(month_name)], int(day) if day else None)
    except ValueError:
        pass
    raise InputError(
        f"Date non reconnue : « {text} ».",
        hint="Écrivez par exemple 2015, 03/2015, mars 2015 ou 12/03/2015.",
    )


def format_partial_date(value: str) -> str:
    """``2015`` → « 2015 », ``2015-03`` → « mars 2015 », ``2015-03-12`` → « 12 mars 2015 »."""
    parts = value.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{'1er' if day == 1 else day} {month} {parts[0]}"


def format_period(start: str | None, end: str | None, ongoing: bool = False) -> str:
    """A span in French: « de mars 2015 à juin 2019 », « depuis 2020 », « jusqu'en 2012 »."""
    if start and ongoing:
        return f"depuis {format_partial_date(start)}"
    if start and end:
        if start == end:
            return format_partial_date(start)
        return f"de {format_partial_date(start)} à {format_partial_date(end)}"
    if start:
        return f"à partir de {format_partial_date(start)}"
    if end:
        return f"jusqu'en {format_partial_date(end)}" if len(end) == 4 else f"jusqu'à {format_partial_date(end)}"
    return "en cours" if ongoing else ""


def partial_dates_in_order(start: str, end: str) -> bool:
    """Whether ``end`` does not come before ``start``, comparing only the precision both give."""
    common = min(len(start), len(end))
    return start[:common] <= end[:common]
