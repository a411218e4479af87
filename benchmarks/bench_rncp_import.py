"""Importing the last fiche of a 500 MB synthetic RNCP export: time and peak memory (issue 8).

The real export is one XML file of about 570 MB; the importer must stream it and stay under 200 MB of memory.
The benchmark writes a synthetic export of the same shape to a temporary file, in chunks (fiches with blocs,
competency lists, hundreds of partners and equivalence links, like real ones), puts the fiche asked for last, and
runs the import in a fresh Python process so that its peak resident memory (``VmHWM``) is the importer's alone.
It does the same from a zip of the export, read without unpacking.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from common import Result

TARGET_BYTES = 500 * 1024 * 1024
MEMORY_TARGET_MB = 200.0
LAST = "RNCP99999"

_CHILD = """
import json, resource, sys, time
from vae_assistant.rncp import import_fiche
start = time.perf_counter()
result = import_fiche(sys.argv[1], sys.argv[2], sys.argv[3])
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries the parent's peak into ru_maxrss across fork and exec, so a bench runner
# that has grown would be counted as the importer's memory.
with open("/proc/self/status") as status:
    hwm = [line for line in status if line.startswith("VmHWM:")]
peak_mb = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "read": result.fiches_read,
                  "competencies": len(result.referential.competencies)}))
