"""Importing a certification's referential from France compétences' RNCP open-data export.

VAE exists for every certification of the national register, not only the ones shipped with the program. Given
the daily export and a number, :func:`import_fiche` finds the fiche (streaming, see :mod:`.stream`), turns it into
a referential (:mod:`.build`, :mod:`.split`) and writes a YAML file that the loader accepts as is — by default in
the user's referential folder, where ``referential list``, the new-dossier screen, the matcher and coverage find it.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from stat import S_ISDIR
from typing import Any

import yaml

from vae_assistant.dossier.storage import refuse_dossier_as_output
from vae_assistant.errors import InputError, ReferentialError, os_reason
from vae_assistant.paths import stat_path, user_referential_dir
from vae_assistant.referential.loader import parse_referential
from vae_assistant.referential.model import Referential
from vae_assistant.referential.registry import available
from vae_assistant.rncp.build import build_referential_data, validate
from vae_assistant.rncp.stream import find_fiche, parse_query

__all__ = ["ImportResult", "import_fiche", "referential_yaml", "write_referential"]


@dataclass(frozen=True)
class ImportResult:
    """What an import produced: the file written, the referential it holds, and what the counsellor must know."""

    path: Path
    referential: Referential
    warnings: list[str] = field(default_factory=list)
    fiches_read: int = 0


class _Dumper(yaml.SafeDumper):
    """Multi-line texts as ``|`` blocks (one paragraph per line, as the format asks), everything else plain."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def referential_yaml(data: dict[str, Any], code: str) -> str:
    """The file text: a comment saying where it comes from, then the data."""
    header = (
        f"# Référentiel importé de la fiche {code} (export RNCP de France compétences, Licence Ouverte 2.0)\n"
        f"# par « vae-assistant referential import-rncp » le {date.today():%d/%m/%Y}.\n"
        "# Relisez-le et affinez-le : voir « notes » ; vérification : vae-assistant referential validate FICHIER\n"
    )
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
    return header + body


def write_referential(text: str, path: Path, *, force: bool = False) -> None:
    """Write atomically; never replace a file (a counsellor may have refined it by hand) unless told to."""
    refuse_dossier_as_output(path, "un référentiel")
    found = stat_path(path)
    if found is not None and S_ISDIR(found.st_mode):
        raise InputError(f"Écriture impossible : {path} est un répertoire.", hint="Donnez un nom de fichier .yaml.")
    if found is not None and not force:
        raise InputError(
            f"Le fichier {path} existe déjà : il n'a pas été remplacé (il a peut-être été affiné à la main).",
            hint="Ajoutez --force pour le remplacer, ou choisissez un autre fichier avec -o.",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"Écriture impossible : {path} : {os_reason(exc)}.") from None


def import_fiche(
    export: Path | str, number: str, output: Path | str | None = None, *, force: bool = False
) -> ImportResult:
    """Find fiche ``number`` in ``export`` (XML or zip) and write its referential to ``output``.

    Without ``output``, the file goes to the user's referential folder as ``<id>.yaml``. The text written is
    loaded back through the referential loader before it is written: what lands on disk always validates.
    """
    export = Path(export)
    query = parse_query(number)
    found = find_fiche(export, query)
    built = build_referential_data(found.fiche, export.name)
    model = validate(built.data)
    text = referential_yaml(built.data, model.rncp.code)
    path = Path(output) if output is not None else user_referential_dir() / f"{model.id}.yaml"
    reloaded = parse_referential(text, str(path))
    if reloaded.fingerprint != model.fingerprint:
        raise ReferentialError(
            f"Import impossible : le fichier produit pour {model.rncp.code} ne se relit pas à l'identique.",
            hint="Signalez le problème avec le numéro de la fiche.",
        )
    write_referential(text, path, force=force)
    return ImportResult(path, reloaded, built.warnings + _already_known(reloaded, path), found.fiches_read)


def _already_known(ref: Referential, written: Path) -> list[str]:
    """A shipped referential for the same registration was written by hand from fuller sources: say so."""
    same = [
        entry
        for entry in available()
        if entry.origin == "shipped" and entry.referential.rncp.code == ref.rncp.code and entry.path != written
    ]
    return [
        f"Un référentiel fourni décrit déjà {ref.rncp.code} : « {entry.referential.id} », transcrit à la main "
        "avec ses tâches ; préférez-le pour un candidat."
        for entry in same
    ]
