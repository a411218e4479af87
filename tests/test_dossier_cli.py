"""The dossier and coverage commands, as a candidate types them, bad input included."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from test_dossier_support import MINI, KeywordMatcher

from vae_assistant.cli import main, support
from vae_assistant.cli.support import WAITING_NOTICE
from vae_assistant.dossier.lock import DossierLock
from vae_assistant.dossier.storage import list_backups, load_dossier

WELCOME = "J'ai accueilli une dame inquiète. Je l'ai écoutée longuement, puis je l'ai orientée vers le CCAS."
PLAN = "Avec un jeune, nous avons posé un diagnostic puis construit un plan et signé un contrat."


@pytest.fixture
def ref_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def keyword_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def lea(capsys: pytest.CaptureFixture[str], ref_file: Path, isolated_home: Path) -> Path:
    code, _, _ = run(capsys, "dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", ref_file)
    assert code == 0
    return isolated_home / "dossiers" / "lea.vae.json"


def text_file(tmp_path: Path, text: str, name: str = "recit.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_puts_a_bare_name_in_the_users_folder_and_refuses_to_overwrite(
    capsys: pytest.CaptureFixture[str], ref_file: Path, lea: Path
) -> None:
    assert lea.is_file()
    before = lea.read_bytes()
    code, _, err = run(capsys, "dossier", "new", "lea", "--nom", "X", "--prenom", "Y", "--referential", ref_file)
    assert code == 2 and "existe déjà" in err
    assert lea.read_bytes() == before


def test_new_refuses_a_name_with_a_control_character_instead_of_making_a_file_no_one_can_type(
    capsys: pytest.CaptureFixture[str], ref_file: Path, isolated_home: Path
) -> None:
    # an escape pasted from a terminal: the file was created with it, and the message sent it back to the terminal
    code, out, err = run(capsys, "dossier", "new", "bad\x1b[31mname", "--nom", "X", "--prenom", "Y")
    assert code == 2 and "caractère invisible" in err and "\x1b" not in out + err
    folder = isolated_home / "dossiers"
    assert not folder.exists() or not any(folder.iterdir())


def test_new_with_an_unknown_referential_is_a_french_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "dossier", "new", "x", "--nom", "X", "--prenom", "Y", "--referential", "inconnu")
    assert code == 2 and "Référentiel inconnu" in err


def test_add_matches_the_text_and_shows_the_sentence_that_proves_each_task(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    story = text_file(tmp_path, WELCOME)
    code, out, _ = run(capsys, "dossier", "add", "lea", "--file", story, "--titre", "Une dame", "--structure", "CCAS")
    assert code == 0
    assert "Situation s1 ajoutée : « Une dame »" in out
    assert "1.1  0,90  Accueillir le public" in out
    assert "«\u00a0J'ai accueilli une dame inquiète.\u00a0» — mots : accueilli" in out
    situation = load_dossier(lea).situation("s1")
    assert situation.context.structure == "CCAS" and situation.narrative == WELCOME


def test_a_quoted_sentence_keeps_its_guillemets_on_its_lines() -> None:
    """At 100 columns a sentence that filled its line sent the closing « » » alone to the next one."""
    from vae_assistant.cli.dossier_cmd import render_found
    from vae_assistant.dossier.model import (
        CompetencyEvidence,
        MatchRecord,
        Situation,
        StoredEvidence,
        TaskEvidence,
    )

    sentence = "J'ai " + "b" * 84 + "."  # « … » takes the 100 columns to the full stop exactly
    evidence = StoredEvidence(sentence=sentence, start=0, end=len(sentence), matched=["accueilli"])
    competency = CompetencyEvidence(id="1.1.1", score=0.9, evidence=[evidence])
    task = TaskEvidence(id="1.1", score=0.9, evidenced=True, competencies=[competency])
    situation = Situation(id="s1", title="t", narrative=sentence, match=MatchRecord(fingerprint="x", tasks=[task]))
    lines = render_found(situation, None).splitlines()
    assert not any(line.strip().startswith("»") or line.rstrip().endswith("«") for line in lines), lines


def test_add_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PLAN.encode("utf-8"))))
    code, out, _ = run(capsys, "dossier", "add", lea, "-", "--periode", "2022")
    assert code == 0 and "2.1" in out
    assert load_dossier(lea).situation("s1").context.period == "2022"


def test_a_text_that_proves_nothing_says_what_to_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    code, out, _ = run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, "Il faisait beau ce jour-là."))
    assert code == 0 and "Aucune tâche du référentiel n'a été reconnue" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "Fichier introuvable"),
        (b"", "vide"),
        (b"   \n\t", "vide"),
        ("Mon histoire\nen Latin-1 : récit".encode("latin-1"), "UTF-8 (premier caractère illisible à la ligne 2)"),
        (b"PK\x03\x04rest-of-a-zip", "import-docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ancien format (.doc)"),
        (b"%PDF-1.7\n...", "est un document PDF, pas un texte"),
        (b"ELF\x00\x01\x02", "données binaires"),
        ("dir", "est un répertoire (un dossier de fichiers), pas un fichier texte"),
    ],
    ids=["missing", "empty", "blank", "latin-1", "docx", "doc", "pdf", "binary", "folder"],
)
def test_add_refuses_bad_input_with_exit_2_and_leaves_the_dossier_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, content: bytes | None, expected: str
) -> None:
    before = lea.read_bytes()
    source = tmp_path / "recit.txt"
    if content == "dir":
        source.mkdir()
    elif content is not None:
        source.write_bytes(content)
    code, _, err = run(capsys, "dossier", "add", lea, "--file", source)
    assert code == 2 and err.startswith("Erreur : ") and expected in err
    assert lea.read_bytes() == before


def test_a_file_the_candidate_may_not_read_is_a_french_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path
) -> None:
    source = text_file(tmp_path, WELCOME)
    real_open = Path.open

    def open_refused(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == source:  # chmod 000 does not stop root, who runs some CI
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_refused)
    code, _, err = run(capsys, "dossier", "add", lea, "--file", source)
    assert code == 2 and f"Impossible de lire le fichier {source} : permission refusée." in err
    assert "le droit de lire" in err


def test_a_text_saved_as_unicode_by_windows_notepad_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    source = tmp_path / "recit.txt"
    source.write_bytes(WELCOME.encode("utf-16"))  # with its byte order mark, as Bloc-notes writes « Unicode »
    code, _, _ = run(capsys, "dossier", "add", lea, "--file", source)
    assert code == 0 and load_dossier(lea).situation("s1").narrative == WELCOME


def test_add_needs_exactly_one_source(capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path) -> None:
    code, _, err = run(capsys, "dossier", "add", lea)
    assert code == 2 and "--file" in err
    code, _, err = run(capsys, "dossier", "add", lea, "-", "--file", text_file(tmp_path, WELCOME))
    assert code == 2


def test_a_huge_paste_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path) -> None:
    big = tmp_path / "enorme.txt"
    big.write_bytes(b"a" * (5 * 1024 * 1024 + 10))
    code, _, err = run(capsys, "dossier", "add", lea, "--file", big)
    assert code == 2 and "trop long" in err


def test_adding_to_a_corrupt_dossier_is_refused_and_the_file_left_as_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    lea.write_bytes(lea.read_bytes()[:50])
    damaged = lea.read_bytes()
    code, _, err = run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    assert code == 2 and "Impossible d'ouvrir le dossier" in err
    assert lea.read_bytes() == damaged


def test_adding_to_a_dossier_open_elsewhere_is_refused_with_advice_the_command_line_can_follow(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    before = lea.read_bytes()
    story = text_file(tmp_path, WELCOME)
    with DossierLock.acquire(lea, use="assistant"):  # the assistant, running on this computer
        code, _, err = run(capsys, "dossier", "add", lea, "--file", story)
        assert code == 2 and "Ce dossier est ouvert dans l'assistant (le processus" in err
        assert "Fermez l'assistant (Ctrl+Q), puis relancez cette commande." in err
        assert WAITING_NOTICE not in err  # the assistant keeps it until it is closed: waiting cannot help
        assert f"vae-assistant dossier show {lea}" in err
        assert "lecture seule" not in err and "forcer l'ouverture" not in err and "--force" not in err
        code, _, err = run(capsys, "dossier", "add", lea, "--file", story, "--force")
        assert code == 2 and "--force ne prend la main que sur un verrou posé depuis un autre ordinateur" in err
    assert lea.read_bytes() == before


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_a_text_typed_on_standard_input_is_asked_for_only_once_the_dossier_is_open(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path
) -> None:
    """« dossier add DOSSIER - » read the candidate's typing first, then found the dossier locked or damaged: the
    text was lost. The dossier is opened first; on a terminal, the command then says how to end the text."""
    typed = _Terminal(WELCOME.encode("utf-8"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(typed))
    with DossierLock.acquire(lea, use="assistant"):
        code, _, err = run(capsys, "dossier", "add", lea, "-")
    assert code == 2 and "ouvert dans l'assistant" in err
    assert typed.tell() == 0 and "Ctrl+D" not in err  # nothing asked, nothing read
    code, _, err = run(capsys, "dossier", "add", tmp_path / "absent.vae.json", "-")
    assert code == 2 and "n'existe pas" in err and typed.tell() == 0
    code, out, err = run(capsys, "dossier", "add", lea, "-")
    assert code == 0 and "Situation s1 ajoutée" in out
    assert "Tapez ou collez le texte, puis terminez par Ctrl+D" in err
    assert load_dossier(lea).situation("s1").narrative == WELCOME


def test_a_text_typed_on_standard_input_that_cannot_be_saved_is_given_back_to_copy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path
) -> None:
    """A full disk or a dossier changed meanwhile: the file is untouched, and the text typed exists nowhere else."""
    from vae_assistant.dossier import storage

    def full_disk(self, *, force: bool = False) -> None:  # type: ignore[no-untyped-def]
        raise storage.DossierError("Le disque est plein : le dossier n'a pas été enregistré.")

    monkeypatch.setattr(storage.DossierFile, "save", full_disk)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(WELCOME.encode("utf-8"))))
    code, out, err = run(capsys, "dossier", "add", lea, "-")
    assert code == 2 and "disque est plein" in err
    assert "Votre texte n'a pas été enregistré" in out and WELCOME in out
    assert load_dossier(lea).situations == []


def test_a_file_and_standard_input_together_are_refused_in_words_that_say_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    code, _, err = run(capsys, "dossier", "add", lea, "-", "--file", text_file(tmp_path, WELCOME))
    assert code == 2 and "d'une seule façon" in err
    code, _, err = run(capsys, "dossier", "add", lea)
    assert code == 2 and "--file FICHIER, ou « - »" in err


def test_a_dossier_in_a_folder_we_may_not_write_to_says_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path
) -> None:
    """« Impossible de verrouiller le dossier … : le support est en lecture seule. » and nothing more (a USB key
    locked, a folder shared read-only)."""
    import errno
    import os

    before = lea.read_bytes()
    real_open = os.open

    def read_only(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(path).endswith(".lock"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    code, _, err = run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    assert code == 2 and "le support est en lecture seule" in err
    assert "n'a pas été modifié" in err and f"écrire dans le répertoire {lea.parent}" in err
    assert lea.read_bytes() == before


def lock_from_another_computer(dossier: Path) -> Path:
    lock = dossier.parent / f".{dossier.name}.lock"
    owner = {"pid": 4242, "host": "portable-du-bureau", "user": "lea", "since": "2025-03-04T09:00:00+00:00"}
    lock.write_text(json.dumps(owner), encoding="utf-8")
    return lock


WRITING_COMMANDS = {
    "add": ["dossier", "add", "{lea}", "--file", "{story}"],
    "import-docx": ["dossier", "import-docx", "{lea}", "{draft}"],
    "experience": ["dossier", "experience", "{lea}", "--employeur", "CCAS", "--poste", "CESF"],
    "remove": ["dossier", "remove", "{lea}", "s1"],
    "confirm": ["dossier", "confirm", "{lea}", "s1", "1.1"],
    "restore": ["dossier", "restore", "{lea}"],
}
"""Commands that change a dossier, one of each kind, for a dossier {lea} with a situation s1 and a backup; {story}
is a text file, {draft} a Word draft (see :func:`draft`)."""


@pytest.mark.parametrize("command", list(WRITING_COMMANDS.values()), ids=list(WRITING_COMMANDS))
def test_a_lock_left_by_another_computer_is_taken_over_with_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, command: list[str]
) -> None:
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME, "premier.txt"))
    values = {"lea": lea, "story": text_file(tmp_path, PLAN), "draft": draft(tmp_path)}
    argv = [part.format(**values) for part in command]
    lock = lock_from_another_computer(lea)
    before = lea.read_bytes()
    code, _, err = run(capsys, *argv)
    assert code == 2 and "sur portable-du-bureau" in err
    assert "Fermez l'assistant sur l'ordinateur « portable-du-bureau »" in err and "relancez-la avec --force" in err
    assert lea.read_bytes() == before and lock.exists()
    code, _, err = run(capsys, *argv, "--force")
    assert code == 0, err
    assert lea.read_bytes() != before and not lock.exists()


def test_show_prints_the_dossier_and_json_gives_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME), "--public", "Seniors")
    code, out, _ = run(capsys, "dossier", "show", "lea")
    assert code == 0
    assert "Dossier de Léa Martin" in out and "Titre de test (RNCP1234)" in out
    assert "s1  J'ai accueilli une dame inquiète" in out and "Public : Seniors" in out
    assert "Tâches : 1.1, 1.2" in out
    code, out, _ = run(capsys, "dossier", "show", "lea", "--json")
    assert json.loads(out) == json.loads(lea.read_text(encoding="utf-8"))


def test_show_lists_the_tasks_the_current_matcher_finds_as_coverage_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA pass 9: a dossier made with the previous matcher listed the tasks it had found then, which coverage, the
    list and the assistant no longer counted; a task the candidate confirmed stays."""
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    run(capsys, "dossier", "confirm", lea, "s1", "1.2")
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref, version="kw2", threshold=0.95))
    code, out, _ = run(capsys, "dossier", "show", "lea")
    assert code == 0 and "Ce qui change — situation s1 : tâche 1.1 plus repérée, tâche 1.2 plus repérée" in out
    assert "Tâches : 1.2 (confirmée)" in out and "1.1" not in out.split("Situations (1)")[1]
    code, out, _ = run(capsys, "dossier", "show", "lea")
    assert "Ce qui change" not in out, "the new analysis was saved"


