"""Keeping a dossier on disk without ever losing a word.

One dossier is one UTF-8 JSON file, ``NAME.vae.json``: indented, non-ASCII characters written as themselves, so
that a person can read it and a diff shows what changed. Writing it:

1. refuses when the file changed on disk since it was opened (someone else's changes would be lost);
2. copies the version about to be replaced into the hidden folder ``.NAME.vae.json.backups/`` beside it, named by
   the time that version was saved (``20250304-102231-123456.vae.json``); the 10 newest are kept. A dossier
   migrated from an older format also keeps its original there (``original-v1-….vae.json``), never rotated;
3. writes the new content to a temporary file in the same folder, flushes and fsyncs it, renames it over the
   dossier (atomic on POSIX and Windows) and fsyncs the folder.

A crash at any moment therefore leaves either the previous or the new file, never a mix. Files are created with
mode 0600 and the folders this module creates with 0700: a dossier holds personal data.

Reading never writes. A corrupt, truncated, empty, non-UTF-8, foreign or too-new file raises
:class:`~vae_assistant.dossier.errors.DossierLoadError` naming the newest backup that does load;
:func:`restore_backup` puts a backup back (the unreadable file is itself kept, as ``illisible-….vae.json``).
Opening for writing (:func:`open_dossier`) takes the lock of :mod:`vae_assistant.dossier.lock`.

A dossier the user made read-only (see :func:`write_protection`; an immutable file too) is never written: opening
it for writing, saving, restoring a backup raise :class:`~vae_assistant.dossier.errors.DossierReadOnlyError`
before anything is written beside it (no lock, no backup); it still opens read-only.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import hashlib
import json
import os
import re
import shlex
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISDIR, S_ISREG, S_IWUSR
from typing import Literal

from pydantic import ValidationError

from vae_assistant.dossier.errors import (
    DossierConflictError,
    DossierError,
    DossierLoadError,
    DossierReadOnlyError,
    describe_validation_error,
)
from vae_assistant.dossier.lock import DossierLock, Use
from vae_assistant.dossier.migrations import MigrationError, migrate
from vae_assistant.dossier.model import SCHEMA_VERSION, Dossier
from vae_assistant.dossier.text import MAX_FILE_BYTES, human_size
from vae_assistant.errors import InputError, os_reason
from vae_assistant.paths import stat_path, user_dossier_dir
from vae_assistant.shell import shell_word

SUFFIX = ".vae.json"
BACKUPS_KEPT = 10
REMOVAL_BACKUPS_KEPT = 10
"""Versions saved just before a situation disappeared, kept besides the BACKUPS_KEPT others (see _back_up_version)."""

REMOVAL_MARK = "-avant-suppression"
_VERSION_NAME = re.compile(rf"^\d{{8}}-\d{{6}}-\d{{6}}(?:-\d+|(?P<removal>{REMOVAL_MARK}(?:-\d+)?))?\.vae\.json$")


# -- paths -------------------------------------------------------------------------------------------------------------


def dossier_path(name: str | Path, *, new: bool = False) -> Path:
    """The file a name on the command line designates.

    A bare name (no folder part) means the user's dossier folder — for an existing dossier, a file of that name in
    the current folder wins. ``.vae.json`` is added when missing.
    """
    text = str(name).strip()
    if not text:
        raise InputError("Indiquez le nom ou le chemin du dossier.")
    if new and any(ord(c) < 32 or ord(c) == 127 for c in text):
        # pasted from a terminal (an escape, a tab): a file no one could type, and echoing it drives the terminal
        raise InputError(
            "Le nom du dossier contient un caractère invisible (caractère de contrôle, tabulation…).",
            hint="Choisissez un nom fait de lettres, de chiffres et de tirets, par exemple : mon-dossier",
        )
    path = Path(text).expanduser()
    found = stat_path(path)  # a folder the user may not enter is a French error here, not later
    if found and S_ISDIR(found.st_mode):
        raise InputError(f"{path} est un répertoire : indiquez un fichier de dossier ({SUFFIX}).")
    if not path.name.endswith(SUFFIX):
        if new and path.suffix.lower() == ".json":
            raise InputError(f"Un dossier de candidat porte l'extension {SUFFIX} : {path.name} ne convient pas.")
        if not (found and S_ISREG(found.st_mode) and not new):
            path = path.with_name(path.name + SUFFIX)
            found = stat_path(path)
    if len(Path(text).parts) == 1 and not text.startswith("."):
        if not new and found:
            return path
        return user_dossier_dir() / path.name
    return path


def follow_link(path: Path) -> Path:
    """The file a symbolic link designates (a dossier kept in a synchronised folder and linked from elsewhere): the
    rename that saves would otherwise replace the link by a file, and the linked dossier would silently stop
    changing. Anything else is returned as is."""
    with contextlib.suppress(OSError, RuntimeError):
        if path.is_symlink():
            return path.resolve()
    return path


def refuse_dossier_as_output(path: Path, what: str) -> None:
    """Writing ``what`` (a fiche, a referential…) over a dossier file would lose the candidate's text, and the
    dossier's own backups only keep the versions before its last save: refused even with ``--force``."""
    if path.name.endswith(SUFFIX):
        raise InputError(
            f"{path} est un dossier de candidat ({SUFFIX}) : {what} ne peut pas le remplacer, même avec --force.",
            hint="Choisissez un autre nom de fichier avec -o.",
        )


