"""A candidate's months of writing survive crashes, bad files, other programs and upgrades."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dossier_support import KeywordMatcher, mini_referential

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier import storage
from vae_assistant.dossier.errors import DossierConflictError, DossierError, DossierLoadError, DossierLockedError
from vae_assistant.dossier.lock import lock_path
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.recent import last_dossier, remember_last
from vae_assistant.dossier.storage import (
    BACKUPS_KEPT,
    backups_dir,
    create_dossier_file,
    dossier_path,
    encode,
    list_backups,
    load_dossier,
    open_dossier,
    restore_backup,
)
from vae_assistant.dossier.text import clean_text
from vae_assistant.errors import InputError


def new(path: Path, narrative: str = "J'ai accueilli une dame. Je l'ai écoutée.") -> Path:
    ref = mini_referential()
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    ops.add_situation(dossier, narrative, match=KeywordMatcher(ref))
    create_dossier_file(path, dossier).close()
    return path


def save_edit(path: Path, text: str) -> None:
    with open_dossier(path) as opened:
        ops.add_situation(opened.dossier, text)
        opened.save()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- writing -----------------------------------------------------------------------------------------------------------


def test_a_new_dossier_is_private_readable_json(tmp_path: Path) -> None:
    path = new(tmp_path / "private" / "deep" / "lea.vae.json")
    assert mode(path) == 0o600
    assert mode(tmp_path / "private") == 0o700 and mode(tmp_path / "private" / "deep") == 0o700
    text = path.read_text(encoding="utf-8")
    assert "Léa" in text and '\n  "candidate": {' in text
    assert json.loads(text)["schema_version"] == 2


def test_a_dossier_written_by_this_version_round_trips_byte_for_byte(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    before = path.read_bytes()
    assert encode(load_dossier(path)) == before
    with open_dossier(path) as opened:
        opened.save()
    assert path.read_bytes() == before
    assert list_backups(path) == [], "saving an unchanged dossier makes no backup"


def test_emoji_control_characters_and_a_1_mb_narrative_survive_a_save_and_a_load(tmp_path: Path) -> None:
    big = ("Je reçois chaque matin des personnes très différentes 👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢. " * 15000)[: 1024 * 1024]
    path = new(tmp_path / "lea.vae.json")
    with open_dossier(path) as opened:
        ops.add_situation(opened.dossier, big, title="Le grand récit")
        ops.add_situation(opened.dossier, "Tab\tici, NUL\x00 là, bip\x07, retour\r\nligne 🙂 et \x7f", title="Bruit")
        opened.save()
    again = load_dossier(path)
    assert again.situation("s2").narrative == big
    assert again.situation("s3").narrative == "Tab\tici, NUL là, bip, retour\nligne 🙂 et \x7f"


def test_a_narrative_over_5_mb_is_refused_with_a_french_message(tmp_path: Path) -> None:
    dossier = ops.new_dossier(mini_referential(), nom="M", prenom="L")
    with pytest.raises(InputError, match="trop long"):
        ops.add_situation(dossier, "a" * (5 * 1024 * 1024 + 1))


def test_the_version_before_a_situation_was_removed_outlives_the_rotation(tmp_path: Path) -> None:
    """The assistant saves after every message: ten saves after a deletion, the deleted situation was in no
    backup any more. The version just before it is kept out of the rotation, and restores like any other."""
    path = new(tmp_path / "lea.vae.json")
    save_edit(path, "Le récit que je vais supprimer par erreur")
    with open_dossier(path) as opened:
        ops.delete_situation(opened.dossier, "s2")
        opened.save()
    for n in range(BACKUPS_KEPT + 3):
        time.sleep(0.002)
        save_edit(path, f"Version {n}")
    versions = [b for b in list_backups(path) if b.kind == "version"]
    kept = [b for b in versions if b.before_removal]
    assert len(versions) == BACKUPS_KEPT + 1 and len(kept) == 1
    assert "avant la suppression d'une situation" in kept[0].label
    assert "Le récit que je vais supprimer par erreur" in kept[0].path.read_text(encoding="utf-8")
    restore_backup(path, kept[0].number)
    assert load_dossier(path).situation("s2").narrative == "Le récit que je vais supprimer par erreur"
    # restoring dropped the situations written since: that version is kept aside in its turn
    assert sum(b.before_removal for b in list_backups(path)) == 2


def test_backups_keep_the_last_10_versions(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    versions = [path.read_bytes()]
    for n in range(13):
        time.sleep(0.002)
        save_edit(path, f"Version {n}")
        versions.append(path.read_bytes())
    backups = [b for b in list_backups(path) if b.kind == "version"]
    assert len(backups) == BACKUPS_KEPT
    assert [b.number for b in backups] == list(range(1, 11))
    assert backups[0].path.read_bytes() == versions[-2]
    assert backups[-1].path.read_bytes() == versions[-11]
    assert mode(backups_dir(path)) == 0o700
    assert all(mode(b.path) == 0o600 for b in backups)


@pytest.mark.parametrize("failure", ["write", "fsync", "replace"])
def test_a_save_interrupted_at_any_step_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    path = new(tmp_path / "lea.vae.json")
    before = path.read_bytes()
    opened = open_dossier(path)
    ops.add_situation(opened.dossier, "Un texte qui ne sera jamais écrit " * 1000)

    def half_write(handle, data: bytes) -> None:  # type: ignore[no-untyped-def]
        handle.write(data[: len(data) // 2])
        raise OSError(28, "No space left on device")

    def broken(*args: object) -> None:
        raise OSError(5, "Input/output error")

    if failure == "write":
        monkeypatch.setattr(storage, "_write_all", half_write)
    elif failure == "fsync":
        monkeypatch.setattr(os, "fsync", broken)
    else:
        monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(DossierError, match="version précédente du fichier est intacte"):
        opened.save()
    opened.close()
    assert path.read_bytes() == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_process_killed_while_saving_leaves_the_old_or_the_new_file_never_a_mix(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from vae_assistant.dossier import operations as ops
        from vae_assistant.dossier.storage import open_dossier
        opened = open_dossier(Path({str(path)!r}), force=True)
        n = 0
        print("ready", flush=True)
        while True:
            n += 1
            opened.dossier.situations[0].narrative = (f"version {{n}} " * 200000)
            opened.save(force=True)
        """
    )
    for delay in (0.3, 0.55, 0.8):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        child.kill()
        child.wait()
        narrative = load_dossier(path).situations[0].narrative
        words = set(narrative.split())
        assert len(words) <= 2, "one version only, whole"