def test_show_of_a_missing_dossier(capsys: pytest.CaptureFixture[str], isolated_home: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "dossier", "show", "personne")
    assert code == 2 and "n'existe pas" in err
    # Nothing was there to be modified or backed up: the advice is to check the name.
    assert "sauvegarde" not in err and "n'a pas été modifié" not in err
    assert f"« vae-assistant dossier list » montre les dossiers de {isolated_home / 'dossiers'}" in err
    story = text_file(tmp_path, WELCOME)
    code, _, err = run(capsys, "dossier", "add", "personne", "--file", story)  # opened to be changed
    assert code == 2 and "n'existe pas" in err and "sauvegarde" not in err and "dossier list" in err


def test_restore_says_what_became_of_the_file_it_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    """It said « Le fichier remplacé est gardé dans … » also when nothing was replaced (the same version twice)
    and when there was no file any more."""
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    code, out, _ = run(capsys, "dossier", "restore", lea, "--backup", "1")
    assert code == 0 and "Le fichier remplacé est gardé dans" in out and "--list" in out
    code, out, _ = run(capsys, "dossier", "restore", lea, "--backup", "1")  # the version just replaced, back
    assert code == 0 and "Le fichier remplacé est gardé" in out and load_dossier(lea).situations
    same = list_backups(lea)[0]
    lea.write_bytes(same.path.read_bytes())
    code, out, _ = run(capsys, "dossier", "restore", lea, "--backup", "1")
    assert code == 0 and "Le dossier était déjà dans cet état : rien n'a été remplacé." in out
    lea.unlink()
    code, out, _ = run(capsys, "dossier", "restore", lea, "--backup", "1")
    assert code == 0 and "Le fichier du dossier manquait : il est recréé" in out
    assert load_dossier(lea).candidate.prenom == "Léa"