def backups_dir(path: Path) -> Path:
    return path.parent / f".{path.name}.backups"


def make_private_dirs(directory: Path) -> None:
    """Create ``directory`` and missing parents with mode 0700 (``os.makedirs`` applies it to the leaf only)."""
    missing = []
    current = directory
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DossierError(f"Impossible de créer le répertoire {folder} : {os_reason(exc)}.") from None


def list_dossiers(folder: Path | None = None) -> list[Path]:
    """The dossier files of a folder (by default the user's), by name."""
    folder = folder or user_dossier_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SUFFIX}") if p.is_file() and not p.name.startswith("."))


# -- encoding ----------------------------------------------------------------------------------------------------------


def encode(dossier: Dossier) -> bytes:
    """The file's bytes: the same dossier always gives the same bytes (a load-save round trip changes nothing)."""
    text = json.dumps(dossier.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8", errors="replace")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SYNTAX_BY_HAND = (
    "S'il a été modifié à la main, corrigez l'endroit indiqué dans un éditeur de texte (le plus souvent une "
    "virgule, un guillemet ou une accolade en trop ou en moins)."
)
_FIELDS_BY_HAND = "S'il a été modifié à la main, corrigez les champs indiqués dans un éditeur de texte."


class _Unreadable(Exception):
    def __init__(self, reason: str, *, too_new: bool = False, by_hand: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_new = too_new
        self.by_hand = by_hand  # damage an edit by hand leaves: how to correct it in a text editor


def _parse(data: bytes) -> tuple[Dossier, int]:
    """Bytes → current-version dossier and the version the bytes had; _Unreadable with a French reason."""
    if not data.strip():
        raise _Unreadable("le fichier est vide")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise _Unreadable(f"ce n'est pas un texte UTF-8 (octet invalide à la position {exc.start})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text.lstrip().startswith("{"):
            # Every dossier starts with « { »: anything else was never one (or was overwritten by another program).
            raise _Unreadable("ce fichier n'est pas un dossier de vae-assistant (ce n'est pas du JSON)") from None
        ends_early = "\n" not in text[exc.pos :].rstrip() and not text.rstrip().endswith("}")
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string") or ends_early:
            raise _Unreadable("le fichier est tronqué : il s'arrête au milieu des données") from None
        raise _Unreadable(
            f"le contenu est abîmé (JSON invalide, ligne {exc.lineno}, colonne {exc.colno})", by_hand=_SYNTAX_BY_HAND
        ) from None
    except RecursionError:
        raise _Unreadable("le contenu est abîmé (imbrication démesurée)") from None
    except ValueError:  # not a JSONDecodeError: a number too long for Python to convert (over 4300 digits)
        raise _Unreadable("le contenu est abîmé (nombre démesuré)") from None
    if not isinstance(raw, dict) or "schema_version" not in raw or "candidate" not in raw:
        raise _Unreadable("ce fichier n'est pas un dossier de vae-assistant")
    version = raw["schema_version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise _Unreadable(
            f"il a été écrit par une version plus récente de vae-assistant (format {version} ; "
            f"cette version lit jusqu'au format {SCHEMA_VERSION})",
            too_new=True,
        )
    try:
        raw, original = migrate(raw)
    except MigrationError as exc:
        raise _Unreadable(f"ce fichier n'est pas un dossier lisible ({exc})") from None
    try:
        return Dossier.model_validate(raw), original
    except ValidationError as exc:
        reason = "son contenu ne respecte pas le format d'un dossier :\n" + describe_validation_error(exc)
        raise _Unreadable(reason, by_hand=_FIELDS_BY_HAND) from None


def parse_dossier(data: bytes) -> Dossier:
    """Decode a dossier from bytes (tests, imports); raises DossierError with the French reason."""
    try:
        return _parse(data)[0]
    except _Unreadable as exc:
        raise DossierError(f"Dossier illisible : {exc.reason}.") from None


# -- backups -----------------------------------------------------------------------------------------------------------

BackupKind = Literal["version", "original", "unreadable"]


@dataclass(frozen=True)
class Backup:
    """A copy kept in the backups folder. Versions are numbered from 1 (the newest)."""

    path: Path
    kind: BackupKind
    number: int | None
    saved_at: datetime
    before_removal: bool = False
    """The version saved just before a situation was removed: out of the rotation of the BACKUPS_KEPT others."""

    @property
    def label(self) -> str:
        moment = self.saved_at.astimezone()
        when = f"enregistrée le {moment:%d/%m/%Y à %H:%M:%S}"
        if self.kind == "version":
            removal = ", avant la suppression d'une situation" if self.before_removal else ""
            return f"sauvegarde n° {self.number} ({when}{removal})"
        if self.kind == "original":
            return f"original avant conversion de format ({self.path.name})"
        return f"fichier illisible mis de côté ({self.path.name})"

    def check(self) -> str | None:
        """None when this backup loads; otherwise the French reason it does not."""
        try:
            _parse(self.path.read_bytes())
        except _Unreadable as exc:
            return exc.reason
        except OSError as exc:
            return os_reason(exc)
        return None


def list_backups(path: Path) -> list[Backup]:
    """Numbered versions newest first, then the originals and unreadable files kept aside."""
    folder = backups_dir(follow_link(Path(path)))
    if not folder.is_dir():
        return []
    versions, others = [], []
    for file in folder.iterdir():
        if not file.is_file() or not file.name.endswith(SUFFIX):
            continue
        with contextlib.suppress(OSError):
            saved_at = datetime.fromtimestamp(file.stat().st_mtime, UTC)
            named = _VERSION_NAME.match(file.name)
            if named:
                versions.append((file, saved_at, named.group("removal") is not None))
            else:
                kind: BackupKind = "original" if file.name.startswith("original-") else "unreadable"
                others.append(Backup(file, kind, None, saved_at))
    versions.sort(key=lambda item: item[0].name, reverse=True)
    numbered = [
        Backup(file, "version", n, saved_at, removal) for n, (file, saved_at, removal) in enumerate(versions, start=1)
    ]
    return numbered + sorted(others, key=lambda b: b.path.name, reverse=True)


def newest_good_backup(path: Path) -> Backup | None:
    for backup in list_backups(path):
        if backup.kind == "version" and backup.check() is None:
            return backup
    return None


def _stamp(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y%m%d-%H%M%S-%f")


def _unique(folder: Path, stem: str) -> Path:
    candidate = folder / f"{stem}{SUFFIX}"
    n = 1
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{SUFFIX}"
        n += 1
    return candidate


def _keep_copy(path: Path, data: bytes, stem: str, mtime: float) -> Path:
    folder = backups_dir(path)
    make_private_dirs(folder)
    target = _unique(folder, stem)
    atomic_write(target, data)
    with contextlib.suppress(OSError):
        os.utime(target, (mtime, mtime))
    return target


def _situation_ids(data: bytes) -> set[str]:
    """The ids of the situations in a dossier's bytes (none when they cannot be read)."""
    try:
        raw = json.loads(data.decode("utf-8").removeprefix("\ufeff"))
        return {str(s.get("id")) for s in raw.get("situations", []) if isinstance(s, dict)}
    except (ValueError, AttributeError, RecursionError):
        return set()


def _back_up_version(path: Path, data: bytes, mtime: float, *, removal: bool = False) -> None:
    """Keep ``data`` (the version being replaced) unless the newest backup already holds it; rotate.

    ``removal``: the new content lacks a situation that ``data`` has. That version is kept out of the rotation (the
    REMOVAL_BACKUPS_KEPT newest such): the assistant saves after every message, and ten saves would otherwise
    take away the only copy of a situation deleted by mistake.
    """
    versions = [b for b in list_backups(path) if b.kind == "version"]
    if versions:
        newest = versions[0]
        with contextlib.suppress(OSError):
            if newest.path.stat().st_size == len(data) and newest.path.read_bytes() == data:
                if removal and not newest.before_removal:
                    marked = _unique(newest.path.parent, newest.path.name.removesuffix(SUFFIX) + REMOVAL_MARK)
                    newest.path.rename(marked)
                return
    _keep_copy(path, data, _stamp(mtime) + (REMOVAL_MARK if removal else ""), mtime)
    versions = [b for b in list_backups(path) if b.kind == "version"]
    rotated = [b for b in versions if not b.before_removal][BACKUPS_KEPT:]
    rotated += [b for b in versions if b.before_removal][REMOVAL_BACKUPS_KEPT:]
    for old in rotated:
        with contextlib.suppress(OSError):
            old.path.unlink()


# -- writing -----------------------------------------------------------------------------------------------------------


FOLDER_MODE_COUNTS = os.name != "nt"
"""Whether a folder's mode says it is read-only. Not on Windows: there a folder's « Lecture seule » attribute
(which Python shows as mode 0555) only marks a customised folder, such as Documents, and never stops writing."""


def write_protection(path: Path) -> DossierReadOnlyError | None:
    """Why the dossier at ``path`` must not be written, or None.

    Read-only means what the user set: no write permission for the owner on the file (``chmod 444``, « Lecture
    seule » on Windows) or on its folder (see :data:`FOLDER_MODE_COUNTS`), or a folder where we may not write (a
    read-only medium, another user's folder), or a file the system protects against any change (the immutable
    attribute: see :func:`_locked_by_attribute`). The files this module creates are 0600, so they are never
    read-only by accident. A path that cannot be examined is left to the step that uses it (it says why in its
    own words).
    """
    path = follow_link(Path(path))
    try:
        file = stat_path(path)
        folder = stat_path(path.parent)
    except InputError:
        return None
    quoted = shlex.quote(str(path))
    if file is not None and S_ISREG(file.st_mode) and not file.st_mode & S_IWUSR:
        return DossierReadOnlyError(
            f"Le dossier {path} est en lecture seule",
            path=path,
            hint="Pour pouvoir le modifier, rendez-le de nouveau modifiable : dans un terminal, "
            f"chmod u+w {quoted} ; ou dans le gestionnaire de fichiers, Propriétés › Permissions (sous Windows, "
            "décochez «\u00a0Lecture seule\u00a0»).",
        )
    if folder is not None and S_ISDIR(folder.st_mode) and (
        (FOLDER_MODE_COUNTS and not folder.st_mode & S_IWUSR) or not os.access(path.parent, os.W_OK)
    ):
        return DossierReadOnlyError(
            f"Le dossier {path} est dans un répertoire en lecture seule ({path.parent})",
            path=path,
            hint=f"Pour pouvoir le modifier, copiez-le dans un répertoire où vous pouvez écrire{_for_example(path)} "
            f"et ouvrez la copie ; ou rendez ce répertoire modifiable : chmod u+w {shlex.quote(str(path.parent))}",
        )
    if file is not None and S_ISREG(file.st_mode) and _locked_by_attribute(path):
        return DossierReadOnlyError(
            f"Le dossier {path} est protégé contre toute modification (attribut «\u00a0immuable\u00a0» ou "
            "«\u00a0ajout seulement\u00a0» du système de fichiers)",
            path=path,
            hint=f"Pour pouvoir le modifier, retirez cet attribut dans un terminal : sudo chattr -i -a {quoted} "
            f"(sous macOS : chflags nouchg {quoted}).",
        )
    return None


def _locked_by_attribute(path: Path) -> bool:
    """Whether the system refuses any change to the file at ``path``, whatever its mode and even to root: the
    immutable or append-only attribute (``chattr +i`` or ``+a`` on Linux, ``chflags uchg`` on macOS).

    Saving such a dossier failed only at its last step, the rename over the file, after the version it replaces
    had been copied into the backups: a backup, and its folder, were left beside a dossier that had not changed.
    Opening the file for writing, and closing it without writing a byte, is how to ask: the system refuses it with
    EPERM (« opération non permise »). A permission refused (EACCES: another user's file, which the rename may still
    replace) is not this, nor anything else that goes wrong here: the save says it in its own words.
    """
    if os.name == "nt":
        return False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        return exc.errno == errno.EPERM
    os.close(fd)
    return False


def _for_example(path: Path) -> str:
    """`` (par exemple DOSSIERS)``, DOSSIERS being the user's dossier folder; nothing when ``path`` is in it (then
    it is the read-only folder, and no example to copy it to)."""
    with contextlib.suppress(OSError, RuntimeError):
        if path.parent.resolve() == user_dossier_dir().resolve():
            return ""
    return f" (par exemple {user_dossier_dir()})"


def _refuse_if_read_only(path: Path) -> None:
    problem = write_protection(path)
    if problem is not None:
        raise problem


def _write_all(handle, data: bytes) -> None:  # type: ignore[no-untyped-def]
    handle.write(data)


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a fsynced temporary file and a rename; mode 0600."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), 0o600)
            _write_all(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _save_failed(path: Path, exc: OSError) -> DossierError:
    return DossierError(
        f"Impossible d'enregistrer le dossier {path} : {os_reason(exc)}.",
        hint="La version précédente du fichier est intacte. Vérifiez la place disponible et les droits du "
        "répertoire, puis enregistrez de nouveau.",
    )


def write_dossier(
    dossier: Dossier,
    path: Path,
    *,
    expected_digest: str | None = None,
    original_version: int | None = None,
) -> str:
    """Save ``dossier`` to ``path`` (see the module docstring); return the digest of what was written.

    ``expected_digest`` is the digest of the file as it was read: a different file on disk raises
    DossierConflictError. ``original_version`` is the schema version the dossier was migrated from: the file on
    disk is then kept aside as ``original-vN-….vae.json`` before being replaced.
    """
    path = follow_link(Path(path))
    _refuse_if_read_only(path)
    data = encode(dossier)
    if len(data) > MAX_FILE_BYTES:
        raise DossierError(
            f"Le dossier est trop volumineux pour être enregistré ({human_size(len(data))} ; au plus "
            f"{human_size(MAX_FILE_BYTES)}).",
            hint="Supprimez ou raccourcissez les textes collés par erreur ; le fichier sur le disque est intact.",
        )
    try:
        make_private_dirs(path.parent)
        try:
            stat = path.stat()
            current = path.read_bytes()
        except FileNotFoundError:
            stat, current = None, None
        if current is not None and expected_digest is not None and digest(current) != expected_digest:
            raise DossierConflictError(
                f"Le fichier {path} a été modifié par un autre programme depuis son ouverture : l'enregistrer "
                "maintenant effacerait ces changements.",
                hint="Vos modifications ne sont pas enregistrées. Rouvrez le dossier pour voir l'autre version ; "
                "vous pouvez aussi forcer l'enregistrement (l'autre version ira dans les sauvegardes).",
            )
        if current == data:
            return digest(data)
        if current is not None and stat is not None:
            if original_version is not None and original_version < SCHEMA_VERSION:
                _keep_copy(path, current, f"original-v{original_version}-{_stamp(stat.st_mtime)}", stat.st_mtime)
            removal = bool(_situation_ids(current) - {s.id for s in dossier.situations})
            _back_up_version(path, current, stat.st_mtime, removal=removal)
        atomic_write(path, data)
    except OSError as exc:
        raise _save_failed(path, exc) from None
    return digest(data)


# -- reading -----------------------------------------------------------------------------------------------------------


@dataclass
class Loaded:
    dossier: Dossier
    digest: str
    original_version: int


def close_dossier(path: Path) -> str | None:
    """The dossier of the same folder whose name is closest to a mistyped one (« mon-dosier » → « mon-dossier »),
    as the user would type it: its bare name in the user's dossier folder, else its path."""
    names: list[str] = []
    with contextlib.suppress(OSError):
        names = [entry.name for entry in os.scandir(path.parent) if entry.name.endswith(SUFFIX)]
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    if not close:
        return None
    found = path.with_name(close[0])
    return shell_word(found.name.removesuffix(SUFFIX) if path.parent == user_dossier_dir() else str(found))


def _load_error(
    path: Path, reason: str, *, too_new: bool = False, missing: bool = False, by_hand: str | None = None
) -> DossierLoadError:
    message = f"Impossible d'ouvrir le dossier {path} : {reason}."
    if too_new:
        return DossierLoadError(
            message,
            path=path,
            hint="Mettez vae-assistant à jour pour l'ouvrir. Le fichier n'a pas été modifié.",
        )
    backup = newest_good_backup(path)
    if backup is None and missing:
        close = close_dossier(path)
        hint = (
            (f"Vouliez-vous dire {close} ? " if close else "Vérifiez le nom ou le chemin : ")
            + f"« vae-assistant dossier list » montre les dossiers de {user_dossier_dir()}, "
            "« vae-assistant dossier new » en crée un."
        )
        return DossierLoadError(message, path=path, hint=hint, missing=True)
    fix = f"\n{by_hand}" if by_hand else ""
    if backup is None:
        hint = f"Aucune sauvegarde lisible n'a été trouvée. Le fichier n'a pas été modifié.{fix}"
        return DossierLoadError(message, path=path, hint=hint, missing=missing, by_hand=by_hand)
    kept = "" if missing else "Le fichier n'a pas été modifié. "
    hint = (
        f"{kept}Dernière version lisible : {backup.label}, {backup.path}.\n"
        f"Pour la restaurer : vae-assistant dossier restore {shell_word(str(path))} --backup {backup.number}{fix}"
    )
    return DossierLoadError(message, path=path, backup=backup.path, hint=hint, missing=missing, by_hand=by_hand)


def read_dossier(path: Path) -> Loaded:
    """Read and migrate a dossier; never writes anything."""
    path = follow_link(Path(path))
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise _load_error(path, "c'est un répertoire, pas un fichier")
        if size > MAX_FILE_BYTES:
            raise _load_error(
                path, f"le fichier est trop volumineux ({human_size(size)} ; au plus {human_size(MAX_FILE_BYTES)})"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise _load_error(path, "le fichier n'existe pas", missing=True) from None
    except PermissionError as exc:
        # The file is not damaged: a backup would bring back an older text, and restoring it fails the same way.
        raise DossierLoadError(
            f"Impossible d'ouvrir le dossier {path} : lecture impossible ({os_reason(exc)}).",
            path=path,
            hint="Le fichier n'est pas abîmé : vérifiez que vous avez le droit de le lire (et celui d'entrer dans "
            "son répertoire), par exemple qu'il vous appartient. Le fichier n'a pas été modifié.",
        ) from None
    except OSError as exc:
        raise _load_error(path, f"lecture impossible ({os_reason(exc)})") from None
    try:
        dossier, original = _parse(data)
    except _Unreadable as exc:
        raise _load_error(path, exc.reason, too_new=exc.too_new, by_hand=exc.by_hand) from None
    return Loaded(dossier, digest(data), original)


def load_dossier(path: Path) -> Dossier:
    """The dossier at ``path``, read-only (no lock): for display, coverage, the livret."""
    return read_dossier(path).dossier


# -- an opened dossier -------------------------------------------------------------------------------------------------


def conversion_notice(version: int, original: Path | None) -> str:
    """What to tell the candidate once a dossier written by an older vae-assistant has been converted on saving
    (the file changed format; its original is kept in the backups)."""
    kept = f" L'original est gardé : {original}." if original is not None else ""
    return (
        f"Ce dossier venait d'une version plus ancienne de vae-assistant (format {version}) : il est maintenant "
        f"enregistré au format {SCHEMA_VERSION}.{kept}"
    )


def conversion_pending_notice(version: int, path: Path) -> str:
    """What to tell someone who opens, to change it, a dossier written by an older vae-assistant: it will be
    converted on its first save, and its original kept with the backups."""
    return (
        f"Ce dossier vient d'une version plus ancienne de vae-assistant (format {version}) : il sera enregistré au "
        f"format {SCHEMA_VERSION} dès la première modification ; l'original sera gardé dans {backups_dir(path)}."
    )


class DossierFile:
    """A dossier opened by one program: its path, its content, its lock, and how to save it.

    Use it as a context manager (the lock is released on exit) or call :meth:`close`.
    """

    def __init__(self, path: Path, loaded: Loaded, lock: DossierLock | None) -> None:
        self.path = path
        self.dossier = loaded.dossier
        self.original_version = loaded.original_version
        self.lock = lock
        self._digest = loaded.digest
        self.on_converted: Callable[[int, Path | None], None] | None = None
        """Told, after the save that converts a dossier of an older format, that format and where its original
        was kept: a shell says so once (the conversion is otherwise silent)."""

    @property
    def read_only(self) -> bool:
        return self.lock is None

    @property
    def migrated(self) -> bool:
        """True when the file on disk has an older format; saving converts it (the original is kept)."""
        return self.original_version < SCHEMA_VERSION

    def save(self, *, force: bool = False) -> None:
        if self.lock is None:
            raise DossierError(f"Le dossier {self.path} est ouvert en lecture seule : il ne peut pas être enregistré.")
        self._digest = write_dossier(
            self.dossier,
            self.path,
            expected_digest=None if force else self._digest,
            original_version=self.original_version,
        )
        converted_from, self.original_version = self.original_version, SCHEMA_VERSION
        if converted_from < SCHEMA_VERSION and self.on_converted is not None:
            originals = [b.path for b in list_backups(self.path) if b.kind == "original"]
            self.on_converted(converted_from, max(originals, key=lambda p: p.name) if originals else None)

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> DossierFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_dossier(
    path: Path,
    *,
    read_only: bool = False,
    force: bool = False,
    use: Use = "command",
    wait: float = 0.0,
    on_wait: Callable[[dict], None] | None = None,
) -> DossierFile:
    """Open a dossier for editing (locked) or reading.

    Raises DossierReadOnlyError when the user made it read-only (it may still be opened with ``read_only``), and
    DossierLockedError when another program has it; ``use``, ``wait`` and ``on_wait`` go to
    :meth:`DossierLock.acquire`. Through a symbolic link, the linked file is opened (and locked, and saved): see
    :func:`follow_link`."""
    path = follow_link(Path(path))
    if read_only:
        return DossierFile(path, read_dossier(path), None)
    if not path.exists():
        raise _load_error(path, "le fichier n'existe pas", missing=True)
    _refuse_if_read_only(path)
    lock = DossierLock.acquire(path, force=force, use=use, wait=wait, on_wait=on_wait)
    try:
        return DossierFile(path, read_dossier(path), lock)
    except BaseException:
        lock.release()
        raise


def create_dossier_file(path: Path, dossier: Dossier, *, use: Use = "command") -> DossierFile:
    """Write a new dossier and return it opened (locked). Refuses when the file already exists."""
    path = follow_link(Path(path))

    def refuse() -> DossierError:
        return DossierError(
            f"Un dossier existe déjà ici : {path}. Il n'a pas été modifié.",
            hint="Choisissez un autre nom, ou ouvrez ce dossier.",
        )

    if path.exists():
        raise refuse()
    if write_protection(path) is not None:
        raise DossierError(
            f"Impossible de créer le dossier {path} : le répertoire {path.parent} est en lecture seule.",
            hint=f"Choisissez un autre emplacement, dans un répertoire où vous pouvez écrire{_for_example(path)}.",
        )
    make_private_dirs(path.parent)
    lock = DossierLock.acquire(path, use=use)
    try:
        if path.exists():
            raise refuse()
        written = write_dossier(dossier, path)
    except BaseException:
        lock.release()
        raise
    return DossierFile(path, Loaded(dossier, written, SCHEMA_VERSION), lock)


def restore_backup(
    path: Path,
    number: int | None = None,
    *,
    force: bool = False,
    wait: float = 0.0,
    on_wait: Callable[[dict], None] | None = None,
    on_unreadable_kept: Callable[[Path], None] | None = None,
) -> Backup:
    """Put back backup ``number`` (1 = newest), or the newest that loads; the replaced file is kept aside.

    ``wait`` and ``on_wait``: as for :func:`open_dossier`. ``on_unreadable_kept`` is told where the replaced file
    was kept when it was unreadable (``illisible-….vae.json`` in the backups folder); a readable one joins the
    numbered backups."""
    path = follow_link(Path(path))
    _refuse_if_read_only(path)
    versions = [b for b in list_backups(path) if b.kind == "version"]
    if not versions:
        raise DossierError(f"Aucune sauvegarde n'existe pour le dossier {path}.")
    if number is None:
        chosen = next((b for b in versions if b.check() is None), None)
        if chosen is None:
            raise DossierError(f"Aucune des {len(versions)} sauvegardes du dossier {path} n'est lisible.")
    else:
        chosen = next((b for b in versions if b.number == number), None)
        if chosen is None:
            raise DossierError(
                f"Il n'y a pas de sauvegarde n° {number} pour ce dossier (il y en a {len(versions)}).",
                hint=f"« vae-assistant dossier restore {shell_word(str(path))} --list » les énumère.",
            )
        problem = chosen.check()
        if problem:
            raise DossierError(f"La sauvegarde n° {number} est elle aussi illisible : {problem}.")
    with DossierLock.acquire(path, force=force, wait=wait, on_wait=on_wait):
        try:
            data = chosen.path.read_bytes()
            if path.exists():
                stat = path.stat()
                current = path.read_bytes()
                if current == data:
                    return chosen
                try:
                    _parse(current)
                except _Unreadable:
                    kept = _keep_copy(path, current, f"illisible-{_stamp(stat.st_mtime)}", stat.st_mtime)
                    if on_unreadable_kept is not None:
                        on_unreadable_kept(kept)
                else:
                    removal = bool(_situation_ids(current) - _situation_ids(data))
                    _back_up_version(path, current, stat.st_mtime, removal=removal)
            atomic_write(path, data)
        except OSError as exc:
            raise _save_failed(path, exc) from None
    return chosen
