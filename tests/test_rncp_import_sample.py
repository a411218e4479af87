"""The importer on the 8 real fiches of ``../shared/data/rncp-export-sample.xml`` (skipped when it is absent).

Counts and texts below were checked by hand against the fiches.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from vae_assistant.cli import main
from vae_assistant.referential import load_referential
from vae_assistant.referential.model import Activity, Referential
from vae_assistant.rncp import ImportResult, import_fiche
from vae_assistant.rncp.split import words

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "rncp-export-sample.xml"

# number → (blocs, tasks, competencies), counted by hand on the fiches
EXPECTED = {
    "RNCP34762": (5, 5, 40),
    "RNCP35419": (4, 4, 18),
    "RNCP37488": (2, 2, 8),
    "RNCP37674": (2, 2, 8),
    "RNCP36490": (4, 11, 32),
    "RNCP35959": (5, 5, 55),
    "RNCP37873": (3, 3, 11),
    "RNCP39568": (6, 6, 19),
}


@pytest.fixture(scope="module")
def fiches() -> dict[str, ET.Element]:
    if not SAMPLE.is_file():
        pytest.skip("../shared/data/rncp-export-sample.xml is absent")
    root = ET.parse(SAMPLE).getroot()
    return {fiche.findtext("NUMERO_FICHE") or "": fiche for fiche in root.findall("FICHE")}


@pytest.fixture(scope="module")
def imported(fiches: dict[str, ET.Element], tmp_path_factory: pytest.TempPathFactory) -> dict[str, ImportResult]:
    folder = tmp_path_factory.mktemp("rncp-sample")
    return {code: import_fiche(SAMPLE, code, folder / f"{code}.yaml") for code in fiches}


def _activity_text(activity: Activity) -> str:
    """Everything the referential keeps of a bloc's competency list, in order."""
    parts = [activity.description or ""]
    for task in activity.tasks:
        if not task.implicit:
            parts += [task.id, task.title]
        parts += [c.text for c in task.explicit_competencies]
    return " ".join(parts)


