"""Reading a livret draft the candidate started in Word, as situations.

Many candidates arrive with a half-written livret. Its headings usually announce situations (« Situation 2 :
l'accueil d'une famille »), so the draft is cut into one section per heading; the headings above a section become
its tags (« Activité 1 »). A deeper heading naming a part of a situation (« Contexte », « Analyse », « Mon rôle »…)
does not cut: it stays in the text as a line. Without headings, the draft is cut into blocks of paragraphs
separated by empty lines, a short single-line block becoming the title of the next one.

Headings are Word heading styles or outline levels; when a draft has none, short paragraphs written entirely in
bold are taken as headings, which is how most people title by hand. List items keep a « - » in front, tracked
insertions are kept and tracked deletions left out. Sections too short to be a situation are not imported but
reported, so that nothing disappears silently.

Tables are read where they stand in the document. Candidates often put a small context table under a situation's
heading (« Structure | CCAS de Lyon », « Public | … », or the same words as column headers above one row of
values): its recognisable rows fill the situation's context (structure, public, période, rôle) instead of
cluttering the narrative. Every other table, and every row that is not a context row, stays in the text as lines
of cells joined by « | », so that no word is lost; a merged cell, which python-docx repeats in every grid cell it
covers, is read once.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR

from vae_assistant.dossier.labels import CONTEXT_LABELS
from vae_assistant.dossier.text import MAX_FILE_BYTES, clean_line, clean_text, human_size
from vae_assistant.errors import InputError, file_not_found, os_reason
from vae_assistant.paths import stat_path

MIN_WORDS = 8
"""A section with fewer words is not a situation (a cover page, « voir annexe »)."""

MAX_TITLE_CHARS = 300
"""A "heading" longer than this is a paragraph styled as a heading by mistake: it stays in the text."""

MAX_CONTEXT_CHARS = 300
"""A table cell longer than this is narrative, not a context value (« Public | familles monoparentales »)."""

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
_CONTEXT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "structure": ("structure", "lieu", "etablissement", "employeur", "organisme", "service", "institution"),
    "public": (
        "public",
        "publics",
        "beneficiaire",
        "beneficiaires",
        "personne accompagnee",
        "personnes accompagnees",
        "usager",
        "usagers",
    ),
    "period": ("periode", "date", "dates", "quand", "annee", "epoque"),
    "role": ("role", "fonction", "poste"),
}
"""Labels of a context table, accents and case removed, mapped to the fields of SituationContext."""
_CONTEXT_FIELDS = {label: name for name, labels in _CONTEXT_SYNONYMS.items() for label in labels}
_LABEL_PARTS = re.compile(r"\s*(?:/|,|;|&|\+|\bou\b|\bet\b)\s*")
_DETERMINER = re.compile(r"^(?:le|la|les|l'|mon|ma|mes|votre|vos|notre|nos)\s*")
_HEADING_STYLE = re.compile(r"^(heading|titre|title|titel|título)\s*(\d*)$", re.IGNORECASE)


@dataclass
class DraftSection:
    """A piece of the draft that becomes one situation."""

    title: str | None
    paragraphs: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    context: dict[str, str] = field(default_factory=dict)
    """Fields of SituationContext (structure, public, period, role) read from a context table."""

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
    context: list[tuple[str, str, str]] = field(default_factory=list)
    """(field, label as written, value) read from a context table."""


# -- reading the Word file -------------------------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    try:
        _check_content(path)
    except zipfile.BadZipFile:
        raise InputError(
            f"{path.name} n'est pas un document Word lisible : l'archive est abîmée ou tronquée.",
            hint="Ouvrez-le dans Word ou LibreOffice et enregistrez-le de nouveau au format .docx.",
        ) from None
    except OSError as exc:
        hint = "Vérifiez que vous avez le droit de lire ce fichier." if isinstance(exc, PermissionError) else None
        raise InputError(f"Impossible de lire le document {path} : {os_reason(exc)}.", hint=hint) from None


def _check_content(path: Path) -> None:
    found = stat_path(path)
    if found is None:
        raise file_not_found(path)
    if S_ISDIR(found.st_mode):
        raise InputError(f"{path} est un répertoire, pas un document Word.")
    size = found.st_size
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
            context, rows = _read_table(_table_rows(item))
            out.append(_Block("\n".join(_table_lines(rows)), context=context))


def _refuse_a_livret(document, path: Path) -> None:  # type: ignore[no-untyped-def]
    """A livret this program wrote is not a draft: each of its parts (cover, table of contents, the referential's
    competencies…) would become a situation, and its situations already come from the dossier."""
    from vae_assistant.livret.builder import LIVRET_CATEGORY

    if (document.core_properties.category or "") == LIVRET_CATEGORY:
        raise InputError(
            f"{path.name} est un livret écrit par vae-assistant, pas un brouillon : l'importer ferait une situation "
            "de chacune de ses parties (couverture, table des matières, compétences du référentiel…).",
            hint="Ses situations viennent déjà de votre dossier, qui n'a pas été modifié. Pour y reporter un passage "
            "corrigé dans Word, copiez-le dans le récit de la situation (écran Situations, F8, touche r).",
        )


def _read_blocks(path: Path) -> list[_Block]:
    _check_file(path)
    try:
        import docx

        document = docx.Document(str(path))
        _refuse_a_livret(document, path)
        blocks: list[_Block] = []
        fake_titles: list[int] = []
        _blocks(document, blocks, fake_titles)
    except InputError:
        raise
    except Exception:  # python-docx raises many kinds on a damaged file; none is the user's to debug
        raise InputError(
            f"{path.name} n'est pas un document Word lisible : il est abîmé ou incomplet.",
            hint="Ouvrez-le dans Word ou LibreOffice et enregistrez-le de nouveau au format .docx.",
        ) from None
    if not any(b.heading_level is not None for b in blocks):
        for index in fake_titles:
            blocks[index].heading_level = 9
    return blocks


# -- tables ----------------------------------------------------------------------------------------------------------


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    """A cell's text, one line per paragraph (and per row of a table nested in it)."""
    from docx.table import Table

    lines: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            lines += _table_lines(_table_rows(item))
        else:
            lines.append(clean_text(_text_of(item._p)).strip())
    return "\n".join(line for line in lines if line)


