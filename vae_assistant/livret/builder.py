"""``build_livret``: the dossier as the Word livret a VAE jury reads, written atomically.

The document is built in memory with python-docx (sections in :mod:`vae_assistant.livret.sections`), then
written to a temporary file beside the target and renamed over it: a failure at any point leaves no half-written
livret, and an existing one is replaced only by a complete new one.

The same dossier always gives the same file, byte for byte, for a given date: document properties come from the
dossier (its creation and last-edit times), not the clock, and the zip entries carry the dossier's last-edit time
instead of "now". Only the cover's date is the day of the export, and tests pass it.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from stat import S_ISDIR
from typing import Literal

from docx import Document
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length

from vae_assistant.coverage import compute_coverage
from vae_assistant.dossier.model import Dossier
from vae_assistant.errors import InputError, VaeError, os_reason
from vae_assistant.livret import paginate as lo
from vae_assistant.livret import sections
from vae_assistant.livret.fields import TocWriter, enable_update_fields, field_runs, text_element
from vae_assistant.livret.plan import plan_situations
from vae_assistant.livret.sanitise import one_line
from vae_assistant.livret.styles import LANGUAGE, Styles
from vae_assistant.livret.writer import Writer
from vae_assistant.paths import stat_path
from vae_assistant.referential.model import Referential

LivretVersion = Literal["jury", "accompagnateur"]
VERSIONS: tuple[str, ...] = ("jury", "accompagnateur")

_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


# -- the template ----------------------------------------------------------------------------------------------------


def _open_template(template: str | Path | None) -> DocumentObject:
    """python-docx's default document, or a certifier's .docx/.dotx emptied of its content but not its styles."""
    if template is None:
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # the default template is US Letter
        section.left_margin = section.right_margin = Cm(2.3)
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        section.header_distance = section.footer_distance = Cm(1.0)
        return document
    path = Path(template)
    hint = "Donnez un modèle Word (.docx ou .dotx), par exemple celui fourni par votre certificateur."
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Modèle Word illisible : {path} ({os_reason(exc)}).", hint=hint) from None
    try:
        data = _as_document(data)
        document = Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        reason = "ce n'est pas un document Word (.docx ou .dotx), ou il est tronqué"
        raise InputError(f"Le fichier {path.name} n'est pas un modèle Word utilisable : {reason}.", hint=hint) from None
    except (PackageNotFoundError, KeyError, ValueError):
        reason = "il y manque des parties d'un document Word"
        raise InputError(f"Le fichier {path.name} n'est pas un modèle Word utilisable : {reason}.", hint=hint) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _as_document(data: bytes) -> bytes:
    """A .dotx is a .docx with another content type; python-docx opens only the latter, so swap it."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_TYPE.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(_TEMPLATE_TYPE.encode(), _DOCUMENT_TYPE.encode())
                target.writestr(info, content)
        return out.getvalue()


# -- assembling ------------------------------------------------------------------------------------------------------


def _assemble(
    document: DocumentObject, dossier: Dossier, referential: Referential, counsellor: bool, today: date, restyle: bool
) -> sections.Livret:
    section = document.sections[-1]
    width = Length(section.page_width - section.left_margin - section.right_margin)
    styles = Styles(document, restyle_builtins=restyle, text_width=width)
    writer = Writer(document, styles)
    coverage = compute_coverage(dossier, referential)
    plan = plan_situations(dossier, referential, coverage, include_blank=counsellor)
    livret = sections.Livret(dossier, referential, coverage, plan, counsellor, today, writer)
    sections.header_and_footer(livret)
    sections.cover(livret)
    sections.table_of_contents(livret)
    sections.empty_notice(livret)
    sections.identity(livret)
    sections.blocs(livret)
    sections.synthesis(livret)
    if counsellor:
        sections.points_to_work(livret)
    sections.attestation(livret)
    sections.pieces(livret)
    writer.close()
    return livret


def _settings(document: DocumentObject) -> None:
    settings = document.settings.element
    enable_update_fields(settings)
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is not None:
        font_lang.set(qn("w:val"), LANGUAGE)


