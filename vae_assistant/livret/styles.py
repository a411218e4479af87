"""The livret's styles: named Word styles for every role, French on every one, looked up once.

Everything in the livret is formatted through named styles, never direct formatting, so that a counsellor can
restyle the document in Word in one place, and so that a certifier's template (``--template``) restyles it by
simply defining the same names. Styles the template (or python-docx's default template) lacks are created here;
styles it has are left as the certifier made them.

Style ids are resolved once: python-docx scans every style each time a style is assigned by name, which made a
5,000-paragraph livret take seconds (``shared/notes/livret.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Length, Pt, RGBColor
from docx.styles.style import BaseStyle

LANGUAGE = "fr-FR"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
"""Dark blue of headings, table headers and the cover rule: sober, prints well in grey."""
ACCENT_HEX = "1F3A5F"
LIGHT_FILL = "E8EEF5"
"""Fill of table header rows and bloc rows in the coverage table."""
COMMENT_FILL = "FFF4D6"
MUTED = RGBColor(0x55, 0x5B, 0x66)

FONT = "Calibri"
"""The font of python-docx's default template; LibreOffice renders it with the metric-compatible Carlito."""


@dataclass(frozen=True)
class _Spec:
    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: RGBColor | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    before: float | None = None
    after: float | None = None
    left: float | None = None  # cm
    first_line: float | None = None  # cm
    keep_with_next: bool | None = None
    underline: bool | None = None


# role → how the style looks when the livret has to create it
_SPECS: dict[str, _Spec] = {
    "body": _Spec("Normal"),
    "heading1": _Spec("Heading 1"),
    "heading2": _Spec("Heading 2"),
    "heading3": _Spec("Heading 3"),
    "header": _Spec("Header", size=8.5, color=MUTED),
    "footer": _Spec("Footer", size=8.5, color=MUTED),
    "cover_kicker": _Spec("Couverture – surtitre", size=12, color=MUTED, align=WD_ALIGN_PARAGRAPH.CENTER, after=4),
    "cover_title": _Spec(
        "Couverture – titre", size=26, bold=True, color=ACCENT, align=WD_ALIGN_PARAGRAPH.CENTER, after=6
    ),
    "cover_subtitle": _Spec("Couverture – sous-titre", size=13, color=MUTED, align=WD_ALIGN_PARAGRAPH.CENTER, after=4),
    "cover_certification": _Spec(
        "Couverture – certification", size=17, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=6
    ),
    "cover_text": _Spec("Couverture – texte", size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=2),
    "cover_name": _Spec("Couverture – candidat", size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=4),
    "cover_mark": _Spec(
        "Couverture – mention", size=12, bold=True, color=RGBColor(0x9C, 0x27, 0x1B), align=WD_ALIGN_PARAGRAPH.CENTER
    ),
    "toc_heading": _Spec("Table des matières – titre", size=16, bold=True, color=ACCENT, after=12),
    "narrative": _Spec("Récit", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6),
    "competency": _Spec("Compétence", size=8.5, color=MUTED, left=0.5, first_line=-0.3, after=1),
    "small": _Spec("Petit texte", size=8.5, color=MUTED, after=3, keep_with_next=True),
    "note": _Spec("Note", size=9.5, italic=True, color=MUTED, after=6),
    "lead": _Spec("Chapeau", before=6, after=8),
    "see_also": _Spec("Renvoi", before=4, after=4),
    "cell": _Spec("Tableau – texte", size=9.5, after=0),
    "cell_head": _Spec("Tableau – en-tête", size=9.5, bold=True, color=ACCENT, after=0),
    "comment": _Spec("Commentaire accompagnateur", size=9.5, left=0.3, after=4),
    "signature": _Spec("Signature", before=14, after=6),
    "toc1": _Spec("toc 1", bold=True, before=6, after=2),
    "toc2": _Spec("toc 2", left=0.5, after=1),
    "toc3": _Spec("toc 3", size=9.5, left=1.0, after=0),
    "hyperlink": _Spec("Hyperlink", WD_STYLE_TYPE.CHARACTER, color=ACCENT),
}

_HEADING_LOOK = {
    "heading1": dict(size=17, before=0, after=10),
    "heading2": dict(size=13, before=16, after=4),
    "heading3": dict(size=11.5, before=12, after=4),
}


