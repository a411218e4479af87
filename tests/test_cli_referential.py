"""The referential commands, as a counsellor or another program uses them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vae_assistant.cli import main

CASP_TASKS = [
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "1.5",
    "1.6",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "3.5",
    "3.6",
    "3.7",
    "3.8",
    "4.1",
    "4.2",
    "4.3",
    "5.1",
    "5.2",
    "5.3",
    "5.4",
    "5.5",
    "6.1",
    "6.2",
    "6.3",
    "6.4",
    "6.5",
    "6.7",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_the_shipped_referentials_with_their_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "referential", "list")
    assert code == 0
    casp_line = next(line for line in out.splitlines() if line.startswith("casp-rncp7426"))
    assert "RNCP7426" in casp_line and "32" in casp_line and "fourni" in casp_line
    code, out, _ = run(capsys, "referential", "list", "--json")
    listed = {e["id"]: e for e in json.loads(out)}
    assert listed["casp-rncp7426"]["tasks"] == 32 and listed["casp-rncp7426"]["blocs"] == 5


def test_show_keeps_a_task_titles_sub_steps_under_it_not_where_the_task_ids_are(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "referential", "show", "casp-rncp7426")
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("    2.4  Organisation"))
    sub_steps = [line for line in lines[start : start + 6] if "2.4.a" in line or "2.4.b" in line]
    assert code == 0 and len(sub_steps) == 2
    assert all(line.startswith("      ") for line in sub_steps), "indented like the title's own next lines"


def test_show_json_is_the_stable_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "referential", "show", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "casp-rncp7426" and data["rncp"] == "RNCP7426"
    assert [b["id"] for b in data["blocs"]] == ["B1", "B2", "B3", "B4", "B5"]
    assert set(data["blocs"][0]) >= {"id", "title", "description", "evaluation"}
    assert [a["bloc"] for a in data["activities"]] == ["B1", "B2", "B3", "B4", "B5", None]
    tasks = [t for a in data["activities"] for t in a["tasks"]]
    assert [t["id"] for t in tasks] == CASP_TASKS
    for task in tasks:
        assert set(task) == {"id", "title", "competencies", "evaluation", "criteria"}
        assert task["competencies"], task["id"]
        for competency in task["competencies"]:
            assert set(competency) == {"id", "text", "kind"}
            assert competency["kind"] in {"associated", "evaluated"}


def test_show_accepts_an_rncp_code_or_a_path(capsys: pytest.CaptureFixture[str], casp) -> None:
    from vae_assistant.referential import resolve

    _, by_code, _ = run(capsys, "referential", "show", "7426", "--json")
    path = resolve("casp-rncp7426").path
    _, by_path, _ = run(capsys, "referential", "show", str(path), "--json")
    assert json.loads(by_code) == json.loads(by_path)
    code, out, _ = run(capsys, "referential", "show", "--brief")
    assert code == 0 and "Activités transversales" in out and "3.3" in out


def test_an_unknown_referential_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "referential", "show", "casp-rncp742")
    assert code == 2 and out == ""
    assert "Référentiel inconnu" in err and "casp-rncp7426" in err


def test_validate_reports_a_broken_file_with_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: x\ntitle: ''\n", encoding="utf-8")
    code, _, err = run(capsys, "referential", "validate", str(broken))
    assert code == 2
    assert err.startswith("Erreur : Référentiel invalide") and str(broken) in err
    assert "ligne 3" in err and "le texte est vide" in err
    assert "Traceback" not in err


def test_validate_accepts_every_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    from vae_assistant.paths import shipped_referential_dir
    from vae_assistant.referential.registry import referential_files

    files = referential_files(shipped_referential_dir())
    assert len(files) >= 3
    for path in files:
        code, out, _ = run(capsys, "referential", "validate", str(path))
        assert code == 0 and "Référentiel valide" in out
        if path.stem == "casp-rncp7426":  # its vocabulary, counted as the matcher reads it
            assert "phrases types, 1605 de plus pour apprendre les mots des tâches, 360 phrases d'autres métiers" in out


def test_validate_checks_the_trade_vocabulary_beside_the_referential(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An author who writes "en tant que participant" learns that only "participant" will count."""
    from vae_assistant.paths import shipped_referential_dir

    shutil.copy(shipped_referential_dir() / "casp-rncp7426.yaml", tmp_path / "casp-rncp7426.yaml")
    lexicon = tmp_path / "casp-rncp7426.lexicon.yaml"
    lexicon.write_text(
        "format: 1\nreferential: casp-rncp7426\ndomain:\n  participant: [en tant que stagiaire|participant]\n"
        "tasks:\n  '2.4':\n    expressions: [animer atelier]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "referential", "validate", str(tmp_path / "casp-rncp7426.yaml"))
    assert code == 0
    assert "Vocabulaire du métier valide" in out and "(1 expression, 0 phrase type" in out
    assert "« en tant que stagiaire|participant » ne garde que « stagiaire|participant »" in err
    assert "_" in err and "Traceback" not in err

    lexicon.write_text("format: 1\nreferential: casp-rncp7426\ntasks:\n  '9.9':\n    expressions: [x y]\n")
    code, out, err = run(capsys, "referential", "validate", str(tmp_path / "casp-rncp7426.yaml"))
    assert code == 2 and "9.9" in err and "Traceback" not in err


def test_the_shipped_trade_vocabulary_has_no_expression_reduced_to_one_word() -> None:
    from vae_assistant.matching.index import lone_word_expressions
    from vae_assistant.matching.lexicon import lexicon_path, load_lexicon
    from vae_assistant.referential import resolve

    casp = resolve("casp-rncp7426").referential
    assert lone_word_expressions(load_lexicon(lexicon_path(casp), casp)) == []


def test_schema_is_valid_json_with_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "referential", "schema")
    assert code == 0 and json.loads(out)["title"] == "Référentiel vae-assistant"


def test_argument_errors_are_french_with_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["referential", "validate"])
    assert info.value.code == 2
    assert "arguments obligatoires manquants" in capsys.readouterr().err


def test_the_console_script_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vae_assistant", "referential", "show", "--brief"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "Chargé d'accompagnement social et professionnel" in done.stdout
