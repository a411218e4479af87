"""Finding referentials: those shipped with the program and those the user imported.

A referential is named on the command line by its id (``casp-rncp7426``), its RNCP code (``RNCP7426``, ``7426``)
or a path to a file. Loaded referentials are cached by file and modification time: the TUI, the matcher and
coverage ask for the same one many times.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from rapidfuzz import process

from vae_assistant.errors import ReferentialError, missing_file_hint
from vae_assistant.paths import shipped_referential_dir, stat_path, user_referential_dir
from vae_assistant.referential.loader import load_referential
from vae_assistant.referential.model import Referential

DEFAULT_REFERENTIAL = "casp-rncp7426"

# Companion files beside a referential (e.g. the matcher's ``*.lexicon.yaml``) are not referentials.
_COMPANION_SUFFIXES = (".lexicon.yaml", ".prompts.yaml")

_cache: dict[Path, tuple[float, int, Referential]] = {}


@dataclass(frozen=True)
class Entry:
    """A referential found on disk."""

    path: Path
    referential: Referential
    origin: str  # "shipped" or "user"


def referential_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.yaml") if p.is_file() and not p.name.endswith(_COMPANION_SUFFIXES)
    )


def load_cached(path: Path) -> Referential:
    """Load a referential file, reusing the last result while the file is unchanged."""
    path = path.resolve()
    try:
        stat = path.stat()
    except OSError:
        return load_referential(path)
    cached = _cache.get(path)
    if cached and cached[0] == stat.st_mtime and cached[1] == stat.st_size:
        return cached[2]
    ref = load_referential(path)
    _cache[path] = (stat.st_mtime, stat.st_size, ref)
    return ref


def available() -> list[Entry]:
    """Every referential the program knows: shipped ones first, then the user's.

    A broken user file must not hide the others: it raises only when it is asked for by name.
    """
    entries: list[Entry] = []
    for origin, folder in (("shipped", shipped_referential_dir()), ("user", user_referential_dir())):
        for path in referential_files(folder):
            try:
                entries.append(Entry(path, load_cached(path), origin))
            except ReferentialError:
                if origin == "shipped":
                    raise
    return entries


def broken_user_files() -> list[tuple[Path, str]]:
    """User referential files that fail to load, with the reason, so that listings can mention them."""
    broken = []
    for path in referential_files(user_referential_dir()):
        try:
            load_cached(path)
        except ReferentialError as exc:
            broken.append((path, exc.message.splitlines()[0]))
    return broken


def _normalise_code(name: str) -> str:
    digits = name.upper().removeprefix("RNCP").strip()
    return f"RNCP{digits}" if digits.isdigit() else name


def resolve(name: str | Path | None = None) -> Entry:
    """Find a referential by id, RNCP code or path; ``None`` gives the default (CASP)."""
    name = DEFAULT_REFERENTIAL if name is None else name
    as_path = Path(name)
    found = stat_path(as_path)  # in a folder the user may not enter, a French error rather than PermissionError
    if isinstance(name, Path) or as_path.suffix in {".yaml", ".yml", ".json"} or (found and S_ISREG(found.st_mode)):
        if found is None:
            raise ReferentialError(
                f"Référentiel introuvable : le fichier {as_path} n'existe pas.", hint=missing_file_hint(as_path)
            )
        return Entry(as_path, load_cached(as_path), "file")
    key = str(name).strip()
    entries = available()
    for entry in entries:
        if entry.referential.id == key:
            return entry
    code = _normalise_code(key)
    by_code = [e for e in entries if e.referential.rncp.code == code]
    by_code += [e for e in entries if e.referential.rncp.current == code and e not in by_code]
    if by_code:
        return by_code[0]
    choices = {e.referential.id: e for e in entries}
    close = process.extract(key, list(choices), limit=3, score_cutoff=60)
    hint = (
        "Vouliez-vous dire : " + ", ".join(c for c, _, _ in close) + " ?"
        if close
        else "La commande « vae-assistant referential list » donne les référentiels disponibles."
    )
    raise ReferentialError(f"Référentiel inconnu : « {key} ».", hint=hint)


def inactive_notice(referential: Referential) -> str | None:
    """A short French notice (two lines) when the referential's RNCP fiche is no longer active, or None.

    It names the fiche that replaces it when the referential says so, with the known referential describing that
    fiche, if any. It is advice for a candidate starting a dossier, not an error: the old fiche's tasks may still
    be the right guide (the CASP's were carried over to RNCP 36625), which only the certifier can confirm.
    """
    registration = referential.rncp
    if registration.active is not False:
        return None
    since = f" (enregistrement terminé le {registration.end_date:%d/%m/%Y})" if registration.end_date else ""
    if registration.current:
        known = [e.referential.id for e in available() if e.referential.rncp.code == registration.current]
        described = f" (référentiel {known[0]})" if known else ""
        replaced = f"elle est remplacée par {registration.current}{described}"
    else:
        replaced = "elle n'indique pas de certification qui la remplace"
    return (
        f"Remarque : la fiche {registration.code} n'est plus active{since} ; {replaced}.\n"
        "Vérifiez auprès de votre certificateur le référentiel attendu par le jury."
    )
