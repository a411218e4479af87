"""Reading a livret draft the candidate started in Word, as situations.

Many candidates arrive with a half-written livret. Its headings usually announce situations (« Situation 2 :
l'accueil d'une famille »), so the draft is cut into one section per heading; the headings above a section become
its tags (« Activité 1 »). A deeper heading naming a part of a situation (« Contexte », « Analyse », « Mon rôle »…)
does not cut: it stays in the text as a line. Without headings, the draft is cut into blocks of paragraphs
separated by empty lines, a short single-line block becoming the title of the next one.

Headings are Word heading styles or outline levels; when a draft has none, short paragraphs written entirely in
bold are taken as headings, which is how most people title by hand. Tables are read cell by cell, list items keep
a « - » in front, tracked insertions are kept and tracked deletions left out. Sections too short to be a situation
are not imported but reported, so that nothing disappears silently.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from vae_assistant.dossier.text import MAX_FILE_BYTES, clean_line, clean_text, human_size
from vae_assistant.errors import InputError

MIN_WORDS = 8
"""A section with fewer words is not a situation (a cover page, « voir annexe »)."""

MAX_TITLE_CHARS = 300
"""A "heading" longer than this is a paragraph styled as a heading by mistake: it stays in the text."""

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
"""Refuse drafts that would unpack to more than this (a zip bomb, or not a livret)."""

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SUBPART = re.compile(
    r"^(?:\d+[.)]?\s*|[a-z][.)]\s*)?(?:le |la |les |l'|mon |ma |mes )?(?:contexte|description|déroulement|deroulement|"
    r"analyse|objectifs?|résultats?|resultats?|bilan|difficultés|difficultes|ce que j'ai|rôle|role|acteurs|"
    r"public|moyens|outils|évaluation|evaluation|conclusion|réflexion|reflexion|enseignements?|actions?|"
    r"partenaires|démarche|demarche|problématique|problematique|situation initiale|suites?)\b",
    re.IGNORECASE,
)
_HEADING_STYLE = re.compile(r"^(heading|titre|title|titel|título)\s*(\d*)$", re.IGNORECASE)


@dataclass
class DraftSection:
    """A piece of the draft that becomes one situation."""

    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in self.paragraphs if p.strip())

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Draft:
    sections: list[DraftSection]
    skipped: list[str]
    """Texts too short to be situations, shown to the user (cover page, lone lines)."""


@dataclass
class _Block:
    text: str
    heading_level: int | None = None  # None: body text
    list_item: bool = False


# -- reading the Word file -------------------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"Fichier introuvable : {path}.")
    if path.is_dir():
        raise InputError(f"{path} est un répertoire, pas un document Word.")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"Le document {path} est trop volumineux ({human_size(size)} ; au plus 50 Mo).")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path.name} est un document Word de l'ancien format (.doc) ou protégé par un mot de passe.",
            hint="Ouvrez-le dans Word ou LibreOffice et enregistrez-le au format .docx, sans mot de passe.",
        )
    if not zipfile.is_zipfile(path):
        raise InputError(
            f"{path.name} n'est pas un document Word (.docx).",
            hint="Enregistrez votre brouillon au format .docx, ou ajoutez un texte brut avec « dossier add ».",
        )
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
            raise InputError(
                f"{path.name} est un document OpenDocument (.odt), pas un document Word.",
                hint="Dans LibreOffice : Fichier › Enregistrer sous › format Word (.docx).",
            )
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise InputError(f"{path.name} est démesuré une fois décompressé : ce n'est pas un brouillon de livret.")


def _text_of(element) -> str:  # type: ignore[no-untyped-def]
    """The visible text of a paragraph element, tracked insertions included and deletions excluded."""
    parts: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == f"{_W}t":
            if not any(a.tag == f"{_W}del" for a in node.iterancestors()):
                parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts)


def _heading_level(paragraph) -> int | None:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.pPr
    if ppr is not None:
        outline = ppr.find(f"{_W}outlineLvl")
        if outline is not None and (value := outline.get(f"{_W}val", "")).isdigit() and int(value) < 9:
            return int(value) + 1
    style = paragraph.style
    while style is not None:
        match = _HEADING_STYLE.match((style.name or "").strip())
        if match:
            return int(match.group(2)) if match.group(2) else 0
        style = style.base_style
    return None


def _is_list_item(paragraph) -> bool:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(f"{_W}numPr") is not None:
        return True
    return "list" in (paragraph.style.name or "").lower() if paragraph.style is not None else False


def _looks_like_a_title(paragraph, text: str) -> bool:  # type: ignore[no-untyped-def]
    """Short, all in bold, not ending like a sentence: how people title by hand."""
    if len(text) > 120 or len(text.split()) > 15 or text.rstrip().endswith((".", ",", ";")):
        return False
    runs = [r for r in paragraph.runs if r.text.strip()]
    if not runs:
        return False
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return all(r.bold or (r.bold is None and style_bold) for r in runs)


def _blocks(container, out: list[_Block], fake_titles: list[int]) -> None:  # type: ignore[no-untyped-def]
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():
        if isinstance(item, Paragraph):
            text = clean_text(_text_of(item._p))
            level = _heading_level(item)
            if level is None and text.strip() and _looks_like_a_title(item, text):
                fake_titles.append(len(out))
            out.append(_Block(text, level, _is_list_item(item)))
        elif isinstance(item, Table):
            for row in item.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    _blocks(cell, out, fake_titles)
                    out.append(_Block(""))


def _read_blocks(path: Path) -> list[_Block]:
    _check_file(path)
    try:
        import docx

        document = docx.Document(str(path))
        blocks: list[_Block] = []
        fake_titles: list[int] = []
        _blocks(document, blocks, fake_titles)
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a damaged file; none is the user's to debug
        raise InputError(
            f"{path.name} n'est pas un document Word lisible ({type(exc).__name__}).",
            hint="Ouvrez-le dans Word ou LibreOffice et enregistrez-le de nouveau au format .docx.",
        ) from None
    if not any(b.heading_level is not None for b in blocks):
        for index in fake_titles:
            blocks[index].heading_level = 9
    return blocks


# -- cutting into sections -------------------------------------------------------------------------------------------


def _join(section: DraftSection, block: _Block) -> None:
    """Consecutive list items stay on consecutive lines; other paragraphs are separated by an empty line."""
    line = f"- {block.text.strip()}" if block.list_item else block.text
    if block.list_item and section.paragraphs and section.paragraphs[-1].startswith("- "):
        section.paragraphs[-1] += "\n" + line
    else:
        section.paragraphs.append(line)


def _is_subpart(title: str) -> bool:
    return len(title.split()) <= 6 and bool(_SUBPART.match(title))


def _by_headings(blocks: list[_Block]) -> list[DraftSection]:
    sections = [DraftSection(title=None)]
    section_level: int | None = None
    stack: list[tuple[int, str]] = []  # enclosing headings (level, text)
    for block in blocks:
        if block.heading_level is None:
            if block.text.strip():
                _join(sections[-1], block)
            continue
        title = clean_line(block.text)
        if not title:
            continue
        if len(title) > MAX_TITLE_CHARS:  # a paragraph styled as a heading by mistake
            block.heading_level = None
            _join(sections[-1], block)
            continue
        level = block.heading_level
        if section_level is not None and level > section_level and _is_subpart(title):
            sections[-1].paragraphs.append(title)
            continue
        section_level = level
        stack = [(lvl, text) for lvl, text in stack if lvl < level]
        tags = [text for _, text in stack]
        sections.append(DraftSection(title=title, tags=tags))
        stack.append((level, title))
    return sections


def _by_blocks(blocks: list[_Block]) -> list[DraftSection]:
    groups: list[list[_Block]] = [[]]
    for block in blocks:
        if block.text.strip():
            groups[-1].append(block)
        elif groups[-1]:
            groups.append([])
    if not any(len(g) > 1 for g in groups):  # no empty lines at all: every paragraph is a block
        groups = [[b] for g in groups for b in g]
    sections: list[DraftSection] = []
    pending_title: str | None = None
    for group in groups:
        if not group:
            continue
        if len(group) == 1 and "\n" not in group[0].text and len(group[0].text.split()) < MIN_WORDS:
            if pending_title:
                sections.append(DraftSection(title=pending_title))  # reported as too short
            pending_title = clean_line(group[0].text)
            continue
        section = DraftSection(title=pending_title)
        for block in group:
            _join(section, block)
        sections.append(section)
        pending_title = None
    if pending_title:
        sections.append(DraftSection(title=pending_title))
    return sections


def read_draft(path: Path) -> Draft:
    """Cut a Word draft into sections ready to become situations; raises InputError for what is not a draft."""
    blocks = _read_blocks(Path(path))
    has_headings = any(b.heading_level is not None for b in blocks)
    sections = _by_headings(blocks) if has_headings else _by_blocks(blocks)
    kept = [s for s in sections if s.words >= MIN_WORDS]
    containers = {tag for s in kept for tag in s.tags}  # headings that group situations: used as tags
    skipped = [
        clean_line(" ".join(filter(None, [s.title, s.text])))
        for s in sections
        if s.words < MIN_WORDS and (s.text.strip() or (s.title and s.title not in containers))
    ]
    return Draft(kept, skipped)
