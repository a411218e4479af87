"""Shared fixtures: every test runs with its own empty user data folder, never the developer's real one."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("vae-home")
    monkeypatch.setenv("VAE_ASSISTANT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def casp():
    """The shipped CASP referential."""
    from vae_assistant.referential import resolve

    return resolve("casp-rncp7426").referential
