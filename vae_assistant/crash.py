"""Crash reports: an unexpected error is written to a file, never shown to the user as a traceback."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from vae_assistant import __version__
from vae_assistant.paths import user_data_dir


def write_crash_report(details: str) -> Path | str:
    """Write ``details`` to a private file in the user's data folder and return its path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = user_data_dir() / "crash-reports"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}-{os.getpid()}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"vae-assistant {__version__}\n{details}")
        return path
    except OSError:
        return "(impossible d'écrire le rapport)"
