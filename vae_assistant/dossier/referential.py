"""The referential and the matcher a dossier works with, found from what the dossier records."""

from __future__ import annotations

from pathlib import Path

from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.operations import MatchFunction
from vae_assistant.errors import ReferentialError
from vae_assistant.paths import user_referential_dir
from vae_assistant.referential.model import Referential
from vae_assistant.referential.registry import broken_user_files, resolve


def dossier_referential(dossier: Dossier) -> Referential:
    """The referential named in the dossier: by id among the known ones, else at the path it was created from."""
    certification = dossier.certification
    try:
        return resolve(certification.referential_id).referential
    except ReferentialError:
        if certification.referential_path and Path(certification.referential_path).is_file():
            entry = resolve(Path(certification.referential_path))
            if entry.referential.id == certification.referential_id:
                return entry.referential
    broken = [(path, reason) for path, reason in broken_user_files() if path.stem == certification.referential_id]
    if broken:  # there, but no longer readable (edited by hand): saying it is missing sends the user looking for it
        raise ReferentialError(
            f"Le référentiel « {certification.referential_id} » de ce dossier ({certification.title}) ne peut pas "
            "être lu.",
            hint=f"{broken[0][1]}\nCorrigez ce fichier ; vos textes, eux, sont intacts.",
        )
    where = (
        f"Ce dossier le lisait dans le fichier {certification.referential_path} : remettez-y ce fichier, ou "
        if certification.referential_path
        else ""
    )
    copy = "copiez" if where else "Copiez"
    raise ReferentialError(
        f"Le référentiel « {certification.referential_id} » de ce dossier ({certification.title}) est introuvable.",
        hint=f"{where}{copy} le fichier du référentiel (.yaml) dans {user_referential_dir()} ; "
        "« vae-assistant referential list » montre ceux qui sont connus. Vos textes, eux, sont intacts.",
    )


def match_function(referential: Referential) -> MatchFunction:
    """The matcher for ``referential``, as the dossier's operations take it (built once, cached by the matcher).

    A text without a word (« ? » typed by someone who did not understand the question) tells nothing: the matcher
    itself reads it as empty."""
    from vae_assistant.matching import get_matcher

    return get_matcher(referential).match