"""

_PARTNER = (
    "      <PARTENAIRE>\n        <SIRET_PARTENAIRE>{siret}</SIRET_PARTENAIRE>\n"
    "        <NOM_PARTENAIRE>ORGANISME DE FORMATION {n} - CENTRE DE FORMATION PROFESSIONNELLE</NOM_PARTENAIRE>\n"
    "        <HABILITATION_PARTENAIRE>HABILITATION_ORGA_FORM</HABILITATION_PARTENAIRE>\n"
    "        <ETAT_HABILITATION>Actif</ETAT_HABILITATION>\n"
    "        <DATE_DERNIERE_MODIFICATION_ETAT>12/03/2024</DATE_DERNIERE_MODIFICATION_ETAT>\n"
    "      </PARTENAIRE>\n"
)

_COMPETENCES = "    ".join(
    f"A{{b}}C{c}. Analyser les besoins du client en réalisant un diagnostic de son écosystème interne et en procédant "
    f"à une étude de faisabilité afin d’identifier les problèmes à l’origine du besoin (compétence {c})"
    for c in range(1, 9)
)

_BLOC = (
    "      <BLOC_COMPETENCES>\n        <CODE>{code}BC0{b}</CODE>\n"
    "        <LIBELLE>Concevoir et piloter des projets numériques, bloc {b}</LIBELLE>\n"
    "        <LISTE_COMPETENCES>" + _COMPETENCES + "</LISTE_COMPETENCES>\n"
    "        <MODALITES_EVALUATION>Cas pratique - Mise en situation réelle ou simulée en centre : audit d’un site et "
    "remise d’un rapport, avec soutenance orale devant un jury.    Étude de cas.</MODALITES_EVALUATION>\n"
    "      </BLOC_COMPETENCES>\n"
)


def _fiche(code: str, number: int, partners: int) -> str:
    blocs = "".join(_BLOC.format(code=code, b=b) for b in range(1, 6))
    partner_list = "".join(_PARTNER.format(siret=10**13 + number * 1000 + p, n=p) for p in range(partners))
    return (
        "  <FICHE>\n"
        f"    <ID_FICHE>{number}</ID_FICHE>\n    <NUMERO_FICHE>{code}</NUMERO_FICHE>\n"
        f"    <INTITULE>Concepteur développeur de solutions numériques n° {number}</INTITULE>\n"
        "    <ETAT_FICHE>Publiée</ETAT_FICHE>\n"
        "    <NOMENCLATURE_EUROPE>\n      <NIVEAU>NIV6</NIVEAU>\n      <LIBELLE>Niveau 6</LIBELLE>\n"
        "    </NOMENCLATURE_EUROPE>\n"
        "    <CERTIFICATEURS>\n      <CERTIFICATEUR>\n"
        "        <SIRET_CERTIFICATEUR>11004401300040</SIRET_CERTIFICATEUR>\n"
        "        <NOM_CERTIFICATEUR>MINISTERE DU TRAVAIL DU PLEIN EMPLOI ET DE L'INSERTION</NOM_CERTIFICATEUR>\n"
        "      </CERTIFICATEUR>\n    </CERTIFICATEURS>\n"
        f"    <PARTENAIRES>\n{partner_list}    </PARTENAIRES>\n"
        "    <ACTIVITES_VISEES>Le titulaire conçoit, développe et déploie des applications.    Il pilote des "
        "projets et encadre une équipe.</ACTIVITES_VISEES>\n"
        "    <SI_JURY_VAE>\n      <ACTIF>Oui</ACTIF>\n      <COMPOSITION>Jury de professionnels.</COMPOSITION>\n"
        "    </SI_JURY_VAE>\n"
        "    <DATE_FIN_ENREGISTREMENT>31/12/2028</DATE_FIN_ENREGISTREMENT>\n"
        f"    <BLOCS_COMPETENCES>\n{blocs}    </BLOCS_COMPETENCES>\n"
        "    <ACTIF>Oui</ACTIF>\n"
        "    <CORRESPONDANCES>\n      <CORRESPONDANCE>\n        <SOURCE>\n          <BLOC_COMPETENCES>\n"
        f"            <CODE>{code}BC01</CODE>\n          </BLOC_COMPETENCES>\n        </SOURCE>\n"
        "        <DESTINATION>\n          <NUMERO_FICHE>RNCP1</NUMERO_FICHE>\n        </DESTINATION>\n"
        "      </CORRESPONDANCE>\n    </CORRESPONDANCES>\n"
        "  </FICHE>\n"
    )


def write_export(path: Path, target_bytes: int = TARGET_BYTES) -> int:
    """Write a synthetic export of about ``target_bytes`` whose last fiche is ``LAST``; return the fiche count."""
    written, count = 0, 0
    with path.open("w", encoding="utf-8") as out:
        head = "<?xml version='1.0' encoding='UTF-8'?>\n<FICHES>\n  <VERSION_FLUX>4.1</VERSION_FLUX>\n"
        out.write(head)
        written += len(head.encode())
        chunk: list[str] = []
        chunk_bytes = 0
        while written + chunk_bytes < target_bytes:
            count += 1
            fiche = _fiche(f"RNCP{10000 + count}", count, partners=40 + count % 80)
            chunk.append(fiche)
            chunk_bytes += len(fiche.encode())
            if chunk_bytes > 8 * 1024 * 1024:
                out.write("".join(chunk))
                written += chunk_bytes
                chunk, chunk_bytes = [], 0
        out.write("".join(chunk))
        count += 1
        out.write(_fiche(LAST, count, partners=5) + "</FICHES>\n")
    return count


def _measure(export: Path, output: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(export), LAST, str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import failed: {done.stderr}")
    return json.loads(done.stdout)


def run() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="bench-rncp-") as folder:
        tmp = Path(folder)
        xml = tmp / "export-fiches-rncp-v4-1-2025-01-15.xml"
        start = time.perf_counter()
        fiches = write_export(xml)
        size_mb = xml.stat().st_size / (1024 * 1024)
        print(
            f"  synthetic export: {size_mb:.0f} MB, {fiches} fiches, written in {time.perf_counter() - start:.1f} s",
            file=sys.stderr,
        )
        from_xml = _measure(xml, tmp / "from-xml.yaml")
        archive = tmp / "export-fiches-rncp-v4-1-2025-01-15.zip"
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.write(xml, xml.name)
        xml.unlink()
        from_zip = _measure(archive, tmp / "from-zip.yaml")
    assert from_xml["read"] == fiches and from_zip["read"] == fiches
    return [
        Result(f"rncp import: last of {fiches} fiches, {size_mb:.0f} MB XML, time", from_xml["seconds"], "s"),
        Result("rncp import: same, XML, peak RSS", from_xml["peak_mb"], "MB", MEMORY_TARGET_MB),
        Result("rncp import: same, read from the zip, time", from_zip["seconds"], "s"),
        Result("rncp import: same, read from the zip, peak RSS", from_zip["peak_mb"], "MB", MEMORY_TARGET_MB),
    ]
