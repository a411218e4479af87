"""Finding one fiche in France compétences' daily RNCP export without holding the export in memory.

The export (``export-fiches-rncp-v4-1-AAAA-MM-JJ.zip``) is one XML file of about 570 MB: ``<FICHES>`` holding one
``<FICHE>`` per certification. It is read as a stream — straight out of the zip when given the zip, never unpacked
to disk — with ``iterparse``; each fiche is dropped as soon as it is read, unless it is the one asked for, and
reading stops there. Only the number and title of the fiches passed are kept, to suggest close ones when the
number is wrong. Memory therefore stays flat (a few tens of MB) whatever the size of the export.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR
from typing import IO
from xml.etree import ElementTree as ET

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from vae_assistant.errors import InputError
from vae_assistant.paths import stat_path

ROOT_TAG = "FICHES"
FICHE_TAG = "FICHE"
_NUMBER = re.compile(r"^\s*(?:RNCP)?\s*(\d{1,6})\s*$", re.IGNORECASE)
_HINT_FORMAT = (
    "Donnez l'export open data des fiches RNCP de France compétences (export-fiches-rncp-v4-….zip, "
    "ou le fichier XML qu'il contient)."
)


@dataclass(frozen=True)
class Query:
    """What the user asked for: an RNCP number, or (by mistake or to search) words of a title."""

    raw: str
    code: str | None  # "RNCP37674"

    @property
    def digits(self) -> str:
        return (self.code or "").removeprefix("RNCP")


def parse_query(value: str) -> Query:
    """``RNCP37674``, ``rncp 37674`` or ``37674``; anything else is taken as words of a title."""
    value = value.strip()
    if not value:
        raise InputError("Indiquez le numéro de la fiche RNCP à importer (par exemple RNCP37674).")
    match = _NUMBER.match(value)
    return Query(value, f"RNCP{int(match.group(1))}" if match else None)


def normalise_code(value: str | None) -> str | None:
    match = _NUMBER.match(value or "")
    return f"RNCP{int(match.group(1))}" if match else None


@contextmanager
def open_export(path: Path) -> Iterator[IO[bytes]]:
    """The export's XML as a byte stream: the file itself, or the XML member of a zip, decompressed on the fly."""
    found = stat_path(path)  # in a folder the user may not enter, a French error rather than PermissionError
    if found is None:
        raise InputError(f"Export introuvable : {path} n'existe pas.", hint=_HINT_FORMAT)
    if S_ISDIR(found.st_mode):
        raise InputError(f"Export illisible : {path} est un dossier, pas un fichier.", hint=_HINT_FORMAT)
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive, archive.open(_xml_member(archive, path)) as stream:
                yield stream
            return
        if path.suffix.lower() == ".zip":
            raise InputError(
                f"Archive illisible : {path} n'est pas une archive zip complète : elle est tronquée "
                "ou abîmée (téléchargement interrompu ?).",
                hint="Téléchargez de nouveau l'export sur data.gouv.fr.",
            )
        with path.open("rb") as stream:
            yield stream
    except PermissionError:
        raise InputError(f"Export illisible : {path} : accès refusé.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InputError(
            f"Archive illisible : {path} est abîmée ou tronquée ({exc}).",
            hint="Téléchargez de nouveau l'export sur data.gouv.fr.",
        ) from None