def test_confirm_and_reject_change_what_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path) -> None:
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    code, out, _ = run(capsys, "dossier", "reject", lea, "s1", "1.2")
    assert code == 0 and "écartée" in out
    code, out, _ = run(capsys, "dossier", "confirm", lea, "s1", "3.2")
    assert code == 0 and "confirmée" in out
    assert load_dossier(lea).situation("s1").counted_tasks == ["1.1", "3.2"]
    code, _, err = run(capsys, "dossier", "confirm", lea, "s1", "9.9")
    assert code == 2 and "pas de tâche" in err
    code, _, err = run(capsys, "dossier", "confirm", lea, "s7", "1.1")
    assert code == 2 and "Aucune situation « s7 »" in err
    code, out, _ = run(capsys, "dossier", "undecide", lea, "S1", "3,2")  # « S1 » and a French decimal comma
    assert code == 0 and "Tâche 3.2 : plus de décision pour la situation s1" in out
    code, _, _ = run(capsys, "dossier", "remove", lea, " S1")  # remove reads it so too
    assert code == 0 and load_dossier(lea).situations == []


def test_restore_lists_and_puts_back_a_backup(capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path) -> None:
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    good = lea.read_bytes()
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, PLAN))
    lea.write_bytes(b"\x00\x01 abime")
    code, _, err = run(capsys, "coverage", lea)
    assert code == 2 and f"vae-assistant dossier restore {lea} --backup 1" in err
    code, out, _ = run(capsys, "dossier", "restore", lea, "--list")
    assert code == 0 and "lisible" in out
    # how many situations each version holds: the one from before a mistake is found without opening each
    header, _, *rows = out.splitlines()
    assert header.split()[:5] == ["N°", "Enregistrée", "le", "Situations", "État"]
    assert [row.split()[4] for row in rows] == ["1", "0"]  # n° 1 before the second add, n° 2 before the first
    code, out, _ = run(capsys, "dossier", "restore", lea, "--backup", "1")
    assert code == 0 and "Restauré : sauvegarde n° 1" in out
    assert lea.read_bytes() == good
    assert any(b.kind == "unreadable" for b in list_backups(lea))
    code, _, err = run(capsys, "dossier", "restore", lea, "--backup", "42")
    assert code == 2 and "pas de sauvegarde n° 42" in err