def test_the_sample_holds_the_eight_fiches_we_checked_by_hand(fiches: dict[str, ET.Element]) -> None:
    assert sorted(fiches) == sorted(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_bloc_of_every_real_fiche_is_imported_word_for_word(
    code: str, fiches: dict[str, ET.Element], imported: dict[str, ImportResult]
) -> None:
    result = imported[code]
    ref = result.referential
    assert load_referential(result.path).fingerprint == ref.fingerprint
    assert (len(ref.blocs), len(ref.tasks), len(ref.competencies)) == EXPECTED[code]
    source_blocs = fiches[code].findall("BLOCS_COMPETENCES/BLOC_COMPETENCES")
    assert [b.label for b in ref.blocs] == [b.findtext("CODE") for b in source_blocs]
    assert [b.title for b in ref.blocs] == [b.findtext("LIBELLE") for b in source_blocs]
    for bloc, source in zip(ref.blocs, source_blocs, strict=True):
        (activity,) = ref.activities_of_bloc(bloc.id)
        assert words(_activity_text(activity)) == words(source.findtext("LISTE_COMPETENCES") or ""), bloc.id
        assert words(bloc.evaluation or "") == words(source.findtext("MODALITES_EVALUATION") or "")
    for competency in ref.competencies:
        assert sum(any(ch.isalpha() for ch in w) for w in words(competency.text)) >= 2, competency


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_imported_file_passes_validation(
    code: str, imported: dict[str, ImportResult], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["referential", "validate", str(imported[code].path)]) == 0
    assert "Référentiel valide" in capsys.readouterr().out


def test_metadata_comes_from_the_fiche(imported: dict[str, ImportResult]) -> None:
    ref = imported["RNCP36490"].referential
    assert ref.title == "Concepteur développeur d'applications" and ref.certifier == "CESI"
    assert ref.level == "Niveau 6 (Nomenclature Europe)"
    assert ref.rncp.previous == ["RNCP14506"] and ref.rncp.active is True and ref.rncp.vae is True
    assert str(ref.rncp.end_date) == "2027-06-01"
    assert (ref.description or "").startswith("Au quotidien, ses activités principales sont les suivantes :\n")
    two = imported["RNCP34762"].referential
    assert two.certifier == (
        "ETABLISSEMENT D'ENSEIGNEMENT SUPERIEUR CONSULAIRE GRENOBLE ECOLE DE MANAGEMENT ; "
        "MINISTERE DE L'ENSEIGNEMENT SUPERIEUR ET DE LA RECHERCHE"
    )


def test_an_inactive_real_fiche_names_its_successor(imported: dict[str, ImportResult]) -> None:
    result = imported["RNCP34762"]
    assert result.referential.rncp.active is False and result.referential.rncp.current == "RNCP39568"
    assert any("n'est plus active" in w and "31/08/2024" in w and "RNCP39568" in w for w in result.warnings)
    assert imported["RNCP39568"].warnings == [] and imported["RNCP39568"].referential.rncp.previous == ["RNCP34762"]


def test_hand_checked_competencies(imported: dict[str, ImportResult]) -> None:
    web = imported["RNCP37674"].referential
    assert [c.text for c in web.activities[0].tasks[0].competencies] == [
        "Installer et configurer son environnement de travail en fonction du projet web ou web mobile",
        "Maquetter des interfaces utilisateur web ou web mobile",
        "Réaliser des interfaces utilisateur statiques web ou web mobile",
        "Développer la partie dynamique des interfaces utilisateur web ou web mobile",
    ]
    cyber = imported["RNCP37488"].referential
    assert cyber.competencies[0].text == "Valider le fonctionnement d’un réseau ; Coder"
    pge = imported["RNCP34762"].referential
    assert pge.competencies[1].text.startswith("A1C2. Apprécier, depuis son périmètre d'activité")
    bc05 = pge.bloc("BC05")
    assert bc05.description == (
        "En mobilisant une analyse du contexte organisationnel et humain, tout en restant vigilant à la "
        "compétitivité et à la pérennité économique de l’organisation :"
    )
    assert [c.text[:6] for c in pge.activities_of_bloc("BC05")[0].tasks[0].competencies] == [
        "A5.C1.",
        "A5.C2.",
        "A5.C3.",
        "A5.C4.",
        "A5.C5.",
    ]
    cda = imported["RNCP36490"].referential
    assert cda.task("1.1").title == (
        "Recueillir, le besoin du client (contexte, enjeux, objectifs et contraintes du système d’information ou du "
        "projet)"
    )
    assert [c.id for c in cda.task("3.1").competencies] == ["3.1.c1", "3.1.c2", "3.1.c3"]
    assert cda.task("3.1").competencies[1].text.startswith("3.1.2. Configurer l’environnement de déploiement")
    dweb = imported["RNCP35959"].referential
    assert any(
        c.text.startswith("Identifier les normes, la réglementation (RGPD) et règles d’accessibilité")
        for c in dweb.competencies
    )
    dese = imported["RNCP39568"].referential
    assert [c.text[:30] for c in dese.activities_of_bloc("BC06")[0].tasks[0].competencies] == [
        "Identifier, sélectionner et an",
        "Définir et instruire une probl",
        "Défendre, à l’écrit, en s’adap",
    ]


def test_equivalence_links_of_real_fiches_are_not_blocs(imported: dict[str, ImportResult]) -> None:
    for code in ("RNCP37674", "RNCP36490", "RNCP35959", "RNCP37873"):
        ref: Referential = imported[code].referential
        assert all(b.label and b.label.startswith(code) for b in ref.blocs), code


def test_a_dossier_started_on_an_imported_certification_runs_coverage(imported: dict[str, ImportResult]) -> None:
    from vae_assistant.coverage import compute_coverage
    from vae_assistant.dossier import operations as ops
    from vae_assistant.matching import get_matcher

    ref = imported["RNCP37674"].referential
    dossier = ops.new_dossier(ref, nom="Durand", prenom="Paul")
    ops.add_situation(
        dossier,
        "Dans mon agence, j'ai mis en place une base de données relationnelle PostgreSQL pour le site d'un client. "
        "J'ai développé les composants d'accès aux données en SQL, puis j'ai documenté le déploiement de "
        "l'application sur le serveur.",
        match=get_matcher(ref).match,
    )
    coverage = compute_coverage(dossier, ref)
    assert [(b.id, b.status) for b in coverage.blocs] == [("BC01", "non_couvert"), ("BC02", "couvert")]
    assert (coverage.gaps[0].kind, coverage.gaps[0].id) == ("bloc", "BC01")
