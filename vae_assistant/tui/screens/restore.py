"""A dossier that cannot be opened, in words for someone in front of the assistant: what happened, the last
readable version when there is one (with a button that puts it back), and what became of the damaged file.

The core's :class:`~vae_assistant.dossier.errors.DossierLoadError` hint is worded for the command line
(« vae-assistant dossier restore … --backup N »); these dialogs say the same from the facts the error carries. The
restoring itself is the core's :func:`~vae_assistant.dossier.storage.restore_backup`, as for the command
``dossier restore``: the app runs it, this module only words the question and the outcome.
"""

from __future__ import annotations

from pathlib import Path

from vae_assistant.dossier.errors import DossierLoadError, DossierLockedError, DossierReadOnlyError
from vae_assistant.dossier.storage import Backup, backups_dir, close_dossier
from vae_assistant.errors import VaeError
from vae_assistant.paths import user_dossier_dir
from vae_assistant.tui.screens.dialogs import ChoiceDialog

TITLE = "Ouverture impossible"
RESTORE = "restore"


def restore_dialog(error: DossierLoadError, backup: Backup) -> ChoiceDialog:
    """What happened, the version that can be put back, and « Restaurer cette version » / « Annuler » (Escape)."""
    if error.missing:
        hint = (
            f"Une version de ce dossier est gardée dans ses sauvegardes\u00a0: {backup.label}. «\u00a0Restaurer cette "
            "version\u00a0» recrée le dossier avec elle. Si le fichier a seulement été déplacé ou renommé, annulez et "
            "ouvrez-le à son nouvel emplacement."
        )
    else:
        hint = (
            f"Le fichier n'a pas été modifié. Sa dernière version lisible est la {backup.label}. «\u00a0Restaurer "
            "cette version\u00a0» la remet en place\u00a0; le fichier abîmé n'est pas effacé\u00a0: il est gardé avec "
            f"les sauvegardes, dans {backups_dir(error.path)}."
        )
        if error.by_hand:
            hint += f"\nAutre possibilité\u00a0: {error.by_hand[:1].lower()}{error.by_hand[1:]}"
    choices = [("Restaurer cette version", RESTORE, "primary"), ("Annuler", None, "default")]
    return ChoiceDialog(TITLE, error.message, choices, hint=hint)


def blocked_restore_hint(backup: Backup, protection: DossierReadOnlyError) -> str:
    """A readable version exists but the dossier may not be written: say so, and how to make restoring possible,
    rather than offer a button that can only fail."""
    state = protection.state[:1].lower() + protection.state[1:]
    return (
        f"Sa dernière version lisible, la {backup.label}, est gardée dans ses sauvegardes\u00a0; mais {state}, et elle "
        f"ne peut donc pas être remise en place. {protection.hint or ''}".rstrip()
        + " Rouvrez-le ensuite\u00a0: l'assistant proposera de la restaurer."
    )


def open_failed_hint(error: DossierLoadError) -> str | None:
    """What to do when no version can be put back: the core's hint, unless it is a command to type."""
    if not error.missing:
        return error.hint  # too new, unreadable without a readable backup, forbidden: already said in words
    close = close_dossier(error.path)
    check = f"Vouliez-vous dire «\u00a0{close}\u00a0»\u00a0? Vérifiez" if close else "Vérifiez"
    return (
        f"{check} le nom et l'emplacement du fichier. Les dossiers de {user_dossier_dir()} sont dans la liste "
        "«\u00a0Reprendre un dossier\u00a0» de l'écran d'accueil\u00a0; «\u00a0Nouveau dossier\u00a0» en commence un.\n"
        "(Pour l'accompagnateur, en ligne de commande\u00a0: «\u00a0vae-assistant dossier list\u00a0».)"
    )


def restored_notice(backup: Backup, path: Path, *, existed: bool, kept: Path | None) -> str:
    """Which version was put back and where the file it replaced is kept."""
    if kept is not None:
        aside = f"Le fichier abîmé est gardé\u00a0: {kept}."
    elif not existed:
        aside = f"Le fichier du dossier manquait\u00a0: il est recréé ({path})."
    else:
        aside = f"La version remplacée est gardée avec les sauvegardes, dans {backups_dir(path)}."
    return f"Version restaurée\u00a0: {backup.label}. {aside}"


def restore_failed_dialog(error: VaeError | str) -> ChoiceDialog:
    """Restoring failed: why, and that nothing is lost (the core writes the dossier last, atomically)."""
    safe = "Rien n'est perdu\u00a0: le fichier du dossier n'a pas été remplacé, et ses sauvegardes sont gardées."
    if isinstance(error, str):
        message, advice = error, ""
    else:
        message = error.message
        if isinstance(error, DossierLockedError):
            advice = " Fermez l'autre fenêtre qui utilise ce dossier, puis rouvrez-le ici pour le restaurer."
        elif isinstance(error, DossierReadOnlyError) and error.hint:
            advice = f"\n{error.hint}"
        else:
            advice = " Corrigez ce qui est indiqué, puis rouvrez le dossier pour réessayer."
    return ChoiceDialog("Restauration impossible", message, [("Compris", None, "primary")], hint=safe + advice)
