"""One opened dossier as the TUI sees it: the file and its lock, the referential, the matcher, the interview.

This is the seam between the Textual screens and the functional core. It holds no logic of its own beyond wiring:
the interview engine decides what to ask, the matcher what a text proves, coverage what is missing; the session
only builds them once per dossier and saves the file after each turn. Opening can take a moment (the matcher
builds its index), so the app calls :meth:`Session.open` from a worker thread.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vae_assistant.coverage import Coverage, compute_coverage
from vae_assistant.dossier import lock as dossier_lock
from vae_assistant.dossier.errors import DossierReadOnlyError
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.operations import MatchFunction, needs_refresh, refresh_matches
from vae_assistant.dossier.recent import remember_last
from vae_assistant.dossier.referential import dossier_referential, match_function
from vae_assistant.dossier.storage import DossierFile, conversion_pending_notice, create_dossier_file, open_dossier
from vae_assistant.errors import VaeError
from vae_assistant.referential.model import Referential
from vae_assistant.referential.registry import inactive_notice


def _matcher(referential: Referential) -> tuple[MatchFunction | None, str | None]:
    """The matcher, or None and why: a missing matcher must not keep the candidate from writing."""
    try:
        return match_function(referential), None
    except ImportError:
        unavailable = (
            "Le repérage des compétences n'est pas disponible dans cette version\u00a0: vos textes sont gardés."
        )
        return None, unavailable
    except VaeError as exc:
        return None, f"Repérage des compétences indisponible\u00a0: {exc.message}"


def _interview(referential: Referential, dossier: Dossier, match: MatchFunction | None) -> tuple[Any, str | None]:
    """The interview engine for this dossier, or None and why (the dossier stays readable without it)."""
    if match is None:
        return None, None
    try:
        from vae_assistant.interview import Interview, load_script
    except ImportError:
        return None, "L'entretien guidé n'est pas disponible dans cette version."
    try:
        return Interview(referential, dossier, match, load_script(referential)), None
    except VaeError as exc:
        return None, f"L'entretien guidé ne peut pas démarrer\u00a0: {exc}"


@dataclass
class Session:
    """An opened dossier with everything the screens need; ``warnings`` are French sentences to show once."""

    file: DossierFile
    referential: Referential
    match: MatchFunction | None
    interview: Any | None
    warnings: list[str] = field(default_factory=list)
    unsaved: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while a worker changes the dossier, so that two turns never interleave."""
    read_only_reason: str | None = None
    """Why a dossier opened for writing is read-only: the user made it so (what the core says, how to change it)."""
    unavailable: str | None = None
    """Why there is no interview (« Repérage des compétences indisponible : Poids appris illisibles… »), said again
    each time the candidate sends a text: the notice on opening is gone after a few seconds."""
    changes: str | None = None
    """What the re-analysis on opening changed in the recognised tasks (« Ce qui change — … »): kept in the
    conversation, where a candidate back after a break reads it, and not only in a notice that goes away."""

    @property
    def dossier(self) -> Dossier:
        return self.file.dossier

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    @classmethod
    def _build(cls, file: DossierFile) -> Session:
        try:
            referential = dossier_referential(file.dossier)
        except VaeError:
            file.close()
            raise
        match, why = _matcher(referential)
        unavailable = why
        warnings = [why] if why else []
        changes = None
        if match is not None and not file.read_only and needs_refresh(file.dossier, referential, match):
            refreshed = refresh_matches(file.dossier, referential, match)
            changes = refreshed.change_summary()
            warnings += [m for m in refreshed.messages() if m != changes]
        interview, why = (None, None) if file.read_only else _interview(referential, file.dossier, match)
        if why:
            warnings.append(why)
        unavailable = unavailable or why
        if file.migrated and not file.read_only:
            warnings.append(conversion_pending_notice(file.original_version, file.path))
        session = cls(file, referential, match, interview, warnings, unavailable=unavailable, changes=changes)
        if not file.read_only:
            remember_last(file.path)
        return session

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        force: bool = False,
        on_wait: Callable[[dict], None] | None = None,
    ) -> Session:
        """Open a dossier file (locked unless ``read_only``); raises the dossier's French errors.

        A dossier a command is changing (``dossier add`` in a terminal) is waited for, as a command waits for it
        (:data:`~vae_assistant.dossier.lock.COMMAND_WAIT_S`, ``on_wait`` called after half a second). A dossier the
        user made read-only opens read-only, ``read_only_reason`` saying why and how to change it.
        """
        wait = dossier_lock.COMMAND_WAIT_S
        try:
            opened = open_dossier(path, read_only=read_only, force=force, use="assistant", wait=wait, on_wait=on_wait)
        except DossierReadOnlyError as exc:
            session = cls._build(open_dossier(path, read_only=True))
            session.read_only_reason = (
                f"{exc.state}\u00a0: vous pouvez tout relire, mais rien n'y sera enregistré. {exc.hint or ''}".rstrip()
            )
            session.warnings.insert(0, f"{exc.state}\u00a0: rien n'y sera enregistré.")
            return session
        return cls._build(opened)

    @classmethod
    def create(cls, path: Path, dossier: Dossier) -> Session:
        session = cls._build(create_dossier_file(path, dossier, use="assistant"))
        notice = inactive_notice(session.referential)
        if notice:  # as `dossier new` says it: only the certifier knows which referential the jury expects
            text = re.sub(r"^Remarque\s*:\s*", "", notice)  # registry.py's line, as `dossier new` prints it
            session.warnings.append(text[:1].upper() + text[1:])
        return session

    def save(self) -> None:
        """Write the dossier now; on failure ``unsaved`` stays True and the French error propagates."""
        if self.read_only:
            return
        self.unsaved = True
        self.file.save()
        self.unsaved = False

    def apply(self, change: Callable[[], Any]) -> str | None:
        """Make a change from a form (parcours, situations) under the lock, then save.

        Raises VaeError when the change is refused (read-only dossier, a turn still running, bad input: the form
        shows why and keeps what was typed). Returns the French reason when the change is made but could not be
        written: it stays in memory (``unsaved``) and goes to disk with the next save.
        """
        if self.read_only:
            raise VaeError("Ce dossier est ouvert en lecture seule\u00a0: rien ne peut y être modifié.")
        if not self.lock.acquire(timeout=5):
            raise VaeError("L'assistant est encore occupé\u00a0; réessayez dans un instant.")
        try:
            change()
            try:
                self.save()
            except VaeError as exc:
                return str(exc)
            return None
        finally:
            self.lock.release()

    @property
    def title(self) -> str:
        """« Marie Dupont — CASP »: who and what, for the header (and « (lecture seule) » when so)."""
        ref = self.referential
        read_only = " (lecture seule)" if self.read_only else ""
        return f"{self.dossier.candidate.full_name} — {ref.short_title or ref.title}{read_only}"

    def coverage(self) -> Coverage:
        return compute_coverage(self.dossier, self.referential)

    def close(self) -> None:
        self.file.close()
