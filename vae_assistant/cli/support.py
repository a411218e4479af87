"""Steps several commands share: reading the candidate's text from a file or standard input, finding a dossier's
referential and matcher, refreshing stale matches, opening a dossier to change it (with advice a command-line user
can follow when another program has it).

They live here rather than in one command's module so that commands do not import each other's internals.
"""

from __future__ import annotations

import argparse
import contextlib
import socket
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from vae_assistant.dossier import lock
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierLockedError
from vae_assistant.dossier.lock import describe_owner, holds_for_session
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.referential import dossier_referential, match_function
from vae_assistant.dossier.refresh import refresh_saved_dossier
from vae_assistant.dossier.storage import DossierFile, conversion_notice, open_dossier
from vae_assistant.dossier.text import MAX_NARRATIVE_BYTES, human_size
from vae_assistant.errors import InputError, ReferentialError, file_not_found, os_reason
from vae_assistant.referential.model import Referential
from vae_assistant.shell import shell_word

# -- reading a text --------------------------------------------------------------------------------------------------

STDIN = "-"
"""The name of standard input on the command line."""

NARRATIVE_LIMIT = "une situation est limitée à"
"""How :func:`read_text` words its size limit when the text is a situation."""

_NOT_TEXT = (
    (
        b"PK\x03\x04",
        "un document Word ou une archive",
        "Pour un brouillon Word : vae-assistant dossier import-docx DOSSIER BROUILLON.docx",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "un document Word de l'ancien format (.doc)",
        "Enregistrez-le au format .docx puis : vae-assistant dossier import-docx DOSSIER BROUILLON.docx",
    ),
    (b"%PDF", "un document PDF", "Copiez son texte dans un fichier texte (UTF-8), ou collez-le après « - »."),
)


def read_text(
    source: str, *, limit: int = MAX_NARRATIVE_BYTES, limit_label: str = NARRATIVE_LIMIT, action: str = "ajouter"
) -> str:
    """The text of a file, or of standard input when ``source`` is ``-``, as the candidate wrote it.

    UTF-8, or UTF-16 with its mark (Windows' Bloc-notes « Unicode »). A folder, a device, a file that may not be
    read, a Word or PDF document, binary data, another encoding, an empty text or one over ``limit`` bytes is an
    :class:`~vae_assistant.errors.InputError` in French (exit code 2); ``limit_label`` words the limit
    (« une situation est limitée à ») and ``action`` what an empty text leaves nothing to do (« ajouter »).
    """
    if source == STDIN:
        data, origin = _stdin_bytes(limit), "Le texte reçu"
    else:
        path = Path(source).expanduser()
        data, origin = _file_bytes(path, limit, limit_label), f"Le fichier {path}"
    return _decode(data, origin, limit, limit_label, action)


STDIN_PROMPT = (
    "Tapez ou collez le texte, puis terminez par Ctrl+D au début d'une ligne vide (Windows : Ctrl+Z puis Entrée)."
)
"""Said on the terminal when « - » waits for a text typed there: otherwise nothing tells how to end it."""


def require_terminal() -> None:
    """The assistant and the review are screens: without a terminal on both ends (a script, a pipe, a cron job)
    they would wait forever for keys that never come. A French error and exit 2 instead."""
    interactive = False
    with contextlib.suppress(OSError, ValueError, AttributeError):
        interactive = sys.stdin.isatty() and sys.stdout.isatty()
    if not interactive:
        raise InputError(
            "L'assistant s'ouvre dans un terminal : l'entrée ou la sortie n'en est pas un ici.",
            hint="Lancez-le dans une fenêtre de terminal ; en script, utilisez les commandes (vae-assistant --help).",
        )


