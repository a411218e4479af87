"""Errors the user can act on.

Every failure caused by the user's input (a corrupt dossier, a broken referential, an unreadable file) is raised
as a :class:`VaeError` carrying a French message. The shells print that message and exit with code 2; they never
show a traceback for it.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
from pathlib import Path

from vae_assistant.shell import shell_word

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


_OS_REASONS = {
    errno.ENOENT: "le fichier ou le dossier n'existe pas",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EROFS: "le support est en lecture seule",
    errno.ENOSPC: "le disque est plein",
    errno.EDQUOT: "le quota du disque est atteint",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "le nom est trop long",
    errno.EEXIST: "le fichier existe déjà",
    errno.EBUSY: "le fichier est occupé par un autre programme",
    errno.ETXTBSY: "le fichier est occupé par un autre programme",
    errno.EIO: "erreur de lecture ou d'écriture sur le disque",
}


def os_error(exc: OSError) -> VaeError | None:
    """A file operation's failure the user can act on (permission, full disk…) as a French error naming the file,
    or None when the system's reason is not one of those known here (then it is a bug to report)."""
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is None:
        return None
    hint = "Vérifiez que vous avez le droit d'y accéder." if isinstance(exc, PermissionError) else None
    if exc.filename is None:
        return VaeError(f"Opération impossible sur le disque : {reason}.", hint=hint)
    return VaeError(f"Impossible d'accéder à {exc.filename} : {reason}.", hint=hint)


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in French: the system's own text (``strerror``) follows the user's locale,
    which is often English, and the UI speaks French."""
    reason = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    return reason or exc.strerror or str(exc) or type(exc).__name__


def file_not_found(path: Path) -> InputError:
    """« Fichier introuvable » with what to do next (:func:`missing_file_hint`)."""
    return InputError(f"Fichier introuvable : {path}.", hint=missing_file_hint(path))


def missing_file_hint(path: Path) -> str:
    """What to do about a file that is not there: the name of a file close to it in the same folder (« récit.txt »
    for « recit.txt », « Situation.txt » for « situation.txt »), or the folder where it was looked for."""
    folder = path.parent
    names: list[str] = []
    with contextlib.suppress(OSError):
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    if close:
        return f"Vouliez-vous dire {shell_word(str(path.with_name(close[0])))} ?"
    where = f"le répertoire courant ({Path.cwd()})" if not path.is_absolute() and str(folder) == "." else folder
    return f"Il a été cherché dans {where} : vérifiez son nom, ou donnez son chemin complet."
