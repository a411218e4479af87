"""One program at a time per dossier: a lock file beside it.

Two windows editing the same dossier would each save over the other's text. Opening for writing therefore
creates ``.NAME.vae.json.lock`` (exclusively) holding who opened it: process id, machine, user, since when. A
second opener gets :class:`~vae_assistant.dossier.errors.DossierLockedError` and can open read-only instead.

The lock also says what holds it (``use``): the assistant or the counsellor's review hold it for a whole session,
a command for a second or two. A command that finds the dossier held by another command on this machine may wait
for it (``wait``, :data:`COMMAND_WAIT_S` for the command line); waiting for a session would not help, so that fails
at once and says which program to close.

A lock whose process is dead on this machine is stale (a crash, a killed terminal) and is taken over silently. A
lock from another machine (a dossier on a shared drive) cannot be checked: it is reported, and the user may force
it. An unreadable lock file is stale once it is older than a few seconds (it may be half-written right now).
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import json
import os
import secrets
import socket
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from vae_assistant.dossier.errors import DossierError, DossierLockedError
from vae_assistant.errors import os_reason

UNREADABLE_LOCK_GRACE_S = 10.0

COMMAND_WAIT_S = 10.0
"""How long a command waits for a dossier another command is changing. The commands that change a dossier hold it
for about a second (``dossier add`` with the matcher on a long text: 1.2 s in all, measured; a Word draft of
several situations a little more): ten seconds let a few of them end one after the other, and are still short
enough that a candidate waiting at the terminal is told soon why nothing happens. A command still running after
that is waiting for something else (a text typed on its standard input)."""

WAIT_NOTICE_S = 0.5
"""A wait longer than this is said (``on_wait``): a shorter one goes unnoticed."""

POLL_S = 0.1

Use = Literal["assistant", "review", "command"]
"""What holds a lock: the assistant or the counsellor's review (for a whole session), or a command."""

SESSION_USES: dict[str, str] = {"assistant": "l'assistant", "review": "la revue de l'accompagnateur"}

command_name: str | None = None
"""The command this process runs (« dossier add »), written in the locks it takes; set by the command line."""


def lock_path(dossier_path: Path) -> Path:
    return dossier_path.parent / f".{dossier_path.name}.lock"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate the process on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "?"


def read_owner(dossier_path: Path) -> dict | None:
    """Who holds the lock on a dossier (a dict with pid, host, user, since), or None when it is free or stale."""
    path = lock_path(dossier_path)
    owner = _read(path)
    if owner is None or _is_stale(path, owner):
        return None
    return owner


def _read(path: Path) -> dict | None:
    """The lock's content; ``{}`` for a lock file that exists but cannot be read; None when there is none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_stale(path: Path, owner: dict) -> bool:
    if not owner:
        try:
            return time.time() - path.stat().st_mtime > UNREADABLE_LOCK_GRACE_S
        except OSError:
            return True
    if owner.get("host") != socket.gethostname():
        return False
    pid = owner.get("pid")
    return not isinstance(pid, int) or not _pid_alive(pid)


def describe_owner(owner: dict) -> str:
    """« le processus 1234 de marie sur portable, depuis le 04/03/2025 à 10:22 »; any part may be missing (a lock
    file being written, or damaged, reads as ``{}``)."""
    since = ""
    with contextlib.suppress(TypeError, ValueError):
        moment = datetime.fromisoformat(owner.get("since")).astimezone()  # type: ignore[arg-type]
        since = f", depuis le {moment:%d/%m/%Y à %H:%M}"
    who = f" de {owner['user']}" if owner.get("user") else ""
    where = f" sur {owner['host']}" if owner.get("host") else ""
    return f"le processus {owner.get('pid', '?')}{who}{where}{since}"


def describe_holder(owner: dict) -> str | None:
    """« l'assistant », « la commande « vae-assistant dossier add » », « une commande vae-assistant »; None for a
    lock that does not say (written by an older version, or damaged)."""
    use = owner.get("use")
    if use in SESSION_USES:
        return SESSION_USES[use]
    if use != "command":
        return None
    command = owner.get("command")
    if not isinstance(command, str):
        return "une commande vae-assistant"
    return f"la commande «\u00a0vae-assistant {command}\u00a0»"


def holds_for_session(owner: dict) -> bool:
    """Whether the lock's holder keeps it for a whole session (the assistant, the review): waiting cannot help."""
    return owner.get("use") in SESSION_USES


