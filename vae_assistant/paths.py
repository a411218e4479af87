"""Where the program finds its shipped data and keeps the user's files.

Shipped data (referentials, interview scripts) sits at the top of the source tree so that counsellors can find
and edit it; a wheel carries a copy inside the package under ``_data``. The user's own files (dossiers, imported
referentials) live in the per-user data folder, which ``VAE_ASSISTANT_HOME`` overrides (tests, portable installs).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from vae_assistant.errors import InputError, os_reason

APP_NAME = "vae-assistant"
HOME_ENV = "VAE_ASSISTANT_HOME"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """Return the shipped data folder ``name``, inside the package when installed, else in the source tree."""
    inside = _PACKAGE_DIR / "_data" / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent / name


def shipped_referential_dir() -> Path:
    return _shipped("referential")


def shipped_prompts_dir() -> Path:
    return _shipped("prompts")


def user_data_dir() -> Path:
    """The folder holding the user's dossiers and imported referentials (not created here)."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_referential_dir() -> Path:
    return user_data_dir() / "referentials"


def companion_file(referential_id: str, suffix: str) -> Path | None:
    """A file that goes with a referential (its lexicon, its learned weights): the user's own first (authors extend
    or replace it), then the shipped one."""
    name = referential_id + suffix
    for folder in (user_referential_dir(), shipped_referential_dir()):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def user_dossier_dir() -> Path:
    return user_data_dir() / "dossiers"


def stat_path(path: Path) -> os.stat_result | None:
    """``path.stat()``, or None when nothing is there.

    ``Path.is_dir()``, ``is_file()`` and ``exists()`` raise ``PermissionError`` (Python 3.11 and 3.12) for a path
    inside a folder the user may not enter; here that is an :class:`~vae_assistant.errors.InputError` in French
    naming the path, like any other reason the system gives.
    """
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        hint = (
            f"Vérifiez que vous avez le droit d'ouvrir le répertoire {path.parent}."
            if isinstance(exc, PermissionError)
            else None
        )
        raise InputError(f"Impossible d'accéder à {path} : {os_reason(exc)}.", hint=hint) from None
