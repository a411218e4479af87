"""Steps several commands share: finding a dossier's referential and matcher, refreshing stale matches, opening a
dossier to change it (with advice a command-line user can follow when another program has it).

They live here rather than in one command's module so that commands do not import each other's internals.
"""

from __future__ import annotations

import argparse
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierLockedError
from vae_assistant.dossier.lock import describe_owner
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.referential import dossier_referential, match_function
from vae_assistant.dossier.refresh import refresh_saved_dossier
from vae_assistant.dossier.storage import DossierFile, open_dossier
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


T = TypeVar("T")

FORCE_HELP = (
    "prendre la main sur un dossier resté verrouillé par un autre ordinateur (éteint, ou qui ne s'en sert plus)"
)


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """``--force`` on a command that changes a dossier (see :func:`with_lock_advice`)."""
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def with_lock_advice(path: Path, force: bool, action: Callable[[bool], T]) -> T:
    """Run ``action(force_lock)`` on a dossier, with advice a command-line user can follow when it is locked.

    The lock's own hint speaks of the assistant's buttons (« lecture seule », « forcer l'ouverture »), which a
    command has not. ``--force`` takes over only a lock held from another computer, which cannot be checked (a
    shared drive, a computer switched off). On this computer a lock whose program has died is taken over anyway,
    so a remaining one belongs to a running program: taking it would let two programs write the same file.
    """
    try:
        return action(False)
    except DossierLockedError as exc:
        foreign = exc.owner.get("host") not in (None, socket.gethostname())
        if force and foreign:
            return action(True)
        hint = _lock_hint(path, exc.owner, force)
        raise DossierLockedError(exc.message, path=exc.path, owner=exc.owner, hint=hint) from None


def _lock_hint(path: Path, owner: dict, force: bool) -> str:
    host = owner.get("host")
    if host and host != socket.gethostname():
        return (
            f"Fermez l'assistant sur l'ordinateur « {host} », puis relancez cette commande. Si cet ordinateur est "
            "éteint ou ne se sert plus de ce dossier, relancez-la avec --force."
        )
    refused = (
        f"--force ne prend la main que sur un verrou posé depuis un autre ordinateur : ici, {describe_owner(owner)} "
        "fonctionne encore, et deux programmes écriraient dans le même fichier. "
        if force and owner
        else ""
    )
    return (
        f"{refused}Fermez l'assistant (ou l'autre commande) qui utilise ce dossier, puis relancez cette commande. "
        f"Pour le consulter en attendant : vae-assistant dossier show {path}"
    )


def open_for_edit(path: Path, *, force: bool = False) -> DossierFile:
    """:func:`~vae_assistant.dossier.storage.open_dossier` for a command, with :func:`with_lock_advice`."""
    return with_lock_advice(path, force, lambda force_lock: open_dossier(path, force=force_lock))
