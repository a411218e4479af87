"""The Textual assistant (see issue 5)."""

from __future__ import annotations

from pathlib import Path


def run_app(path: Path | None = None, *, read_only: bool = False) -> int:
    from vae_assistant.tui.app import VaeApp

    app = VaeApp(path=path, read_only=read_only)
    app.run()
    return app.return_code or 0
