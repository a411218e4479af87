"""A non-editable install (``pip install .``) carries the referentials and interview scripts with it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"wheel build failed:\n{done.stderr[-2000:]}")
    return next(out.glob("vae_assistant-*.whl"))


def test_the_wheel_holds_the_data_folders(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "vae_assistant/_data/referential/casp-rncp7426.yaml" in names
    assert "vae_assistant/_data/referential/casp-rncp7426.learned.json" in names
    assert any(n.startswith("vae_assistant/_data/prompts/") and n.endswith(".yaml") for n in names)


def test_an_installed_copy_finds_the_shipped_referential(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target), "VAE_ASSISTANT_HOME": str(tmp_path / "home")}
    code = (
        "import vae_assistant, pathlib;"
        "from vae_assistant.paths import shipped_referential_dir;"
        "from vae_assistant.referential import resolve;"
        f"assert pathlib.Path(vae_assistant.__file__).is_relative_to({str(target)!r});"
        f"assert shipped_referential_dir().is_relative_to({str(target)!r});"
        "print(len(resolve().referential.tasks))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "32"