def _put_language(rpr: BaseOxmlElement) -> None:
    """Set ``w:lang`` fr-FR in run properties, at its schema place (only three elements may follow it)."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        following = [rpr.find(qn(tag)) for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath")]
        following = [e for e in following if e is not None]
        if following:
            min(following, key=rpr.index).addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _set_language(style: BaseOxmlElement) -> None:
    """French spelling and hyphenation for a style's text."""
    _put_language(style.get_or_add_rPr())  # type: ignore[attr-defined]


def _apply(style: BaseStyle, spec: _Spec) -> None:
    font = style.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.color is not None:
        font.color.rgb = spec.color
    if spec.underline is not None:
        font.underline = spec.underline
    if spec.kind != WD_STYLE_TYPE.PARAGRAPH:
        return
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.left is not None:
        fmt.left_indent = Cm(spec.left)
    if spec.first_line is not None:
        fmt.first_line_indent = Cm(spec.first_line)
    if spec.keep_with_next is not None:
        fmt.keep_with_next = spec.keep_with_next


class Styles:
    """Role → style id for one document, creating missing styles (see the module docstring)."""

    def __init__(self, document: DocumentObject, *, restyle_builtins: bool, text_width: Length) -> None:
        self.document = document
        styles = document.styles
        by_name = {style.name.lower(): style for style in styles if style.name}
        self._ids: dict[str, str] = {}
        for role, spec in _SPECS.items():
            style = by_name.get(spec.name.lower())
            if style is None:
                style = styles.add_style(spec.name, spec.kind)
                if spec.kind == WD_STYLE_TYPE.PARAGRAPH and spec.name != "Normal":
                    style.base_style = by_name.get("normal")
                _apply(style, spec)
                if role.startswith("toc"):
                    self._toc_tabs(style, text_width)
                style.hidden = False
                style.quick_style = role in ("narrative", "competency", "note", "comment")
            elif restyle_builtins and role in _HEADING_LOOK:
                self._restyle_heading(style, role)
            elif restyle_builtins and role in ("header", "footer"):
                _apply(style, spec)
            if spec.kind == WD_STYLE_TYPE.PARAGRAPH:
                _set_language(style.element)
            self._ids[role] = style.style_id
        if restyle_builtins:
            normal = by_name["normal"]
            normal.font.name = FONT
            normal.font.size = Pt(10.5)
            normal.paragraph_format.space_after = Pt(4)
        self._document_language()
        self._comment_box()

    @staticmethod
    def _toc_tabs(style: BaseStyle, text_width: Length) -> None:
        """Page numbers flush right after a dotted leader; titles wrap before reaching them."""
        fmt = style.paragraph_format  # type: ignore[attr-defined]
        fmt.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        fmt.right_indent = Cm(1.0)

    def _restyle_heading(self, style: BaseStyle, role: str) -> None:
        look = _HEADING_LOOK[role]
        font = style.font
        font.name = FONT
        font.size = Pt(look["size"])
        font.bold = True
        font.italic = False
        font.color.rgb = ACCENT
        # python-docx sets w:ascii/w:hAnsi only; the default template's theme font (asciiTheme) would win.
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        if rfonts is not None:
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attribute), None)
        fmt = style.paragraph_format
        fmt.space_before = Pt(look["before"])
        fmt.space_after = Pt(look["after"])
        fmt.keep_with_next = True

    def _document_language(self) -> None:
        """fr-FR in the document defaults too: text without a style (table cells from a template) is French."""
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        if defaults is None:
            return
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        _put_language(rpr)

    def _comment_box(self) -> None:
        """The counsellor's comments stand out: shaded, with a rule on the left (only if we created the style)."""
        style = self.document.styles.element.get_by_id(self._ids["comment"])
        ppr = style.get_or_add_pPr()
        if ppr.find(qn("w:shd")) is not None or ppr.find(qn("w:pBdr")) is not None:
            return
        borders = OxmlElement("w:pBdr")
        left = OxmlElement("w:left")
        for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "6"), ("w:color", "C9A227")):
            left.set(qn(key), value)
        borders.append(left)
        shading = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", COMMENT_FILL)):
            shading.set(qn(key), value)
        # CT_PPr order: … pBdr, shd, tabs … ind … jc — insert before the first of those that follow
        following = [ppr.find(qn(tag)) for tag in ("w:tabs", "w:spacing", "w:ind", "w:jc")]
        following = [e for e in following if e is not None]
        if following:
            anchor = min(following, key=ppr.index)
            anchor.addprevious(borders)
            anchor.addprevious(shading)
        else:
            ppr.append(borders)
            ppr.append(shading)

    def id(self, role: str) -> str:
        return self._ids[role]
