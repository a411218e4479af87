"""The Textual assistant (see issue 5)."""

from __future__ import annotations

from pathlib import Path


def run_app(path: Path | None = None) -> int:
    from vae_assistant.tui.app import VaeApp

    app = VaeApp(path=path)
    app.run()
    return app.return_code or 0
