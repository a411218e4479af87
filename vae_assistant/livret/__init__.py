"""The Word livret (livret 2) a VAE jury reads, built from a dossier with python-docx.

``build_livret(dossier, referential, path, version="jury" | "accompagnateur", template=None)`` writes it; see
:mod:`vae_assistant.livret.builder` for the guarantees (atomic, deterministic) and
:mod:`vae_assistant.livret.sections` for what it contains.
"""

from vae_assistant.livret.builder import VERSIONS, LivretVersion, build_livret, render_livret

__all__ = ["VERSIONS", "LivretVersion", "build_livret", "render_livret"]