def test_list_shows_the_users_dossiers(capsys: pytest.CaptureFixture[str], lea: Path) -> None:
    code, out, _ = run(capsys, "dossier", "list")
    assert code == 0 and "lea.vae.json" in out and "Léa Martin" in out
    assert out.rstrip().endswith("vae-assistant open FICHIER."), "the next step is said"


def test_list_shows_each_dossiers_coverage_as_coverage_computes_it_without_saving(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref_file: Path, lea: Path
) -> None:
    code, out, _ = run(capsys, "dossier", "list")
    assert code == 0 and "Couverture" in out.splitlines()[0] and "0\u00a0%" in out
    # stale matches (the referential was revised): list redoes them in memory, as coverage does, and writes nothing
    make_matches_stale(capsys, tmp_path, ref_file, lea, "Titre de test révisé")
    before = lea.read_bytes()
    code, out, _ = run(capsys, "dossier", "list")
    assert lea.read_bytes() == before
    row = next(line for line in out.splitlines() if line.startswith("lea.vae.json"))
    ratio = json.loads(run(capsys, "coverage", lea, "--json")[1])["ratio"]
    assert ratio > 0 and f" {round(ratio * 100)}\u00a0% " in row
    # a dossier whose referential is gone still lists, with « — »
    ref_file.unlink()
    code, out, _ = run(capsys, "dossier", "list")
    row = next(line for line in out.splitlines() if line.startswith("lea.vae.json"))
    assert code == 0 and "—" in row and "introuvable ou illisible" in out