def _waiting_helps(owner: dict) -> bool:
    """A command, or an unknown holder, on this machine: it may end soon. A session does not; a lock from another
    machine cannot be checked and keeps its own handling (reported at once, ``force`` takes it over)."""
    return not holds_for_session(owner) and owner.get("host") in (None, socket.gethostname())


def _locked_error(dossier_path: Path, owner: dict, waited: float) -> DossierLockedError:
    holder, who = describe_holder(owner), describe_owner(owner)
    if holds_for_session(owner):
        message = f"Ce dossier est ouvert dans {holder} ({who})."
    elif holder is not None:
        message = f"Ce dossier est utilisé par {holder} ({who})."
    else:
        message = f"Ce dossier est déjà ouvert par un autre programme ({who})."
    if waited and not holds_for_session(owner):
        seconds = f"{waited:g}".replace(".", ",")
        message = f"{message[:-1]} ; il l'est toujours après {seconds}\u00a0secondes d'attente."
    return DossierLockedError(
        message,
        path=dossier_path,
        owner=owner,
        waited=waited,
        hint="Fermez l'autre fenêtre, ou ouvrez le dossier en lecture seule. Si ce programme n'existe "
        "plus (autre ordinateur éteint), vous pouvez forcer l'ouverture.",
    )


class DossierLock:
    """A held lock on a dossier; :meth:`release` (or leaving the ``with`` block) gives it back."""

    def __init__(self, dossier_path: Path, token: str) -> None:
        self.dossier_path = dossier_path
        self.path = lock_path(dossier_path)
        self.token = token
        self.held = True
        atexit.register(self.release)

    @classmethod
    def acquire(
        cls,
        dossier_path: Path,
        *,
        force: bool = False,
        use: Use = "command",
        wait: float = 0.0,
        on_wait: Callable[[dict], None] | None = None,
    ) -> DossierLock:
        """Take the lock, taking over a stale one (or any one with ``force``).

        ``use`` says what takes it (see :data:`Use`). A lock another command holds on this machine is waited for
        up to ``wait`` seconds; ``on_wait(owner)`` is called once when the wait passes :data:`WAIT_NOTICE_S`. A
        session's lock, one from another machine, or one still held then raises DossierLockedError.
        """
        path = lock_path(dossier_path)
        token = secrets.token_hex(8)
        mine = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": _user(),
            "since": datetime.now(UTC).isoformat(),
            "program": "vae-assistant",
            "use": use,
            "token": token,
        }
        if use == "command" and command_name:
            mine["command"] = command_name
        content = json.dumps(mine, ensure_ascii=False)
        started = time.monotonic()
        changes, told = 0, False
        while True:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                owner = _read(path)
                if owner is None or force or _is_stale(path, owner):
                    if owner is not None:  # None: released in between; else stale (or forced): take it over
                        with contextlib.suppress(FileNotFoundError):
                            path.unlink()
                    changes += 1
                    if changes >= 3 and time.monotonic() - started >= wait:
                        break
                    continue
                waited = time.monotonic() - started
                if not _waiting_helps(owner) or waited >= wait:
                    raise _locked_error(dossier_path, owner, wait if _waiting_helps(owner) else 0.0) from None
                if on_wait is not None and not told and waited >= WAIT_NOTICE_S:
                    on_wait(owner)
                    told = True
                time.sleep(min(POLL_S, wait - waited))
                continue
            except OSError as exc:
                raise DossierError(
                    f"Impossible de verrouiller le dossier {dossier_path} : {os_reason(exc)}.",
                    hint=f"Le dossier n'a pas été modifié. Pour le changer, il faut pouvoir écrire dans le répertoire "
                    f"{dossier_path.parent} (le verrou et les sauvegardes s'y écrivent) : copiez-le ailleurs, ou "
                    "ouvrez-le en lecture seule.",
                ) from None
            try:
                os.write(fd, content.encode("utf-8"))
            finally:
                os.close(fd)
            return cls(dossier_path, token)
        raise DossierError(f"Impossible de verrouiller le dossier {dossier_path} : le verrou change sans cesse.")

    def release(self) -> None:
        """Remove the lock file if it is still ours (a forced takeover elsewhere must not be undone)."""
        if not self.held:
            return
        self.held = False
        atexit.unregister(self.release)
        owner = _read(self.path)
        if owner and owner.get("token") == self.token:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def __enter__(self) -> DossierLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
