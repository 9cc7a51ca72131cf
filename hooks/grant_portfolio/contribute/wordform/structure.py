"""The form's own structure: the labels of its fields and budget table, its sub-questions, and the
patterns and XML names the import reads it with. Everything region-specific comes from the scheme.
"""

from __future__ import annotations

import re

from lxml import etree

# The form's structure ------------------------------------------------------------------------
# The labels of the fields in the form's sections 1–3. The labels of the project's name and of
# the agreement date are the headings of the scheme's sections with the fields `title` and
# `agreement_signed`; the parties section (field `owners`) has these labels inside it. A part
# written in parentheses is optional: «Kommune(r)» matches «Kommune», «Kommuner» and
# «Kommune(r)»; «prosjekt/pilot» matches either word or both.
OWNERS_LABEL = "Prosjekteier(e)"
MUNICIPALITIES_LABEL = "Kommune(r)"
CONTACTS_LABEL = "Kontaktperson(er)"  # also the trust's «Kontaktperson»
TRUSTS_LABEL = "Helseforetak"

# A heading the applicant may add at the end, followed by one attachment per line.
ATTACHMENTS_HEADING = "Vedlegg"

# A label inside the description whose text is the target group (copied to `target_group`).
TARGET_GROUP_LABEL = "Målgruppe"

# The form's own sub-questions inside the budget part; they become ### subheadings.
FORM_SUBHEADINGS = (
    "Hvor mye søkes det om og hva skal midlene benyttes til?",
    "Hvilke ressurser bidrar kommunen(e) med?",
    "Hvilke ressurser bidrar helseforetaket med?",
    "Finansieringsplan; ved oppstart og ved evt. videreføring av prosjekt/pilot",
)

# The body part whose heading contains this word holds the budget (table, total, own
# contributions).
BUDGET_HEADING_WORD = "budsjett"
# Budget rows and lines: the total, and own contributions («Egenandel kommune:»).
TOTAL_LABEL = re.compile(r"^(?:totalt?|sum|til sammen|samlet)\b", re.IGNORECASE)
OWN_CONTRIBUTION_LABEL = re.compile(r"^(?:egenandel|egeninnsats|eigenandel|eigeninnsats)\w*\b", re.IGNORECASE)
# Column headings of a budget table, by the line field they fill.
BUDGET_COLUMNS = {
    "item": ("beskrivelse", "post", "tiltak", "utgift", "utgifter", "kostnadstype"),
    "rate": ("sats",),
    "scope": ("omfang", "antall"),
    "amount": ("kostnad", "beløp", "sum", "kr", "kroner", "totalt"),
}
# Words that name a party of the application without naming it («Egenandel kommune»).
MUNICIPALITY_WORDS = ("kommune", "kommunen", "kommuner", "kommunene")
TRUST_WORDS = ("helseforetak", "helseforetaket", "helseforetakene", "spesialisthelsetjenesten", "sykehuset")
# «Storby kommune, Helsesenteret v/ Kari Nordmann»: organisation, then the person.
CONTACT_PERSON_MARK = re.compile(r"\s*\bv/\s*", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_NOTE = re.compile(r"\(\s*(?:e-?post|epost|e-mail)\s*:?\s*[^)]*\)", re.IGNORECASE)
PHONE = re.compile(r"\b(?:tlf|telefon|mobil)\.?:?\s*(\+?\d[\d ]{6,}\d)", re.IGNORECASE)

MONTHS = {
    "januar": 1, "februar": 2, "mars": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}
_TEXT_DATE = re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
DATE_PATTERNS = ((_ISO_DATE, "ymd"), (_TEXT_DATE, "dmy"), (_NUMERIC_DATE, "dmy"))
YEAR = re.compile(r"\b(20\d{2})\b")

# Amounts: «3 697 515», «1000000», «1 000 000 kr», «kr 50 000,-».
_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+"
WHOLE_AMOUNT = re.compile(rf"^(?:kr\.?|nok)?\s*({_NUMBER})\s*(?:,-|,00|kr\.?|nok)?\s*$", re.IGNORECASE)
TRAILING_AMOUNT = re.compile(
    rf"(?:^|[\s:–—-])\s*(?:kr\.?\s*)?({_NUMBER})\s*(?:,-|,00|kr\.?|nok)?\s*\.?\s*$", re.IGNORECASE
)

# Typed list markers («• tekst», «-tekst», «1) tekst»).
BULLET = re.compile(r"^\s*[•▪◦●■□➢➤►·*\-−–—]\s*(?=[^\s\d\-])")
ORDERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "tittel"}
SUBHEADING_MAX_WORDS = 5
SUBHEADING_MAX_CHARS = 60
BOLD_HEADING_MAX_CHARS = 80
QUOTE_MAX_CHARS = 70

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SKIPPED = {f"{{{W}}}txbxContent", f"{{{_MC}}}Fallback", f"{{{W}}}del"}


TEXT_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)][count(ancestor::w:txbxContent) = 0]",
    namespaces={"w": W, "mc": _MC},
)
FOOTNOTES = etree.XPath("//w:footnote[not(@w:type)] | //w:endnote[not(@w:type)]", namespaces={"w": W})