def _table_lines(rows: list[list[str]]) -> list[str]:
    return [" | ".join(cell for cell in row if cell) for row in rows]


def _table_rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The non-empty rows of a table, cell by cell; a merged cell is read where it starts and is "" elsewhere.

    python-docx gives a merged cell in every grid position it covers (across columns and down rows): the cell
    elements are kept in ``seen`` (alive, so that they are compared as the same objects) to read each once.
    Empty cells are kept as "" so that a value stays under its column's label.
    """
    seen: set = set()
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            cells.append("" if cell._tc in seen else _cell_text(cell))
            seen.add(cell._tc)
        if any(cells):
            rows.append(cells)
    return rows


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = re.sub(r"\((?:e|s|es)\)", "", plain)  # « date(s) »
    return " ".join(plain.strip(" \t:*-–.").split())


def context_field(label: str) -> str | None:
    """The context field a table label names (« Rôle / Fonction / Poste » → ``role``), or None.

    Accents and case do not matter, nor a determiner (« Mon rôle ») or a qualifier (« Public concerné »). A label
    naming two different fields (« Lieu et date ») is no field: its row stays in the text.
    """
    plain = _plain(label)
    if "\n" in label or len(label) > 60 or ":" in plain:  # « Public : familles » is a sentence, not a label
        return None
    fields: set[str] = set()
    for part in _LABEL_PARTS.split(plain):
        words = _DETERMINER.sub("", part).split()
        if not words or len(words) > 3:
            continue
        name = _CONTEXT_FIELDS.get(" ".join(words[:2])) or _CONTEXT_FIELDS.get(words[0])
        if name:
            fields.add(name)
    return fields.pop() if len(fields) == 1 else None


def _context_value(text: str) -> str | None:
    value = " ; ".join(clean_line(line) for line in text.splitlines() if line.strip())
    return value if value and len(value) <= MAX_CONTEXT_CHARS and context_field(value) is None else None


def _read_table(rows: list[list[str]]) -> tuple[list[tuple[str, str, str]], list[list[str]]]:
    """Split a table into context entries (field, label, value) and the rows that stay text.

    Two layouts are context tables: a header row whose cells are mostly labels above a single row of values
    (« Structure | Public » / « CCAS de Lyon | familles »), or labels in the first column of mostly two-cell rows
    (« Structure | CCAS de Lyon »). "Mostly" is more than half, so that a table of dated actions (« Date |
    Action » above ten rows) stays text. What is not a context entry stays text, so no word is lost; only a
    label left without a value (a template's empty box) is dropped.
    """
    if len(rows) == 2 and len(rows[0]) == len(rows[1]) >= 2:
        header, values = rows
        candidates = [(context_field(label), label, value) for label, value in zip(header, values, strict=True)]
        context, used = _context_entries(candidates)
        if 2 * len(used) > len([label for label in header if label]):
            return context, [[header[i], values[i]] for i in range(len(header)) if i not in used]
    filled = [[cell for cell in row if cell] for row in rows]
    candidates = [(context_field(row[0]), row[0], row[1] if len(row) == 2 else "") for row in filled]
    candidates = [c if len(row) <= 2 else (None, "", "") for c, row in zip(candidates, filled, strict=True)]
    context, used = _context_entries(candidates)
    if 2 * len(used) > len(rows):
        return context, [row for i, row in enumerate(rows) if i not in used]
    return [], rows


def _context_entries(candidates: list[tuple[str | None, str, str]]) -> tuple[list[tuple[str, str, str]], set[int]]:
    """The (field, label, value) that make a context, each field once with a short value, and the positions used.

    A recognised label without a value is used too (nothing to keep), but is no context entry.
    """
    context: list[tuple[str, str, str]] = []
    used: set[int] = set()
    for index, (name, label, text) in enumerate(candidates):
        if name is None:
            continue
        value = _context_value(text)
        if not text.strip():
            used.add(index)
        elif value and all(name != taken for taken, _, _ in context):
            context.append((name, clean_line(label), value))
            used.add(index)
    return context, used


# -- cutting into sections -------------------------------------------------------------------------------------------


def _has_content(block: _Block) -> bool:
    return bool(block.text.strip() or block.context)


def _add_context(section: DraftSection, entries: list[tuple[str, str, str]]) -> None:
    """Fill the section's context; a field given twice keeps its first value, the second stays in the text."""
    for name, label, value in entries:
        if name in section.context:
            section.paragraphs.append(f"{label} | {value}")
        else:
            section.context[name] = value


def _join(section: DraftSection, block: _Block) -> None:
    """Consecutive list items stay on consecutive lines; other paragraphs are separated by an empty line."""
    _add_context(section, block.context)
    if not block.text.strip():
        return
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
            if _has_content(block):
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
        if _has_content(block):
            groups[-1].append(block)
        elif groups[-1]:
            groups.append([])
    if not any(len(g) > 1 for g in groups):  # no empty lines at all: every paragraph is a block
        groups = [[b] for g in groups for b in g]
    sections: list[DraftSection] = []
    pending_title: str | None = None
    pending_context: list[tuple[str, str, str]] = []  # a context table standing alone: for the next situation
    for group in groups:
        if not group:
            continue
        if not any(block.text.strip() for block in group):
            pending_context += [entry for block in group for entry in block.context]
            continue
        if len(group) == 1 and "\n" not in group[0].text and len(group[0].text.split()) < MIN_WORDS:
            if pending_title:
                sections.append(DraftSection(title=pending_title))  # reported as too short
            pending_title = clean_line(group[0].text)
            continue
        section = DraftSection(title=pending_title)
        _add_context(section, pending_context)
        for block in group:
            _join(section, block)
        sections.append(section)
        pending_title, pending_context = None, []
    if pending_title:
        sections.append(DraftSection(title=pending_title))
    if pending_context:  # a table after the last text: it describes that situation
        if not sections:
            sections.append(DraftSection(title=None))
        _add_context(sections[-1], pending_context)
    return sections


def describe_context(context: dict[str, str] | dict[str, str | None]) -> str:
    """« Structure : CCAS de Lyon · Public : familles », in the order of the situation's context fields."""
    return " · ".join(f"{label} : {context[name]}" for name, label in CONTEXT_LABELS.items() if context.get(name))


def read_draft(path: Path) -> Draft:
    """Cut a Word draft into sections ready to become situations; raises InputError for what is not a draft."""
    blocks = _read_blocks(Path(path))
    has_headings = any(b.heading_level is not None for b in blocks)
    sections = _by_headings(blocks) if has_headings else _by_blocks(blocks)
    kept = [s for s in sections if s.words >= MIN_WORDS]
    containers = {tag for s in kept for tag in s.tags}  # headings that group situations: used as tags
    skipped = [
        clean_line(" ".join(filter(None, [s.title, s.text, describe_context(s.context)])))
        for s in sections
        if s.words < MIN_WORDS and (s.text.strip() or s.context or (s.title and s.title not in containers))
    ]
    return Draft(kept, skipped)