def draft(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Mon brouillon de livret", level=0)
    document.add_heading("Un atelier de veille", level=1)
    document.add_paragraph("Chaque mois je fais une veille sur les dispositifs et je la partage à l'équipe.")
    document.add_heading("Mes comptes rendus", level=1)
    document.add_paragraph("Après chaque permanence, je rédige un compte rendu pour ma responsable de service.")
    path = tmp_path / "brouillon.docx"
    document.save(str(path))
    return path


def test_a_dossier_built_entirely_from_the_cli_shows_coverage_per_bloc_and_ordered_gaps(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, "Nous avons construit un plan.", "b.txt"))
    code, out, _ = run(capsys, "dossier", "import-docx", lea, draft(tmp_path))
    assert code == 0
    assert "2 situations importées de brouillon.docx" in out
    assert "s3  Un atelier de veille [Mon brouillon de livret]" in out and "3.2" in out

    code, out, _ = run(capsys, "coverage", lea)
    assert code == 0
    assert "Bloc B1 — Accueillir · couvert · 100\u00a0%" in out
    assert "Bloc B2 — Accompagner · partiel · 25\u00a0%" in out
    assert "Activités transversales (activité 6) · couvert" in out
    gaps = out[out.index("Ce qui manque") :].splitlines()[1:]
    assert gaps[0].strip().startswith("1. Tâche 2.2") and "aucune situation" in gaps[0]
    assert "3.1" in gaps[1] and "2.1" in gaps[2] and "1 compétence sur 4" in gaps[2]

    code, out, _ = run(capsys, "coverage", lea, "--json")
    data = json.loads(out)
    assert [b["id"] for b in data["blocs"]] == ["B1", "B2", "B3"]
    b2 = data["blocs"][1]
    assert b2["title"] == "Accompagner" and b2["ratio"] == 0.25
    assert [(t["id"], t["status"], t["situations"]) for t in b2["tasks"]] == [
        ("2.1", "partiel", ["s2"]),
        ("2.2", "non_couvert", []),
    ]
    assert [g["id"] for g in b2["gaps"]] == ["2.2", "2.1"]
    assert data["transversal"]["tasks"][0] == {**data["transversal"]["tasks"][0], "id": "6.1", "status": "couvert"}
    assert [g["id"] for g in data["gaps"]] == ["2.2", "3.1", "2.1"]

    code, out, _ = run(capsys, "coverage", lea, "--detail")
    assert "« J'ai accueilli une dame inquiète. » (s1)" in out
    assert "Pour compléter : vae-assistant open" in out and "dossier add" in out  # the next step, not in JSON
    assert "vae-\n" not in out, "a command is never cut at its hyphen"


