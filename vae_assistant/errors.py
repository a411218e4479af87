"""Errors the user can act on.

Every failure caused by the user's input (a corrupt dossier, a broken referential, an unreadable file) is raised
as a :class:`VaeError` carrying a French message. The shells print that message and exit with code 2; they never
show a traceback for it.
"""

from __future__ import annotations

EXIT_USER_ERROR = 2


class VaeError(Exception):
    """A problem with the user's input, explained in French.

    ``hint`` is an optional second sentence telling the user what to do next.
    """

    exit_code = EXIT_USER_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n{self.hint}"


class ReferentialError(VaeError):
    """A referential file that cannot be read or does not follow the format."""


class InputError(VaeError):
    """A text, file or argument given by the user that cannot be used."""