def _stdin_bytes(limit: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("Aucun texte reçu : l'entrée standard est fermée.")
    with contextlib.suppress(OSError, ValueError):
        if sys.stdin.isatty():
            print(STDIN_PROMPT, file=sys.stderr)
    try:
        return stream.read(limit + 1)
    except OSError as exc:
        raise InputError(f"Impossible de lire l'entrée standard : {os_reason(exc)}.") from None


def _file_bytes(path: Path, limit: int, limit_label: str) -> bytes:
    """The bytes of a text file; a folder, a device or a file we may not read is a French error.

    Everything that touches the disk is inside one ``try``: even asking whether a path is a folder raises
    ``PermissionError`` in a folder the user may not enter.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(
                f"{path} est un répertoire (un dossier de fichiers), pas un fichier texte.",
                hint=f"Donnez le fichier qui contient le texte, par exemple --file {path / 'recit.txt'}",
            )
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} n'est pas un fichier ordinaire (périphérique, tube…) : il ne peut pas être lu.")
        if info.st_size > limit:
            raise InputError(
                f"Le fichier {path} est trop long ({human_size(info.st_size)}) : {limit_label} {human_size(limit)}."
            )
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise file_not_found(path) from None
    except OSError as exc:
        hint = "Vérifiez que vous avez le droit de lire ce fichier." if isinstance(exc, PermissionError) else None
        raise InputError(f"Impossible de lire le fichier {path} : {os_reason(exc)}.", hint=hint) from None


def _decode(data: bytes, origin: str, limit: int, limit_label: str, action: str) -> str:
    if len(data) > limit:
        raise InputError(f"{origin} est trop long : {limit_label} {human_size(limit)}.")
    for magic, what, hint in _NOT_TEXT:
        if data.startswith(magic):
            raise InputError(f"{origin} est {what}, pas un texte.", hint=hint)
    try:
        encoding = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{origin} n'est pas encodé en UTF-8 (premier caractère illisible à la ligne {line}).",
            hint="Il a sans doute été enregistré en « ANSI » ou Windows-1252. Enregistrez-le en UTF-8 "
            "(Bloc-notes : Enregistrer sous › Encodage : UTF-8).",
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise InputError(f"{origin} contient des données binaires : ce n'est pas un fichier texte.")
    if not text.strip():
        raise InputError(f"{origin} est vide : il n'y a rien à {action}.")
    return text


# -- a dossier's referential and matcher ---------------------------------------------------------------------------


TEXT_KEPT = "Le texte est gardé, sans repérage des compétences."
NO_MATCHING = "Les compétences ne sont pas repérées à nouveau."


def referential_and_matcher(
    dossier: Dossier, kept: str = TEXT_KEPT
) -> tuple[Referential | None, ops.MatchFunction | None, list[str]]:
    """The dossier's referential and matcher, or None with a French warning ending on ``kept`` (what the command
    still does: keep the text it was given, record a decision…): a text is never refused for it, nor for a trade
    vocabulary (``*.lexicon.yaml`` beside the referential) that cannot be read."""
    try:
        referential = dossier_referential(dossier)
    except ReferentialError as exc:
        return None, None, [f"Attention : {exc.message} {kept}"]
    try:
        return referential, match_function(referential), []
    except ReferentialError as exc:
        return referential, None, [f"Attention : {exc.message} {kept}"]
    except ImportError:
        return referential, None, ["Attention : le repérage des compétences n'est pas disponible dans cette version."]


def with_current_matches(path: Path, dossier: Dossier, referential: Referential) -> tuple[Dossier, list[str]]:
    """Re-run the matcher on what is out of date and save it (see :mod:`vae_assistant.dossier.refresh`).

    Returns the dossier to report on and the French notices to show: what was re-analysed, why it could not be
    saved, or why there is no matcher at all.
    """
    _, match, warnings = referential_and_matcher(dossier, NO_MATCHING)
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


WAITING_NOTICE = "Le dossier est utilisé par une autre commande ; j'attends qu'elle se termine…"
"""Said on stderr when a command has waited half a second for a dossier another command is changing."""


def say_waiting(owner: dict) -> None:
    """``on_wait`` for :func:`~vae_assistant.dossier.storage.open_dossier`: :data:`WAITING_NOTICE` on stderr."""
    print(WAITING_NOTICE, file=sys.stderr, flush=True)


def say_converted(version: int, original: Path | None) -> None:
    """``on_converted`` for a dossier a command saves: the conversion notice on stderr."""
    print(conversion_notice(version, original), file=sys.stderr, flush=True)


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
        raise DossierLockedError(exc.message, path=exc.path, owner=exc.owner, hint=hint, waited=exc.waited) from None


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
    if holds_for_session(owner):
        close = f"Fermez {lock.describe_holder(owner)} (Ctrl+Q), puis relancez cette commande."
    elif owner.get("command") == "dossier add":
        close = (
            "Elle attend sans doute le texte d'une situation dans son terminal : terminez-le là-bas (Ctrl+D au début "
            "d'une ligne vide), ou interrompez-la (Ctrl+C) ; puis relancez cette commande."
        )
    elif owner.get("use") == "command":
        close = "Attendez qu'elle se termine, puis relancez cette commande."
    else:
        close = "Fermez l'assistant (ou l'autre commande) qui utilise ce dossier, puis relancez cette commande."
    return f"{refused}{close} Pour le consulter en attendant : vae-assistant dossier show {shell_word(str(path))}"


def open_for_edit(path: Path, *, force: bool = False) -> DossierFile:
    """:func:`~vae_assistant.dossier.storage.open_dossier` for a command, with :func:`with_lock_advice`: a dossier
    another command is changing is waited for (:data:`~vae_assistant.dossier.lock.COMMAND_WAIT_S`, said after half
    a second); one the assistant has open is not (it holds it until it is closed)."""

    def opening(force_lock: bool) -> DossierFile:
        return open_dossier(path, force=force_lock, wait=lock.COMMAND_WAIT_S, on_wait=say_waiting)

    opened = with_lock_advice(path, force, opening)
    opened.on_converted = say_converted
    return opened
