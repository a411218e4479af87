"""LibreOffice, when it is installed: the pages of the headings for the table of contents, and PDF conversion.

A TOC field's page numbers are only known once the document is laid out, and python-docx does not lay out.
LibreOffice does, but never fills a TOC field itself when converting (``shared/notes/livret.md``). It does
compute PAGEREF fields outside a TOC, though: so a *probe* copy of the livret gets, after its last page, one line
per heading — a marker and a PAGEREF to the heading's bookmark — and is converted to PDF; ``pdftotext`` reads the
markers back. Lines added after the end do not move any earlier page, so the pages read are the livret's.

Each LibreOffice run has its own throw-away profile (two runs, or a desktop LibreOffice already open, would
otherwise share one and fail silently), a timeout, and is killed with its whole process group when it overruns.
``soffice`` exits 0 even when it fails: the output file is what tells.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from vae_assistant.errors import VaeError

TIMEOUT_SECONDS = 180
MARKER = "QZQ"
_MARKED = re.compile(rf"{MARKER}(\d+){MARKER}\s*(\d+)\s*{MARKER}")


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def can_paginate() -> bool:
    return bool(soffice() and shutil.which("pdftotext"))


def _run(command: list[str], timeout: float) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise VaeError(
            f"LibreOffice n'a pas fini la conversion en {timeout:.0f} s.",
            hint="Le livret Word est à part : il n'est pas touché.",
        ) from None


def convert_to_pdf(docx: Path, out_dir: Path, *, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert ``docx`` to PDF in ``out_dir`` with LibreOffice; raises VaeError when no PDF comes out."""
    executable = soffice()
    if executable is None:
        raise VaeError("LibreOffice n'est pas installé : impossible de produire un PDF.")
    with tempfile.TemporaryDirectory(prefix="vae-soffice-") as profile:
        command = [
            executable,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ]
        _run(command, timeout)
    pdf = out_dir / (docx.stem + ".pdf")
    if not pdf.is_file() or pdf.stat().st_size == 0:
        raise VaeError(f"LibreOffice n'a pas pu convertir {docx.name} en PDF.")
    return pdf


def pdf_pages_text(pdf: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``; pages are separated by form feeds)."""
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=False, timeout=120)
    if result.returncode != 0:
        raise VaeError(f"Lecture du PDF impossible ({pdf.name}).")
    return result.stdout.decode("utf-8", errors="replace").split("\f")


def read_markers(pages_text: list[str]) -> dict[int, int]:
    """Marker number → page, from the probe's last pages."""
    text = "\n".join(pages_text)
    return {int(number): int(page) for number, page in _MARKED.findall(text)}
