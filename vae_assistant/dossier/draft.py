"""The answer being typed and not yet sent, kept beside its dossier so that closing the program never loses it.

A candidate writes a long answer, closes the window (Ctrl+Q, the terminal's cross, a power cut) before sending it:
the text is in no message, so the dossier cannot hold it. The assistant keeps it in ``.NAME.vae.json.draft`` beside
the dossier (UTF-8, mode 0600, written atomically like the dossier, never among its backups), and puts it back in the
input box the next time the dossier is opened. An empty box removes the file.

A draft is a convenience, not the dossier: reading or writing it never stops the candidate from working. Failures
are returned as French sentences (or ignored on reading), never raised.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from vae_assistant.dossier.storage import atomic_write
from vae_assistant.dossier.text import MAX_FILE_BYTES
from vae_assistant.errors import os_reason


def draft_path(dossier_path: Path) -> Path:
    return dossier_path.parent / f".{dossier_path.name}.draft"


def load_draft(dossier_path: Path) -> str | None:
    """The text left unsent last time, or None (no draft, or one that cannot be read: it is left in place)."""
    path = draft_path(dossier_path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    text = data.decode("utf-8", errors="replace")
    return text if text.strip() else None


def save_draft(dossier_path: Path, text: str) -> str | None:
    """Keep ``text`` as the dossier's draft (an empty or blank text removes it); the French reason on failure."""
    path = draft_path(dossier_path)
    try:
        if text.strip():
            atomic_write(path, text.encode("utf-8", errors="surrogatepass"))
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    except OSError as exc:
        return f"Le texte en cours n'a pas pu être mis de côté ({path} : {os_reason(exc)})."
    return None