def _properties(document: DocumentObject, dossier: Dossier, version: str) -> None:
    """Title, author and dates from the dossier (the default template ships a 2013 date and a python-docx note)."""
    certification = dossier.certification
    props = document.core_properties
    author = one_line(dossier.candidate.full_name)
    label = "Version jury" if version == "jury" else "Version accompagnateur"
    props.title = one_line(f"Livret 2 — {certification.title}")
    props.author = author
    props.last_modified_by = author
    props.subject = "Validation des acquis de l'expérience"
    props.keywords = one_line(
        "; ".join(k for k in ("VAE", "livret 2", certification.rncp or "", certification.short_title or "") if k)
    )
    props.category = LIVRET_CATEGORY
    props.comments = label
    props.content_status = label
    props.language = LANGUAGE
    props.identifier = ""
    props.version = ""
    props.revision = 1
    created = dossier.created_at.astimezone(UTC).replace(microsecond=0)
    modified = dossier.updated_at.astimezone(UTC).replace(microsecond=0)
    props.created = created
    props.modified = modified
    props.last_printed = created


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    moment = moment.astimezone(UTC)
    if moment.year < 1980:  # the zip format cannot say earlier
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _deterministic(data: bytes, moment: datetime) -> bytes:
    """The same zip with every entry dated ``moment`` (python-docx stamps them with the current time)."""
    stamp = _zip_time(moment)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def _save(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _measure_pages(document: DocumentObject, toc: TocWriter) -> dict[str, int]:
    """Pages of the headings, from a LibreOffice rendering of a probe copy (see vae_assistant.livret.paginate)."""
    bookmarks = toc.bookmarks
    toc.set_pages(dict.fromkeys(bookmarks, 88))  # lay the entries out as they will be, with a number
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    probes = []
    for n, bookmark in enumerate(bookmarks):
        p = OxmlElement("w:p")
        for element in (text_element(f"{lo.MARKER}{n}{lo.MARKER}"),):
            run = OxmlElement("w:r")
            run.append(element)
            p.append(run)
        runs, _ = field_runs(f"PAGEREF {bookmark} \\h", "0")
        for run in runs:
            p.append(run)
        closing = OxmlElement("w:r")
        closing.append(text_element(lo.MARKER))
        p.append(closing)
        sect_pr.addprevious(p)
        probes.append(p)
    try:
        with tempfile.TemporaryDirectory(prefix="vae-livret-") as folder:
            probe = Path(folder) / "sonde.docx"
            probe.write_bytes(_save(document))
            pdf = lo.convert_to_pdf(probe, Path(folder))
            markers = lo.read_markers(lo.pdf_pages_text(pdf))
    finally:
        for p in probes:
            body.remove(p)
    return {bookmarks[n]: page for n, page in markers.items() if n < len(bookmarks)}


def render_livret(
    dossier: Dossier,
    referential: Referential,
    version: LivretVersion = "jury",
    template: str | Path | None = None,
    *,
    today: date | None = None,
    paginate: bool | None = False,
    notices: list[str] | None = None,
) -> bytes:
    """The livret as .docx bytes (see :func:`build_livret`)."""
    if version not in VERSIONS:
        raise InputError(f"Version de livret inconnue : « {version} ».", hint="Versions : jury, accompagnateur.")
    today = today or date.today()
    document = _open_template(template)
    livret = _assemble(document, dossier, referential, version == "accompagnateur", today, restyle=template is None)
    toc = livret.writer.toc
    if paginate is None:
        paginate = lo.can_paginate()
    if paginate and toc is not None:
        # With its page numbers computed, the table of contents needs no instructions to the candidate: they would
        # be printed in the jury's copy. Taken out before measuring (it could push the next page), put back on failure.
        note = livret.toc_note._p if livret.toc_note is not None else None
        before = note.getprevious() if note is not None else None
        if note is not None and before is not None:
            note.getparent().remove(note)
        try:
            toc.set_pages(_measure_pages(document, toc))
        except (VaeError, OSError, ValueError) as exc:
            toc.set_pages({})
            if note is not None and before is not None and note.getparent() is None:
                before.addnext(note)
            if notices is not None:
                notices.append(f"Numéros de page de la table des matières non calculés : {exc}")
    _settings(document)
    _properties(document, dossier, version)
    return _deterministic(_save(document), dossier.updated_at)


# -- writing ---------------------------------------------------------------------------------------------------------


LIVRET_CATEGORY = "Livret 2 de VAE"
"""The document category every livret carries: how a livret written earlier is told from any other Word file."""


def is_livret(path: Path) -> bool:
    """Whether ``path`` is a livret this program wrote (re-exporting over it is the normal way to update it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f"<cp:category>{LIVRET_CATEGORY}</cp:category>" in core


def check_output(path: Path, replace: bool = False) -> None:
    """Refuse, in French, a livret path that cannot or must not be written (checked before any other work)."""
    if path.suffix.lower() != ".docx":
        raise InputError(
            f"Le livret doit être un fichier .docx : « {path.name} ».",
            hint="Par exemple : -o livret.docx",
        )
    found = stat_path(path)  # in a folder the user may not enter, a French error rather than PermissionError
    if found is not None and S_ISDIR(found.st_mode):
        raise InputError(f"« {path} » est un dossier, pas un fichier.")
    parent = stat_path(path.parent)
    if parent is None or not S_ISDIR(parent.st_mode):
        raise VaeError(
            f"Impossible d'écrire le livret : le dossier « {path.parent} » n'existe pas.",
            hint="Créez-le, ou choisissez un autre emplacement avec -o.",
        )
    # A candidate who types the name of their Word draft (or of the certifier's template) must not lose it.
    if found is not None and not replace and not is_livret(path):
        raise InputError(
            f"Le fichier « {path} » existe déjà et ce n'est pas un livret écrit par vae-assistant : "
            "il n'a pas été remplacé.",
            hint="Choisissez un autre nom avec -o, ou ajoutez --force pour le remplacer.",
        )


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder (0600), then rename it."""
    try:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, before the rename)
            dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False
        )
    except OSError as exc:
        raise VaeError(
            f"Impossible d'écrire le livret dans « {path.parent} » : {os_reason(exc)}.",
            hint="Choisissez un dossier où vous pouvez écrire, avec -o.",
        ) from None
    temporary = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise VaeError(
            f"Impossible d'écrire le livret « {path} » : {os_reason(exc)}.",
            hint="Libérez de la place sur ce disque, ou choisissez un autre emplacement avec -o. Un livret écrit "
            "avant à cet endroit est intact."
            if full
            else "Fermez-le s'il est ouvert dans Word, ou choisissez un autre nom avec -o.",
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def build_livret(
    dossier: Dossier,
    referential: Referential,
    output_path: str | Path,
    version: LivretVersion = "jury",
    template: str | Path | None = None,
    *,
    today: date | None = None,
    paginate: bool | None = False,
    notices: list[str] | None = None,
    render: Callable[..., bytes] = render_livret,
    replace: bool = False,
) -> Path:
    """Write the livret of ``dossier`` to ``output_path`` (.docx) and return the path.

    ``version``: ``jury`` (what the jury reads) or ``accompagnateur`` (adds the gaps and the counsellor's
    comments). ``template``: a certifier's .docx/.dotx whose styles the livret uses. ``today``: the cover's date.
    ``paginate``: fill the table of contents' page numbers with a LibreOffice rendering (None: when LibreOffice
    is installed; it adds a few seconds). ``notices`` receives what the user should know (French).
    An existing file at ``output_path`` is replaced only when it is a livret written earlier, or ``replace``.
    Raises :class:`~vae_assistant.errors.VaeError` with a French message when the file cannot be written.
    """
    path = Path(output_path).expanduser()
    check_output(path, replace)
    data = render(dossier, referential, version, template, today=today, paginate=paginate, notices=notices)
    write_atomically(path, data)
    return path
