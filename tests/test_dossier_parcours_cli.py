"""A candidate who works from the command line fills in the parcours and the pièces the livret lists."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from docx import Document
from test_dossier_support import MINI

from vae_assistant.cli import main
from vae_assistant.dossier.storage import load_dossier


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def lea(capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path) -> Path:
    ref = tmp_path / "mini.yaml"
    ref.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    assert run(capsys, "dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", ref)[0] == 0
    return isolated_home / "dossiers" / "lea.vae.json"


def test_the_parcours_typed_on_the_command_line_is_in_the_livret(
    capsys: pytest.CaptureFixture[str], lea: Path, tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys, "dossier", "experience", "lea", "--employeur", "CCAS de Lyon", "--poste", "Agente d’accueil",
        "--debut", "mars 2015", "--fin", "06/2019", "--temps-partiel", "80",
    )  # fmt: skip
    assert code == 0 and "Expérience e1 ajoutée : Emploi · Agente d’accueil · CCAS de Lyon · de mars 2015" in out
    run(capsys, "dossier", "experience", "lea", "--employeur", "Restos du cœur", "--poste", "Bénévole",
        "--type", "benevolat", "--debut", "2019", "--en-cours")  # fmt: skip
    run(capsys, "dossier", "formation", "lea", "--intitule", "CAP Petite enfance", "--fin", "2010", "--diplome-obtenu")
    run(capsys, "dossier", "piece", "lea", "--intitule", "Attestation d’employeur du CCAS")
    dossier = load_dossier(lea)
    first = dossier.experiences[0]
    assert (first.start, first.end, first.part_time_percent) == ("2015-03", "2019-06", 80)
    assert dossier.experiences[1].kind == "volunteering" and dossier.experiences[1].ongoing
    assert dossier.trainings[0].diploma_obtained is True
    assert dossier.pieces[0].title == "Attestation d’employeur du CCAS"

    livret = tmp_path / "livret.docx"
    assert run(capsys, "export", "lea", "-o", livret, "--sans-pagination", "--date", "2025-03-20")[0] == 0
    document = Document(str(livret))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    paragraphs = {p.text for p in document.paragraphs}
    assert {"CCAS de Lyon", "Restos du cœur"} <= cells
    assert any("CAP Petite enfance" in text for text in cells | paragraphs)
    assert any("Attestation d’employeur du CCAS" in text for text in paragraphs | cells)


def test_bad_dates_and_unknown_items_are_refused_and_the_dossier_left_alone(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    before = lea.read_bytes()
    code, _, err = run(capsys, "dossier", "experience", "lea", "--employeur", "X", "--poste", "Y", "--debut", "hier")
    assert code == 2 and "Date non reconnue" in err
    code, _, err = run(
        capsys, "dossier", "experience", "lea", "--employeur", "X", "--poste", "Y", "--debut", "2020", "--fin", "2018"
    )
    assert code == 2 and "précède" in err
    code, _, err = run(capsys, "dossier", "remove", "lea", "zz")
    assert code == 2 and "s2 (situation)" in err
    assert run(capsys, "dossier", "remove", "lea", "p3")[0] == 2
    assert lea.read_bytes() == before


def test_a_situation_pasted_by_mistake_can_be_removed_and_restored(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    run(capsys, "dossier", "add", "lea", "--file", Path(__file__))  # the wrong file: this test's source
    assert [s.id for s in load_dossier(lea).situations] == ["s1"]
    code, out, _ = run(capsys, "dossier", "remove", "lea", "s1")
    assert code == 0 and "retirée du dossier" in out and "dossier restore lea --list" in out
    assert load_dossier(lea).situations == []
    assert run(capsys, "dossier", "restore", "lea")[0] == 0
    assert [s.id for s in load_dossier(lea).situations] == ["s1"]


def test_a_refused_value_is_named_by_the_field_the_candidate_filled_not_by_the_code(
    capsys: pytest.CaptureFixture[str], lea: Path, tmp_path: Path
) -> None:
    before = lea.read_bytes()
    code, _, err = run(capsys, "dossier", "experience", "lea", "--employeur", "CCAS", "--poste", "Agente",
                       "--temps-partiel", "500")  # fmt: skip
    assert code == 2 and "Quotité du temps partiel (%) : doit valoir au plus 99" in err
    code, _, err = run(capsys, "dossier", "experience", "lea", "--employeur", "C" * 2001, "--poste", "Agente")
    assert code == 2 and "Le champ « Employeur » est trop long" in err
    story = tmp_path / "recit.txt"
    story.write_text("J'ai accueilli une dame.", encoding="utf-8")
    code, _, err = run(capsys, "dossier", "add", "lea", "--file", story, "--structure", "S" * 2001)
    assert code == 2 and "Le champ « Structure » est trop long" in err
    assert "part_time_percent" not in err and "employer" not in err
    assert lea.read_bytes() == before


def test_a_control_character_pasted_into_an_argument_never_reaches_the_terminal(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    code, _, err = run(capsys, "dossier", "confirm", "lea", "s1\x1b[31m", "1.1")
    assert code == 2 and "\x1b" not in err and "« s1\ufffd[31m »" in err
    # In a date it is dropped, as in every other field: « 20\a10 » is 2010.
    code, _, _ = run(capsys, "dossier", "formation", "lea", "--intitule", "CAP", "--fin", "20\x0710")
    assert code == 0 and load_dossier(lea).trainings[0].end == "2010"