def _xml_member(archive: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    members = [info for info in archive.infolist() if info.filename.lower().endswith(".xml") and not info.is_dir()]
    if not members:
        raise InputError(f"Export invalide : l'archive {path} ne contient aucun fichier XML.", hint=_HINT_FORMAT)
    return max(members, key=lambda info: ("fiches" in info.filename.lower(), info.file_size))


@dataclass(frozen=True)
class Seen:
    """A fiche passed while looking for another one."""

    code: str
    title: str


@dataclass
class Found:
    """The fiche asked for, as an XML element (detached from the rest of the export)."""

    fiche: ET.Element
    fiches_read: int


def find_fiche(path: Path, query: Query) -> Found:
    """Read the export until the fiche ``query`` names; raise a French error when it is not there."""
    seen: list[Seen] = []
    others = 0  # fiches numbered outside the RNCP (the RS export given by mistake)
    with open_export(path) as stream:
        parser = ET.iterparse(stream, events=("start", "end"))
        root: ET.Element | None = None
        depth = 0
        try:
            for event, element in parser:
                if event == "start":
                    depth += 1
                    if root is None:
                        root = element
                        if _local(element.tag) != ROOT_TAG:
                            raise _not_an_export(path, f"il commence par <{_local(element.tag)}>")
                    continue
                depth -= 1
                if depth != 1:
                    continue
                if _local(element.tag) == FICHE_TAG:
                    code = normalise_code(element.findtext("NUMERO_FICHE"))
                    if code is not None and code == query.code:
                        return Found(element, len(seen) + 1)
                    if code:
                        seen.append(Seen(code, " ".join((element.findtext("INTITULE") or "").split())))
                    else:
                        others += 1
                root.clear()  # type: ignore[union-attr]  # the element just read and everything before it
        except ET.ParseError as exc:
            raise _parse_error(path, exc, root is not None, len(seen)) from None
    raise _not_found(path, query, seen, others)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _not_an_export(path: Path, why: str) -> InputError:
    return InputError(f"Ce fichier n'est pas un export RNCP : {path} ({why}, au lieu de <FICHES>).", hint=_HINT_FORMAT)


def _parse_error(path: Path, exc: ET.ParseError, started: bool, read: int) -> InputError:
    line, column = exc.position
    if not started:
        return _not_an_export(path, f"ce n'est pas du XML lisible, ligne {line}")
    if "no element found" in str(exc) or "unclosed token" in str(exc):
        return InputError(
            f"Export tronqué : {path} s'arrête au milieu d'une fiche (ligne {line}), après {read} fiches lues.",
            hint="Le téléchargement a sans doute été interrompu : téléchargez de nouveau l'export.",
        )
    return InputError(
        f"Export illisible : {path}, ligne {line}, colonne {column + 1} : le XML est mal formé ({exc.msg}).",
        hint="Téléchargez de nouveau l'export ; s'il est complet, signalez le problème.",
    )


def suggestions(query: Query, seen: list[Seen], limit: int = 5) -> list[Seen]:
    """Fiches close to what was asked: numbers one or two keystrokes away, or titles that resemble the words."""
    if query.code:
        ranked = []
        for fiche in seen:
            distance = Levenshtein.distance(query.digits, fiche.code.removeprefix("RNCP"), score_cutoff=2)
            if distance <= 2:
                ranked.append((distance, abs(int(fiche.code[4:]) - int(query.digits)), fiche))
        ranked.sort(key=lambda entry: (entry[0], entry[1]))
        return [fiche for _, _, fiche in ranked[:limit]]
    titles = [fiche.title for fiche in seen]
    hits = process.extract(query.raw, titles, scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
    return [seen[index] for _, _, index in hits]


def _not_found(path: Path, query: Query, seen: list[Seen], others: int) -> InputError:
    if not seen:
        what = f"aucune fiche RNCP ({others} fiches sans numéro RNCP : export du répertoire spécifique ?)"
        return InputError(f"L'export {path} ne contient {what if others else 'aucune fiche'}.", hint=_HINT_FORMAT)
    close = suggestions(query, seen)
    listed = "; ".join(f"{fiche.code} ({fiche.title})" for fiche in close)
    if query.code is None:
        message = f"« {query.raw} » n'est pas un numéro de fiche RNCP."
        hint = f"Fiches dont l'intitulé ressemble : {listed}." if close else "Aucun intitulé ne ressemble à ces mots."
        return InputError(message, hint=hint + " Indiquez le numéro, par exemple RNCP37674.")
    message = f"La fiche {query.code} n'est pas dans cet export ({len(seen)} fiches lues)."
    hint = f"Numéros proches : {listed}." if close else "Vérifiez le numéro sur francecompetences.fr."
    return InputError(message, hint=hint)