def test_coverage_detail_keeps_a_task_title_with_sub_steps_on_its_row(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    # CASP's 2.4 lists « 2.4.a : Préparation… » on lines of their own: they came out at column 0, in the way of
    # the task ids
    assert run(capsys, "dossier", "new", "camille", "--nom", "Martin", "--prenom", "Camille")[0] == 0
    code, out, _ = run(capsys, "coverage", "camille", "--detail")
    [row] = [line for line in out.splitlines() if line.lstrip().startswith("2.4 ")]
    assert code == 0 and "2.4.a : Préparation" in row and "2.4.b : Animation" in row
    assert not any(line.startswith("2.4.") for line in out.splitlines())


def test_import_docx_says_which_table_went_to_the_situations_context(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    document = docx.Document()
    document.add_heading("Accueil d'une dame", level=1)
    table = document.add_table(rows=3, cols=2)
    rows = [("Lieu", "CCAS de Lyon"), ("Public", "seniors"), ("Date", "2022")]
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph(WELCOME)
    path = tmp_path / "avec_tableau.docx"
    document.save(str(path))
    code, out, _ = run(capsys, "dossier", "import-docx", lea, path)
    assert code == 0
    assert "Contexte (tableau du brouillon) : Structure : CCAS de Lyon · Public : seniors · Période : 2022" in out
    situation = load_dossier(lea).situation("s1")
    assert (situation.context.structure, situation.context.period) == ("CCAS de Lyon", "2022")
    assert situation.narrative == WELCOME and "1.1" in situation.counted_tasks
    code, out, _ = run(capsys, "dossier", "show", lea)
    assert "Structure : CCAS de Lyon · Public : seniors · Période : 2022" in out


def test_a_referential_file_gone_since_the_dossier_was_created_is_named_with_where_to_put_it_back(
    capsys: pytest.CaptureFixture[str], ref_file: Path, lea: Path, isolated_home: Path
) -> None:
    """The hint said « Importez-le de nouveau dans votre dossier utilisateur », which no command does and which
    named neither the file the dossier read nor the folder to copy it into."""
    ref_file.rename(ref_file.with_name("ailleurs.yaml"))
    code, _, err = run(capsys, "coverage", lea)
    assert code == 2 and "introuvable" in err
    assert f"Ce dossier le lisait dans le fichier {ref_file.resolve()}" in err
    assert str(isolated_home / "referentials") in err and "Vos textes, eux, sont intacts." in err


@pytest.mark.parametrize("counters", [{}, {"s": 1, "e": 0, "p": 0}], ids=["removed", "lowered"])
def test_a_dossier_whose_id_counters_were_edited_by_hand_still_takes_new_items(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, counters: dict
) -> None:
    """With counters below the ids in use, « dossier add » gave s2 again and ended in « Erreur interne
    inattendue » (identifiants en double); the counters are raised past every id when the file is read."""
    story = text_file(tmp_path, WELCOME)
    for _ in range(2):
        run(capsys, "dossier", "add", lea, "--file", story)
    run(capsys, "dossier", "experience", lea, "--employeur", "CCAS", "--poste", "CESF")
    run(capsys, "dossier", "piece", lea, "--intitule", "Attestation")
    raw = json.loads(lea.read_text(encoding="utf-8"))
    raw["id_counters"] = counters
    lea.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "dossier", "add", lea, "--file", story)
    assert code == 0, err
    assert "Situation s3 ajoutée" in out
    assert run(capsys, "dossier", "experience", lea, "--employeur", "PLIE", "--poste", "CIP")[0] == 0
    assert run(capsys, "dossier", "piece", lea, "--intitule", "Diplôme")[0] == 0
    dossier = load_dossier(lea)
    assert [s.id for s in dossier.situations] == ["s1", "s2", "s3"]
    assert [e.id for e in dossier.experiences] == ["e1", "e2"] and [p.id for p in dossier.pieces] == ["p1", "p2"]


def test_a_dossier_whose_own_referential_file_was_broken_says_which_file_and_why_not_that_it_is_missing(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    mine = isolated_home / "referentials" / "mini-test.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    new = ("dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", "mini-test")
    assert run(capsys, *new)[0] == 0
    mine.write_text("id: mini-test\n  bad: [\n", encoding="utf-8")  # edited by hand, and broken
    code, _, err = run(capsys, "coverage", "lea")
    assert code == 2 and "ne peut pas être lu" in err and str(mine) in err and "ligne 2" in err
    assert "Copiez le fichier" not in err


def test_import_of_a_broken_docx_is_a_french_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    before = lea.read_bytes()
    broken = tmp_path / "casse.docx"
    broken.write_bytes(draft(tmp_path).read_bytes()[:300])
    code, _, err = run(capsys, "dossier", "import-docx", lea, broken)
    assert code == 2 and "Word" in err
    code, _, err = run(capsys, "dossier", "import-docx", lea, tmp_path / "absent.docx")
    assert code == 2 and "introuvable" in err
    assert lea.read_bytes() == before


def make_matches_stale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref_file: Path, lea: Path, title: str
) -> None:
    """Léa tells one situation, then the referential is revised: her stored matches are now stale."""
    run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    ref_file.write_text(yaml.safe_dump({**MINI, "title": title}, allow_unicode=True), encoding="utf-8")


def test_a_bad_output_path_changes_nothing_even_when_the_matches_are_stale(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref_file: Path, lea: Path
) -> None:
    make_matches_stale(capsys, tmp_path, ref_file, lea, "Titre de test révisé")
    before = lea.read_bytes()
    code, _, err = run(capsys, "coverage", lea, "--format", "md", "-o", tmp_path)
    assert code == 2 and "répertoire" in err
    code, _, err = run(capsys, "export", lea, "-o", tmp_path / "absent" / "livret.docx")
    assert code == 2 and "n'existe pas" in err
    assert lea.read_bytes() == before  # the stale matches were not refreshed and saved for nothing


def test_coverage_matches_again_when_the_referential_changed_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref_file: Path, lea: Path
) -> None:
    make_matches_stale(capsys, tmp_path, ref_file, lea, "Titre de test révisé")
    code, out, _ = run(capsys, "coverage", lea)
    assert code == 0 and "Le référentiel a changé depuis la dernière analyse : 1 situation ré-analysée." in out
    assert load_dossier(lea).certification.title == "Titre de test révisé"
    code, out, _ = run(capsys, "coverage", lea)
    assert "a changé" not in out


