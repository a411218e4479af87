"""Bringing a saved dossier's matches up to date before it is read (coverage, livret, fiche de suivi).

Coverage and the livret must describe what the *current* referential and matcher find, so a stale dossier is
re-matched first and, when possible, saved: the next reader does not redo the work. When another program holds
the dossier, its file is left alone — that program's save would otherwise conflict — and the fresh matches are
used in memory only, with a French notice saying so; the same for a dossier the user made read-only.
"""

from __future__ import annotations

from pathlib import Path

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierLockedError, DossierReadOnlyError
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.storage import conversion_notice, open_dossier
from vae_assistant.referential.model import Referential

NOT_SAVED_NOTICE = "Le dossier est ouvert dans un autre programme : cette nouvelle analyse n'y est pas enregistrée."
READ_ONLY_NOTICE = "Le dossier est en lecture seule : cette nouvelle analyse n'y est pas enregistrée."


def refresh_saved_dossier(
    path: Path, dossier: Dossier, referential: Referential, match: ops.MatchFunction
) -> tuple[Dossier, list[str]]:
    """The dossier with up-to-date matches and French notices about what changed (none when nothing did).

    ``dossier`` is what was loaded from ``path``; it is returned untouched when it is already current.
    """
    if not ops.needs_refresh(dossier, referential, match):
        return dossier, []
    try:
        with open_dossier(path) as opened:
            result = ops.refresh_matches(opened.dossier, referential, match)
            converted: list[str] = []
            opened.on_converted = lambda version, original: converted.append(conversion_notice(version, original))
            opened.save()
            return opened.dossier, [*result.messages(), *converted]
    except (DossierLockedError, DossierReadOnlyError) as exc:
        result = ops.refresh_matches(dossier, referential, match)
        notice = READ_ONLY_NOTICE if isinstance(exc, DossierReadOnlyError) else NOT_SAVED_NOTICE
        return dossier, [*result.messages(), notice]
