"""The counsellor's commands: `dossier check` reads each situation as a jury would, `coverage --format md` writes
the fiche de suivi."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest
import yaml
from test_dossier_support import MINI, KeywordMatcher

from vae_assistant.cli import main, support
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.storage import load_dossier, open_dossier

ON = "On a reçu une famille. On a fait un diagnostic puis nous avons construit un plan avec elle."
NAMED = (
    "En 2020, au CCAS, j'ai accueilli Madame Dupont, une dame de 70 ans. Je l'ai écoutée, je l'ai orientée vers "
    "le service logement et j'ai rédigé un compte rendu. Finalement elle a été relogée. Avec le recul, j'aurais dû "
    "appeler sa fille plus tôt."
)


@pytest.fixture(autouse=True)
def keyword_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref))


@pytest.fixture
def lea(capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path) -> Path:
    ref_file = tmp_path / "mini.yaml"
    ref_file.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    assert main(["dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", str(ref_file)]) == 0
    path = isolated_home / "dossiers" / "lea.vae.json"
    for n, text in enumerate((ON, NAMED)):
        story = tmp_path / f"s{n}.txt"
        story.write_text(text, encoding="utf-8")
        assert main(["dossier", "add", str(path), "--file", str(story)]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_dossier_check_flags_the_situation_written_with_on_and_the_one_that_names_a_beneficiary(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    before = lea.read_bytes()
    code, out, _ = run(capsys, "dossier", "check", lea)
    assert code == 0
    first, second = out.split("\ns2")
    assert "Relecture de 2 situations : 2 avec des points à revoir." in first
    assert "Parler en « je »" in first and "Anonymisation" not in first
    assert "Anonymisation" in second and "Madame Dupont" in second and "Parler en « je »" not in second
    assert lea.read_bytes() == before


def test_dossier_check_on_a_corrupt_file_says_so_in_french_and_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "cassé.vae.json"
    bad.write_text("{pas du json", encoding="utf-8")
    code, out, err = run(capsys, "dossier", "check", bad)
    assert code == 2 and out == ""
    assert "Impossible d'ouvrir le dossier" in err
    assert bad.read_text(encoding="utf-8") == "{pas du json"


def test_coverage_md_is_the_fiche_de_suivi_with_evidence_gaps_comments_and_coach(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    with open_dossier(lea) as opened:
        ops.add_comment(
            opened.dossier, author="Claire Bernard", text="Préciser le plan.", status="a_completer", task_id="2.1"
        )
        opened.save()
    code, out, _ = run(capsys, "coverage", lea, "--format", "md")
    assert code == 0
    assert out.startswith("# Fiche de suivi — Léa Martin\n")
    assert "| Bloc B2 — Accompagner | 0 | 1 | 1 | 25\u00a0% |" in out
    assert "| 1.1 | ✔ couvert | s2 |" in out
    assert "| 2.1 | ◐ partiel | s1 | À compléter |" in out
    assert "- **1.1** (1.1.c1, s2, 0,90) « En 2020, au CCAS, j'ai accueilli Madame Dupont, une dame de 70 ans. »" in out
    assert "1. Aucune situation ne montre encore le bloc « Travailler en réseau »" in out
    assert "- Tâche 2.1 — Claire Bernard, le " in out and "**À compléter** : Préciser le plan." in out
    assert "### s1 — " in out and "**Parler en « je »** (à corriger)" in out
    # the fiche is the counsellor's: its gaps do not say « selon votre accompagnateur »
    assert "à compléter selon l'accompagnateur" in out and "votre accompagnateur" not in out


def test_coverage_md_to_a_file_is_private_and_a_bad_folder_is_refused(
    capsys: pytest.CaptureFixture[str], lea: Path, tmp_path: Path
) -> None:
    target = tmp_path / "fiche.md"
    code, out, _ = run(capsys, "coverage", lea, "--format", "md", "-o", target)
    assert code == 0 and "Fiche de suivi écrite" in out
    assert target.read_text(encoding="utf-8").startswith("# Fiche de suivi")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    code, _, err = run(capsys, "coverage", lea, "--format", "md", "-o", tmp_path / "absent" / "fiche.md")
    assert code == 2 and f"Impossible d'écrire la fiche dans {tmp_path / 'absent' / 'fiche.md'} : le répertoire" in err
    assert "n'existe pas" in err and "c'est un répertoire" not in err
    code, _, err = run(capsys, "coverage", lea, "--format", "md", "-o", tmp_path)
    assert code == 2 and f"Impossible d'écrire la fiche dans {tmp_path} : c'est un répertoire." in err
    assert f"-o {tmp_path / 'fiche-de-suivi.md'}" in err


def test_coverage_o_without_format_writes_the_fiche_a_md_name_asks_for_and_refuses_what_it_cannot_write(
    capsys: pytest.CaptureFixture[str], lea: Path, tmp_path: Path
) -> None:
    # « coverage lea -o fiche.md » printed the text report and exit 0: no file, and nothing said so
    target = tmp_path / "fiche.md"
    code, out, _ = run(capsys, "coverage", lea, "-o", target)
    assert code == 0 and "Fiche de suivi écrite" in out and target.read_text(encoding="utf-8").startswith("# Fiche")
    refused = [
        ("-o", tmp_path / "couverture.txt"), ("--format", "json", "-o", tmp_path / "c.json"), ("--json", "-o", target)
    ]
    for argv in refused:
        code, out, err = run(capsys, "coverage", lea, *argv)
        assert code == 2 and "-o" in err and "--format md" in err and out == ""
    assert not (tmp_path / "couverture.txt").exists() and not (tmp_path / "c.json").exists()


def test_a_counsellor_who_names_the_fiche_like_their_notes_keeps_the_notes(
    capsys: pytest.CaptureFixture[str], lea: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Mes notes d'entretien avec Léa.\n", encoding="utf-8")
    code, _, err = run(capsys, "coverage", lea, "--format", "md", "-o", notes)
    assert code == 2 and "n'est pas une fiche de suivi" in err
    assert notes.read_text(encoding="utf-8") == "Mes notes d'entretien avec Léa.\n"
    assert run(capsys, "coverage", lea, "--format", "md", "-o", notes, "--force")[0] == 0
    # A dossier named by mistake is never replaced, --force or not: its backups stop at its last save.
    before = lea.read_bytes()
    code, _, err = run(capsys, "coverage", lea, "--format", "md", "-o", lea, "--force")
    assert code == 2 and "est un dossier de candidat (.vae.json) : la fiche de suivi ne peut pas le remplacer" in err
    assert lea.read_bytes() == before
    # Once it is a fiche, writing it again updates it without --force.
    assert run(capsys, "coverage", lea, "--format", "md", "-o", notes)[0] == 0


def test_a_full_disk_is_explained_in_french_whatever_the_systems_language(
    capsys: pytest.CaptureFixture[str], lea: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vae_assistant.cli import coverage_cmd

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(coverage_cmd, "atomic_write", full_disk)
    code, _, err = run(capsys, "coverage", lea, "--format", "md", "-o", tmp_path / "fiche.md")
    assert code == 2 and "le disque est plein" in err and "No space" not in err


def test_the_fiche_does_not_change_the_dossier(capsys: pytest.CaptureFixture[str], lea: Path) -> None:
    before = load_dossier(lea)
    run(capsys, "coverage", lea, "--format", "md")
    assert load_dossier(lea) == before


def test_a_proof_the_learned_weights_chose_comes_with_its_words_in_the_fiche_as_on_the_review_screen(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A counsellor read « - **1.2** (1.2.c1, s1, 0,51) « Le lundi matin, je tiens la permanence d'accueil. » » in the
    # fiche and could not tell why that sentence proves the orientation: the review screen said « — mots : matin,
    # permanence, accueil » (words that go with the task in labelled stories), the fiche said nothing.
    from vae_assistant.matching.matcher import LEARNED_VIA
    from vae_assistant.matching.types import CompetencyMatch, Evidence, MatchReport, TaskMatch

    opening = "Le lundi matin, je tiens la permanence d'accueil."

    class LearnedToo(KeywordMatcher):
        def __call__(self, text: str) -> MatchReport:
            report = super().__call__(text)
            start = text.find(opening)
            if start < 0:
                return report
            proof = Evidence(
                sentence=opening, start=start, end=start + len(opening), matched=["matin", "permanence", "accueil"],
                via=LEARNED_VIA, score=0.51,
            )
            learned = TaskMatch(
                id="1.2", score=0.51, evidenced=True,
                competencies=[CompetencyMatch(id="1.2.c1", score=0.51, evidence=[proof])],
            )
            return report.model_copy(update={"tasks": [*report.tasks, learned]})

    monkeypatch.setattr(support, "match_function", lambda ref: LearnedToo(ref))
    ref_file = tmp_path / "mini.yaml"
    ref_file.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    new = ["dossier", "new", "nadia", "--nom", "Benali", "--prenom", "Nadia", "--referential", str(ref_file)]
    assert main(new) == 0
    story = tmp_path / "veuve.txt"
    story.write_text(f"{opening} Une dame est arrivée avec un sac plein de papiers et je l'ai accueillie.", "utf-8")
    assert main(["dossier", "add", "nadia", "--file", str(story)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "coverage", "nadia", "--format", "md")
    assert code == 0
    assert (
        "- **1.2** (1.2.c1, s1, 0,51) « Le lundi matin, je tiens la permanence d'accueil. » — mots : matin, "
        "permanence, accueil\n"
    ) in out
    # a proof of the vocabulary keeps its words too
    assert "je l'ai accueillie. » — mots : accueilli\n" in out