# -- reading bad files -------------------------------------------------------------------------------------------------

BAD_FILES: dict[str, tuple[bytes | int | None, str]] = {
    "empty": (b"", "vide"),
    "blank": (b"  \n", "vide"),
    "truncated": (None, "tronqué"),
    "truncated in a word": (-1, "tronqué"),
    "not utf-8": (b'{"schema_version": 2, "candidate": "\xe9\xff"}', "UTF-8"),
    "garbage": (b'{"schema_version": 2,, }', "JSON invalide, ligne 1"),
    "foreign list": (b"[1, 2, 3]", "pas un dossier"),
    "not json at all": (b"garbage{{{", "pas un dossier de vae-assistant \\(ce n'est pas du JSON\\)"),
    "a letter saved under the dossier's name": ("Chère Madame,\nje vous écris".encode(), "pas du JSON"),
    "foreign object": (b'{"format": 1, "id": "casp"}', "pas un dossier"),
    "too new": (b'{"schema_version": 99, "candidate": {}}', "version plus récente"),
    "invalid content": (b'{"schema_version": 2, "candidate": {"nom": "A"}}', "prenom"),
    "bad version": (b'{"schema_version": "deux", "candidate": {}}', "format absent ou invalide"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_reported_in_french_and_left_byte_for_byte_untouched(tmp_path: Path, case: str) -> None:
    path = new(tmp_path / "lea.vae.json")
    content, expected = BAD_FILES[case]
    if content is None:
        content = path.read_bytes()[:-200]
    elif content == -1:
        whole = path.read_bytes()
        content = whole[: whole.index(b'"phone": null') + len(b'"phone": nu')]
    path.write_bytes(content)
    os.chmod(path, 0o600)
    mtime = path.stat().st_mtime_ns
    with pytest.raises(DossierLoadError, match=expected) as caught:
        open_dossier(path)
    assert "Impossible d'ouvrir le dossier" in str(caught.value)
    assert path.read_bytes() == content and path.stat().st_mtime_ns == mtime
    assert not lock_path(path).exists(), "a failed open gives its lock back"


def test_a_dossier_we_may_not_read_asks_for_the_right_to_read_it_not_for_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The message used to point at the newest backup and « dossier restore »: an older text, and a restore that
    fails the same way. The file is not damaged; its permissions are what to fix."""
    path = new(tmp_path / "lea.vae.json")
    save_edit(path, "Deuxième situation")
    real_read = Path.read_bytes

    def refused(self: Path) -> bytes:  # chmod 000 does not stop root, who runs some CI
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", refused)
    with pytest.raises(DossierLoadError, match="permission refusée") as caught:
        open_dossier(path)
    message = str(caught.value)
    assert "vérifiez que vous avez le droit de le lire" in message and "n'a pas été modifié" in message
    assert "restore" not in message and caught.value.backup is None


def test_a_value_outside_a_list_is_reported_with_the_list_in_french(tmp_path: Path) -> None:
    """pydantic words the allowed values in English (« 'job', 'volunteering' or 'other' »)."""
    path = new(tmp_path / "lea.vae.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["experiences"] = [{"id": "e1", "kind": "cdi", "employer": "CCAS", "position": "CESF"}]
    with pytest.raises(DossierError) as caught:
        storage.parse_dossier(json.dumps(raw).encode())
    message = str(caught.value)
    assert "experiences › 1 › kind : valeur non permise" in message
    assert "' ou '" in message and " or " not in message


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_dossier_opened_through_a_symbolic_link_is_saved_in_the_linked_file(tmp_path: Path) -> None:
    """Saving through a link (a dossier kept in a synchronised folder, linked from the desktop) replaced the link
    by a file: the synchronised dossier silently stopped changing while the candidate went on writing."""
    (tmp_path / "cloud").mkdir()
    (tmp_path / "bureau").mkdir()
    real = new(tmp_path / "cloud" / "lea.vae.json")
    link = tmp_path / "bureau" / "lea.vae.json"
    link.symlink_to(real)
    save_edit(link, "Écrite par le lien")
    save_edit(link, "Et une autre")
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert [s.narrative for s in storage.load_dossier(real).situations][-2:] == ["Écrite par le lien", "Et une autre"]
    assert len(list_backups(link)) == len(list_backups(real)) >= 2  # beside the real file, found through the link
    assert not (tmp_path / "bureau" / ".lea.vae.json.backups").exists()
    restore_backup(link, 1)
    assert link.is_symlink() and storage.load_dossier(real).situations[-1].narrative == "Écrite par le lien"


@pytest.mark.parametrize(
    ("case", "advice"),
    [
        ("garbage", "corrigez l'endroit indiqué dans un éditeur de texte (le plus souvent une virgule"),
        ("invalid content", "corrigez les champs indiqués dans un éditeur de texte"),
        ("truncated", None),
        ("not utf-8", None),
    ],
)
def test_a_file_damaged_as_an_edit_by_hand_leaves_it_says_how_to_correct_it(
    tmp_path: Path, case: str, advice: str | None
) -> None:
    """A syntax error or a wrong field, with no backup, read « Aucune sauvegarde lisible n'a été trouvée » and
    nothing to do; a truncated or binary file is not a typo to correct."""
    path = new(tmp_path / "lea.vae.json")
    content = BAD_FILES[case][0]
    path.write_bytes(path.read_bytes()[:-200] if content is None else content)
    with pytest.raises(DossierLoadError) as caught:
        open_dossier(path)
    message = str(caught.value)
    if advice is None:
        assert "modifié à la main" not in message
    else:
        assert f"S'il a été modifié à la main, {advice}" in message


def test_a_corrupt_file_names_the_newest_good_backup_and_restore_brings_it_back(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    save_edit(path, "Deuxième situation")
    good = path.read_bytes()
    save_edit(path, "Troisième situation")
    path.write_bytes(path.read_bytes()[:100])  # a crash of another tool, a bad sync…
    damaged = path.read_bytes()
    with pytest.raises(DossierLoadError) as caught:
        load_dossier(path)
    assert caught.value.backup is not None
    assert caught.value.backup.read_bytes() == good
    assert "--backup 1" in str(caught.value) and "n'a pas été modifié" in str(caught.value)

    restored = restore_backup(path)
    assert restored.number == 1
    assert path.read_bytes() == good
    assert [s.title for s in load_dossier(path).situations][-1] == "Deuxième situation"
    kept = [b for b in list_backups(path) if b.kind == "unreadable"]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged


def test_a_corrupt_newest_backup_is_skipped_when_offering_one(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    save_edit(path, "deux")
    save_edit(path, "trois")
    newest, older = [b for b in list_backups(path) if b.kind == "version"]
    newest.path.write_bytes(b"{")
    path.write_bytes(b"")
    with pytest.raises(DossierLoadError) as caught:
        load_dossier(path)
    assert caught.value.backup == older.path
    with pytest.raises(DossierError, match="elle aussi illisible"):
        restore_backup(path, 1)
    assert restore_backup(path).number == 2


def test_a_file_over_50_mb_is_refused_before_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.vae.json"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(DossierLoadError, match="trop volumineux"):
        load_dossier(path)


def test_a_missing_dossier_says_so(tmp_path: Path) -> None:
    with pytest.raises(DossierLoadError, match="n'existe pas"):
        open_dossier(tmp_path / "absent.vae.json")


def test_creating_a_dossier_over_an_existing_file_is_refused(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    before = path.read_bytes()
    dossier = ops.new_dossier(mini_referential(), nom="Autre", prenom="Personne")
    with pytest.raises(DossierError, match="existe déjà"):
        create_dossier_file(path, dossier)
    assert path.read_bytes() == before


# -- locks and other programs ------------------------------------------------------------------------------------------


def test_a_second_program_opening_the_same_dossier_is_warned(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    first = open_dossier(path)
    with pytest.raises(DossierLockedError, match="utilisé par une commande vae-assistant") as caught:
        open_dossier(path)
    assert caught.value.owner["pid"] == os.getpid()
    assert "lecture seule" in str(caught.value)
    reader = open_dossier(path, read_only=True)
    assert reader.read_only
    with pytest.raises(DossierError, match="lecture seule"):
        reader.save()
    first.close()
    open_dossier(path).close()


def test_the_lock_of_a_crashed_program_is_taken_over(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    owner = {"pid": int(dead.stdout), "host": socket.gethostname(), "since": "2025-01-01T00:00:00+00:00"}
    lock_path(path).write_text(json.dumps(owner))
    open_dossier(path).close()
    assert not lock_path(path).exists()


def test_a_lock_from_another_machine_is_respected_unless_forced(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    owner = {"pid": 1, "host": "autre-poste", "user": "marie", "since": "2025-03-04T09:22:00+00:00"}
    lock_path(path).write_text(json.dumps(owner))
    with pytest.raises(DossierLockedError, match="autre-poste"):
        open_dossier(path)
    open_dossier(path, force=True).close()


def test_a_lock_file_being_written_or_damaged_is_respected_and_described_without_crashing(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    for content in ("[[[", '{"pid": ' + "1" * 5000 + "}", ""):  # fresh: it may be a lock being written
        lock_path(path).write_text(content)
        with pytest.raises(DossierLockedError, match="déjà ouvert par un autre programme"):
            open_dossier(path)


def test_a_number_too_long_for_python_is_a_damaged_dossier_not_a_crash(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"schema_version": 2', '"schema_version": ' + "2" * 5000, 1), encoding="utf-8")
    with pytest.raises(DossierLoadError, match="nombre démesuré"):
        load_dossier(path)


def test_saving_over_changes_made_by_another_program_is_refused_unless_forced(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    opened = open_dossier(path)
    ops.add_situation(opened.dossier, "Mon texte à moi")
    other = load_dossier(path)
    ops.add_situation(other, "Le texte de quelqu'un d'autre")
    path.write_bytes(encode(other))
    with pytest.raises(DossierConflictError):
        opened.save()
    assert "quelqu'un d'autre" in path.read_text(encoding="utf-8")
    opened.save(force=True)
    opened.close()
    assert "Mon texte à moi" in path.read_text(encoding="utf-8")
    assert "quelqu'un d'autre" in list_backups(path)[0].path.read_text(encoding="utf-8")


# -- older versions ----------------------------------------------------------------------------------------------------

V1_FILE = """{
  "schema_version": 1,
  "id": "0123456789abcdef0123456789abcdef",
  "created_at": "2024-09-01T08:00:00Z",
  "updated_at": "2024-10-02T17:30:00Z",
  "candidate": {
    "nom": "Benali",
    "prenom": "Samia",
    "contact": "samia.benali@example.fr - 06 12 34 56 78\\n12 rue des Lilas, 69003 Lyon"
  },
  "certification": {
    "referential_id": "mini-test",
    "title": "Titre de test",
    "short_title": "TEST",
    "rncp": "RNCP1234",
    "fingerprint": "sha256:ancien",
    "referential_path": null
  },
  "experiences": [],
  "trainings": [],
  "pieces": [],
  "situations": [
    {
      "id": "s1",
      "title": "Permanence du mardi",
      "context": {"structure": "Centre social", "public": null, "period": "2019", "role": null},
      "narrative": "J'ai accueilli un jeune homme.",
      "for_task": null,
      "tags": [],
      "match": null,
      "confirmed_tasks": [],
      "rejected_tasks": [],
      "counsellor_note": "Détaillez l'entretien.",
      "created_at": "2024-09-01T08:10:00Z",
      "updated_at": "2024-09-15T10:00:00Z"
    }
  ],
  "conversation": [],
  "interview": {},
  "id_counters": {"s": 1}
}
"""


def test_a_version_1_dossier_is_migrated_on_load_and_its_original_kept_when_saved(tmp_path: Path) -> None:
    path = tmp_path / "samia.vae.json"
    path.write_text(V1_FILE, encoding="utf-8")
    opened = open_dossier(path)
    dossier = opened.dossier
    assert opened.migrated and opened.original_version == 1
    assert dossier.candidate.contact.email == "samia.benali@example.fr"
    assert dossier.candidate.contact.phone == "06 12 34 56 78"
    assert dossier.candidate.contact.address == "12 rue des Lilas, 69003 Lyon"
    [comment] = dossier.comments
    assert (comment.situation_id, comment.text, comment.status) == ("s1", "Détaillez l'entretien.", None)
    assert comment.created_at.isoformat() == "2024-09-15T10:00:00+00:00"
    assert dossier.next_id("c") == "c2"
    assert path.read_text(encoding="utf-8") == V1_FILE, "loading does not write"

    opened.save()
    opened.close()
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 2
    [original] = [b for b in list_backups(path) if b.kind == "original"]
    assert original.path.name.startswith("original-v1-")
    assert original.path.read_text(encoding="utf-8") == V1_FILE


# -- names and the last dossier ----------------------------------------------------------------------------------------


def test_a_bare_name_means_the_users_dossier_folder(isolated_home: Path, tmp_path: Path) -> None:
    assert dossier_path("lea", new=True) == isolated_home / "dossiers" / "lea.vae.json"
    assert dossier_path("lea.vae.json", new=True) == isolated_home / "dossiers" / "lea.vae.json"
    assert dossier_path(tmp_path / "x") == tmp_path / "x.vae.json"
    with pytest.raises(InputError, match=r"\.vae\.json"):
        dossier_path("lea.json", new=True)


def test_the_last_opened_dossier_is_remembered(tmp_path: Path) -> None:
    assert last_dossier() is None
    path = new(tmp_path / "lea.vae.json")
    remember_last(path)
    assert last_dossier() == path.resolve()
    path.unlink()
    assert last_dossier() is None


def test_a_last_dossier_in_a_folder_we_may_no_longer_enter_is_forgotten_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = new(tmp_path / "lea.vae.json")
    remember_last(path)
    real_stat, remembered = Path.stat, path.resolve()

    def refused(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == remembered:  # chmod 000 on the folder does not stop root, who runs some CI
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(Path, "stat", refused)
    assert last_dossier() is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_a_candidate_types_round_trips_through_the_file(text: str) -> None:
    dossier = ops.new_dossier(mini_referential(), nom="M", prenom="L")
    ops.add_situation(dossier, text, title="t")
    again = storage.parse_dossier(encode(dossier))
    assert again.situations[0].narrative == clean_text(text)
    assert isinstance(again, Dossier) and encode(again) == encode(dossier)