def test_coverage_json_of_a_dossier_open_elsewhere_still_works(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, ref_file: Path, lea: Path
) -> None:
    make_matches_stale(capsys, tmp_path, ref_file, lea, "Autre titre")
    before = lea.read_bytes()
    with DossierLock.acquire(lea):
        code, out, err = run(capsys, "coverage", lea, "--json")
    assert code == 0 and json.loads(out)["notices"] and "pas enregistrée" in err
    assert lea.read_bytes() == before


def test_the_installed_command_exits_2_in_french_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "x.vae.json"
    broken.write_text("{ pas du json", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vae_assistant", "coverage", str(broken)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Impossible d'ouvrir le dossier" in done.stderr and "Traceback" not in done.stderr


def test_a_text_pasted_from_word_with_its_title_on_top_does_not_repeat_the_title(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    story = text_file(tmp_path, f"Premier accueil d’une dame\r\n\r\n{WELCOME}\r\n")
    code, out, _ = run(capsys, "dossier", "add", "lea", "--file", story)
    assert code == 0 and "Situation s1 ajoutée : « Premier accueil d’une dame »" in out
    assert load_dossier(lea).situation("s1").narrative.strip() == WELCOME
    # Given with --titre too, the same first line is still not kept twice.
    story = text_file(tmp_path, f"Premier accueil d’une dame\n\n{WELCOME}")
    run(capsys, "dossier", "add", "lea", "--file", story, "--titre", "premier accueil d’une dame")
    assert load_dossier(lea).situation("s2").narrative == WELCOME
    # A first sentence is the story itself, never a heading: nothing is taken out.
    story = text_file(tmp_path, f"J'ai accueilli une dame.\n\n{PLAN}")
    run(capsys, "dossier", "add", "lea", "--file", story)
    assert load_dossier(lea).situation("s3").narrative == f"J'ai accueilli une dame.\n\n{PLAN}"


def test_what_add_prints_counts_words_like_the_coach_and_keeps_long_task_titles_aligned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    story = text_file(tmp_path, "J'ai accueilli une dame 🙂 — puis je l'ai orientée vers le CCAS. " * 3)
    code, out, _ = run(capsys, "dossier", "add", "lea", "--file", story)
    assert code == 0 and "(33 mots)" in out  # the emoji and the dash are not words
    check = run(capsys, "dossier", "check", "lea")[1]
    assert "(33 mots)" in check and "Texte court (33 mots)" in check
    assert "Pour corriger un récit : vae-assistant open lea" in check
    assert all(len(line) <= 100 for line in out.splitlines())


def test_new_on_an_inactive_fiche_says_which_fiche_replaces_it_on_stderr_and_succeeds(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    code, out, err = run(capsys, "dossier", "new", "camille", "--nom", "Martin", "--prenom", "Camille")
    assert code == 0 and "Dossier créé" in out and "Remarque" not in out
    assert err.startswith("Remarque : la fiche RNCP7426 n'est plus active (enregistrement terminé le 07/09/2021) ; ")
    assert "elle est remplacée par RNCP36625 (référentiel casp-rncp36625)." in err
    assert "Vérifiez auprès de votre certificateur" in err and "Erreur" not in err
    assert (isolated_home / "dossiers" / "camille.vae.json").is_file()


def test_new_on_an_inactive_fiche_without_a_successor_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ended = tmp_path / "ancien.yaml"
    data = {**MINI, "rncp": {"code": "RNCP1234", "active": False}}
    ended.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = run(capsys, "dossier", "new", "paul", "--nom", "Roux", "--prenom", "Paul", "--referential", ended)
    assert code == 0 and "la fiche RNCP1234 n'est plus active ; elle n'indique pas de certification qui" in err


def test_new_on_an_active_fiche_prints_no_notice(capsys: pytest.CaptureFixture[str], ref_file: Path) -> None:
    code, _, err = run(capsys, "dossier", "new", "paul", "--nom", "Roux", "--prenom", "Paul", "--referential", ref_file)
    assert code == 0 and err == ""
    code, _, err = run(capsys, "dossier", "new", "lou", "--nom", "Roux", "--prenom", "Lou", "--referential", "36625")
    assert code == 0 and err == ""


def test_a_trade_vocabulary_that_cannot_be_read_never_costs_the_candidate_their_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path
) -> None:
    from vae_assistant.errors import ReferentialError

    def broken_lexicon(ref):  # type: ignore[no-untyped-def]
        raise ReferentialError("Vocabulaire du métier invalide : mini.lexicon.yaml, ligne 3 : champ « x » inconnu.")

    monkeypatch.setattr(support, "match_function", broken_lexicon)
    code, out, err = run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, WELCOME))
    assert code == 0 and "Situation s1 ajoutée" in out
    assert err.startswith("Attention : Vocabulaire du métier invalide : mini.lexicon.yaml, ligne 3")
    assert "Le texte est gardé, sans repérage des compétences." in err
    assert load_dossier(lea).situation("s1").narrative == WELCOME
    # A decision on that dossier says what it did, not that a text was kept.
    code, out, err = run(capsys, "dossier", "confirm", lea, "s1", "2.1")
    assert code == 0 and "La décision est enregistrée." in err and "texte est gardé" not in err


