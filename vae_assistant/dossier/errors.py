"""The dossier's errors, each with a French message a candidate can act on.

Shells print them (the CLI exits 2); the TUI reads their attributes to offer a way out: restore the backup named
in :class:`DossierLoadError`, open read-only or cancel on :class:`DossierLockedError`, show a dossier the user made
read-only (:class:`DossierReadOnlyError`) without changing it.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from vae_assistant.errors import VaeError


class DossierError(VaeError):
    """A dossier that cannot be opened, saved or changed as asked."""


class DossierLoadError(DossierError):
    """A dossier file that cannot be read. The file is never touched; ``backup`` is the newest good backup.

    ``hint`` is worded for the command line. A shell with screens words its own from the facts: ``missing`` (the
    file does not exist), ``by_hand`` (how to correct an edit by hand in a text editor, when that is the damage)."""

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        backup: Path | None = None,
        hint: str | None = None,
        missing: bool = False,
        by_hand: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.backup = backup
        self.missing = missing
        self.by_hand = by_hand


class DossierLockedError(DossierError):
    """Another program has the dossier open. ``owner`` describes it (pid, host, since, use); ``waited`` is how many
    seconds the opener waited for it (0 when waiting could not help: the assistant's session, another machine)."""

    def __init__(
        self, message: str, *, path: Path, owner: dict, hint: str | None = None, waited: float = 0.0
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.owner = owner
        self.waited = waited


class DossierReadOnlyError(DossierError):
    """The user made the dossier read-only (no write permission for its owner, on the file or on its folder, a
    read-only medium, or the immutable attribute): it is never written, nor its backups, nor a lock beside it.
    ``state`` says so without the consequence (« Le dossier … est en lecture seule »), for a shell that opens it
    read-only instead."""

    def __init__(self, state: str, *, path: Path, hint: str | None = None) -> None:
        super().__init__(f"{state} : il n'a pas été modifié.", hint=hint)
        self.path = path
        self.state = state


class DossierConflictError(DossierError):
    """The file changed on disk since it was opened: saving would lose someone else's changes."""


_TYPE_MESSAGES = {
    "missing": "champ obligatoire absent",
    "extra_forbidden": "champ inconnu",
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu",
    "int_parsing": "nombre entier attendu",
    "float_type": "nombre attendu",
    "float_parsing": "nombre attendu",
    "bool_type": "vrai ou faux attendu",
    "bool_parsing": "vrai ou faux attendu",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_type": "objet attendu",
    "model_attributes_type": "objet attendu",
    "string_pattern_mismatch": "format invalide",
    "string_too_long": "texte trop long",
    "datetime_type": "date et heure attendues",
    "datetime_parsing": "date et heure invalides",
    "datetime_from_date_parsing": "date et heure invalides",
    "timezone_aware": "fuseau horaire manquant",
}


_OR = re.compile(r"(?<=') or (?=')")


def _where(loc: tuple, labels: dict[str, str]) -> str:
    return " › ".join(str(part + 1) if isinstance(part, int) else labels.get(str(part), str(part)) for part in loc)


def describe_validation_error(
    error: ValidationError, limit: int = 5, labels: dict[str, str] | None = None
) -> str:
    """The problems pydantic found, in French, one per line (at most ``limit``); ``labels`` names the fields the
    way the user knows them (a file's own keys are right for a damaged file, not for what was just typed)."""
    lines = []
    for item in error.errors()[:limit]:
        kind = item["type"]
        if kind == "value_error":
            text = str(item.get("ctx", {}).get("error", item["msg"]))
        elif kind == "literal_error":
            expected = _OR.sub(" ou ", str(item.get("ctx", {}).get("expected", "?")))  # pydantic lists in English
            text = f"valeur non permise (attendu : {expected})"
        elif kind in ("greater_than_equal", "less_than_equal"):
            bound = item.get("ctx", {}).get("ge", item.get("ctx", {}).get("le"))
            word = "au moins" if kind == "greater_than_equal" else "au plus"
            text = f"doit valoir {word} {bound}"
        else:
            text = _TYPE_MESSAGES.get(kind, item["msg"])
        where = _where(item["loc"], labels or {})
        lines.append(f"{where} : {text}" if where else text)
    hidden = len(error.errors()) - limit
    if hidden > 0:
        lines.append(f"… et {hidden} autre(s) problème(s).")
    return "\n".join(lines)
