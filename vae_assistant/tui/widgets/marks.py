"""Coverage marks: symbols first, so that they read without colour (monochrome terminals, colour blindness)."""

from __future__ import annotations

MARKS: dict[str, str] = {"couvert": "✔", "partiel": "◐", "non_couvert": "○"}

MARK_STYLES: dict[str, str] = {"couvert": "$text-success", "partiel": "$text-warning", "non_couvert": "$text-muted"}
"""Colour variables of the theme (readable on light and dark themes alike)."""


def mark(status: str) -> str:
    return MARKS.get(status, "?")


def percent(ratio: float) -> str:
    """0.456 → « 46 % » (French spacing: a non-breaking space before the sign)."""
    return f"{round(ratio * 100)}\u00a0%"
