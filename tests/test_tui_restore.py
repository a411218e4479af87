"""A dossier the assistant cannot open, as a candidate meets it (Pilot, the shipped CASP referential): the last
readable version is offered with a button that puts it back through the core's restore (the damaged file is kept
in the backups), and without one the dialog says what to do in words, not with a command to type."""

from __future__ import annotations

from pathlib import Path

from test_tui import SIZE, new_dossier_file, settle, story
from textual.widgets import Button, Input, Static

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierLoadError
from vae_assistant.dossier.storage import list_backups, load_dossier, open_dossier, read_dossier, restore_backup
from vae_assistant.paths import user_data_dir
from vae_assistant.tui.app import VaeApp
from vae_assistant.tui.screens.dialogs import ChoiceDialog
from vae_assistant.tui.screens.main import MainScreen
from vae_assistant.tui.screens.start import StartScreen

FIRST, SECOND = "Mairie de Brest", "EHPAD de Vannes"


def saved_twice(casp, folder: Path) -> Path:
    """Marie Dupont's dossier saved twice after its creation: backup n° 1 holds the first save (FIRST), the file
    the second (FIRST and SECOND)."""
    path = new_dossier_file(casp, folder)
    for employer in (FIRST, SECOND):
        with open_dossier(path) as opened:
            ops.add_experience(opened.dossier, employer=employer, position="Agente d'accueil", start="2020")
            opened.save()
    return path


def employers(path: Path) -> list[str]:
    return [e.employer for e in load_dossier(path).experiences]


def buttons(app: VaeApp) -> list[str]:
    return [str(b.label) for b in app.screen.query(Button)]


def hint(app: VaeApp) -> str:
    return str(app.screen.query_one(".dialog-hint", Static).render())


def unreadable_copies(path: Path) -> list[Path]:
    return [b.path for b in list_backups(path) if b.kind == "unreadable"]


@story
async def test_a_damaged_dossier_is_restored_from_the_screen_to_its_last_readable_version(casp, tmp_path) -> None:
    path = saved_twice(casp, tmp_path)
    damaged = path.read_bytes()[:300]  # cut off mid-file, as by a crash of another program or a full disk
    path.write_bytes(damaged)
    backups = list_backups(path)
    app = VaeApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#open-path", Input).value = str(path)
        app.screen.query_one("#open", Button).press()
        await settle(app, pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert buttons(app) == ["Restaurer cette version", "Annuler"]
        said = hint(app)
        assert "sauvegarde n° 1 (enregistrée le " in said and "vae-assistant" not in said
        assert "le fichier abîmé n'est pas effacé" in said
        await pilot.press("escape")  # « Annuler »: nothing written, back to the start screen
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
        assert path.read_bytes() == damaged and list_backups(path) == backups
        app.screen.query_one("#open", Button).press()
        await settle(app, pilot)
        await pilot.press("enter")  # « Restaurer cette version » has the focus
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert [e.employer for e in app.session.dossier.experiences] == ["CCAS de Rennes", FIRST]
        [kept] = unreadable_copies(path)
        notices = [n.message for n in app._notifications]
        assert any(n.startswith("Version restaurée\u00a0: sauvegarde n° 1") and str(kept) in n for n in notices)
    assert kept.read_bytes() == damaged  # the damaged file is kept, in the backups folder
    assert employers(path) == ["CCAS de Rennes", FIRST]


@story
async def test_a_deleted_dossier_with_a_backup_can_be_recreated_from_the_screen(casp, tmp_path) -> None:
    path = saved_twice(casp, tmp_path)
    path.unlink()
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert buttons(app) == ["Restaurer cette version", "Annuler"]
        assert "recrée le dossier" in hint(app) and "vae-assistant" not in hint(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("il est recréé" in n.message for n in app._notifications)
    assert employers(path) == ["CCAS de Rennes", FIRST]


@story
async def test_without_a_readable_backup_the_dialog_says_what_to_do_in_words_not_a_command(casp, tmp_path) -> None:
    path = new_dossier_file(casp, tmp_path)  # just created: no backup yet
    path.write_bytes(path.read_bytes()[:300])
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert buttons(app) == ["Compris"]
        assert "Aucune sauvegarde lisible" in hint(app) and "vae-assistant" not in hint(app)
    missing = tmp_path / "marie-dupond.vae.json"  # a typo for marie-dupont: neither file nor backup
    app = VaeApp(missing)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert buttons(app) == ["Compris"]
        words, _, aside = hint(app).partition("(Pour l'accompagnateur")
        assert "«\u00a0Reprendre un dossier\u00a0»" in words and "«\u00a0Nouveau dossier\u00a0»" in words
        assert "marie-dupont.vae.json" in words  # the close name, to check
        assert "vae-assistant" not in words and "vae-assistant dossier list" in aside
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
    assert not missing.exists()


@story
async def test_a_read_only_damaged_dossier_is_not_offered_a_restore_that_could_only_fail(casp, tmp_path) -> None:
    path = saved_twice(casp, tmp_path)
    path.write_bytes(path.read_bytes()[:300])
    path.chmod(0o444)  # read-only: the core would refuse to write it
    damaged, backups = path.read_bytes(), list_backups(path)
    app = VaeApp(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert buttons(app) == ["Compris"]
        said = hint(app)
        assert "sauvegarde n° 1" in said and "lecture seule" in said and "chmod u+w" in said
        assert said.endswith("Rouvrez-le ensuite\u00a0: l'assistant proposera de la restaurer.")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, StartScreen)
    assert path.read_bytes() == damaged and list_backups(path) == backups
    assert not (user_data_dir() / "crash-reports").exists()


def test_the_load_error_carries_the_facts_a_screen_words_and_restore_says_where_the_damaged_file_went(
    casp, tmp_path
) -> None:
    path = saved_twice(casp, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('"employer"', '"employer" "x"', 1), encoding="utf-8")
    try:
        read_dossier(path)
    except DossierLoadError as exc:
        error = exc
    assert not error.missing and error.by_hand and error.by_hand in (error.hint or "")
    kept: list[Path] = []
    restored = restore_backup(path, 1, on_unreadable_kept=kept.append)
    assert restored.path == error.backup and unreadable_copies(path) == kept
    try:
        read_dossier(tmp_path / "absent.vae.json")
    except DossierLoadError as exc:
        assert exc.missing and exc.backup is None


@story
async def test_a_full_disk_or_an_internal_error_while_restoring_is_a_french_dialog_and_the_file_stays(
    casp, tmp_path, monkeypatch
) -> None:
    import errno

    from vae_assistant.dossier import storage
    from vae_assistant.tui import app as app_module

    path = saved_twice(casp, tmp_path)
    path.write_bytes(path.read_bytes()[:300])
    damaged = path.read_bytes()
    write = storage.atomic_write

    def disk_full_on_the_dossier(target: Path, data: bytes) -> None:
        if target == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        write(target, data)

    monkeypatch.setattr(storage, "atomic_write", disk_full_on_the_dossier)
    for expected in ("Impossible d'enregistrer le dossier", "Erreur interne inattendue"):
        app = VaeApp(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("enter")  # « Restaurer cette version »
            await settle(app, pilot)
            assert isinstance(app.screen, ChoiceDialog) and app.screen.title_text == "Restauration impossible"
            assert app.screen.message.startswith(expected) and hint(app).startswith("Rien n'est perdu")
        assert path.read_bytes() == damaged

        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("bug")

        monkeypatch.setattr(app_module, "restore_backup", broken)
    assert list((user_data_dir() / "crash-reports").iterdir())  # the internal error's detail, for the developers
