"""The last dossier opened, so that ``vae-assistant`` with no arguments reopens it."""

from __future__ import annotations

import json
from pathlib import Path

from vae_assistant.dossier.storage import atomic_write, make_private_dirs
from vae_assistant.paths import user_data_dir

_FILE = "last-dossier.json"


def remember_last(path: Path) -> None:
    """Record ``path`` as the last opened dossier (best effort: failing to remember must not stop anyone)."""
    folder = user_data_dir()
    try:
        make_private_dirs(folder)
        data = json.dumps({"path": str(Path(path).resolve())}, ensure_ascii=False) + "\n"
        atomic_write(folder / _FILE, data.encode("utf-8"))
    except Exception:
        return


def last_dossier() -> Path | None:
    """The last opened dossier if it still exists, else None."""
    try:
        data = json.loads((user_data_dir() / _FILE).read_text(encoding="utf-8"))
        path = Path(data["path"])
        return path if path.is_file() else None  # raises PermissionError in a folder we may no longer enter
    except (OSError, ValueError, KeyError, TypeError):
        return None