def test_a_dossier_written_by_an_older_version_says_once_that_it_is_converted_and_where_the_original_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from test_dossier_storage import V1_FILE

    path = tmp_path / "samia.vae.json"
    path.write_text(V1_FILE, encoding="utf-8")
    with support.open_for_edit(path) as opened:
        opened.save()
        opened.save()
    err = capsys.readouterr().err
    assert err.count("format 1") == 1, err
    [original] = [b for b in list_backups(path) if b.kind == "original"]
    assert f"L'original est gardé : {original.path}." in err


def test_a_new_dossier_has_no_backup_yet_and_restore_list_says_why(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    code, out, _ = run(capsys, "dossier", "restore", lea, "--list")
    assert code == 0
    assert "Aucune sauvegarde" in out and "vient d'être créé n'en a pas encore" in out


def test_the_overall_share_says_how_tasks_count_not_what_reads_as_a_count(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    """« Ensemble : 0 % (tâche couverte : 1 ; partielle : ½) » told a counsellor one task was covered in a dossier
    without a situation: the rule reads as a rule."""
    code, out, _ = run(capsys, "coverage", lea)
    assert code == 0
    overall = next(line for line in out.splitlines() if line.startswith("Ensemble"))
    assert overall == "Ensemble : 0\u00a0% (une tâche couverte compte pour 1, une partielle pour ½)"
    code, out, _ = run(capsys, "coverage", lea, "--format", "md")
    assert "- Couverture d'ensemble : 0\u00a0% (une tâche couverte compte pour 1, une partielle pour ½)" in out
