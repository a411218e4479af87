"""Reading a dossier after the matcher or the referential changed: coverage and the livret see fresh matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_dossier_support import KeywordMatcher, mini_referential

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.refresh import NOT_SAVED_NOTICE, refresh_saved_dossier
from vae_assistant.dossier.storage import create_dossier_file, load_dossier, open_dossier
from vae_assistant.referential.model import Referential


@pytest.fixture
def ref() -> Referential:
    return mini_referential()


@pytest.fixture
def saved(tmp_path: Path, ref: Referential) -> Path:
    """Léa's dossier, one situation matched by an older matcher."""
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    ops.add_situation(dossier, "J'ai accueilli une dame.", match=KeywordMatcher(ref, version="old"))
    path = tmp_path / "lea.vae.json"
    create_dossier_file(path, dossier).close()
    return path


def test_a_dossier_matched_by_an_older_matcher_is_re_analysed_and_saved_once(saved: Path, ref: Referential) -> None:
    newer = KeywordMatcher(ref, version="new")
    dossier, notices = refresh_saved_dossier(saved, load_dossier(saved), ref, newer)
    assert notices == ["Le repérage des compétences a été mis à jour : 1 situation ré-analysée."]
    assert load_dossier(saved).situations[0].match.fingerprint == newer.fingerprint  # type: ignore[union-attr]
    again, notices = refresh_saved_dossier(saved, load_dossier(saved), ref, newer)
    assert notices == [] and again.situations[0].match == dossier.situations[0].match


def test_a_dossier_open_elsewhere_is_refreshed_in_memory_and_its_file_left_alone(
    saved: Path, ref: Referential
) -> None:
    before = saved.read_bytes()
    newer = KeywordMatcher(ref, version="new")
    with open_dossier(saved):  # the candidate has it open in the assistant
        dossier, notices = refresh_saved_dossier(saved, load_dossier(saved), ref, newer)
    assert notices[-1] == NOT_SAVED_NOTICE
    assert dossier.situations[0].match.fingerprint == newer.fingerprint  # type: ignore[union-attr]
    assert saved.read_bytes() == before
