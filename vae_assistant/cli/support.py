"""Steps several commands share: finding a dossier's referential and matcher, refreshing stale matches.

They live here rather than in one command's module so that commands do not import each other's internals.
"""

from __future__ import annotations

from pathlib import Path

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.referential import dossier_referential, match_function
from vae_assistant.dossier.refresh import refresh_saved_dossier
from vae_assistant.errors import ReferentialError
from vae_assistant.referential.model import Referential


def referential_and_matcher(dossier: Dossier) -> tuple[Referential | None, ops.MatchFunction | None, list[str]]:
    """The dossier's referential and matcher, or None with a French warning: a text is never refused for it."""
    try:
        referential = dossier_referential(dossier)
    except ReferentialError as exc:
        return None, None, [f"Attention : {exc.message} Le texte est gardé, sans repérage des compétences."]
    try:
        return referential, match_function(referential), []
    except ImportError:
        return referential, None, ["Attention : le repérage des compétences n'est pas disponible dans cette version."]


def with_current_matches(path: Path, dossier: Dossier, referential: Referential) -> tuple[Dossier, list[str]]:
    """Re-run the matcher on what is out of date and save it (see :mod:`vae_assistant.dossier.refresh`).

    Returns the dossier to report on and the French notices to show: what was re-analysed, why it could not be
    saved, or why there is no matcher at all.
    """
    _, match, warnings = referential_and_matcher(dossier)
    if match is None:
        return dossier, warnings
    return refresh_saved_dossier(path, dossier, referential, match)
