"""Personal data that must not be published by mistake.

- A Norwegian national identity number or D-number (11 digits whose two check digits are right,
  checked with python-stdnum) anywhere in a file is an error. The message names the file, line
  and field, never the number; and every problem's message is passed through
  ``idnumbers.redact``, so a number that ends up in another message (say, an unknown
  municipality) is hidden there too.
- E-mail addresses and phone numbers are published only from the ``contacts`` fields, where the
  contributor has said who may be asked. Anywhere else in the file they are errors.
"""

from __future__ import annotations

import re

from .idnumbers import digit_runs, personal_numbers, search_near_digits
from ..problems import Problem

# Norwegian phone numbers: +47/0047 and eight digits, or eight digits grouped as phone numbers
# are written (2 2 2 2, 3 2 3), or eight digits right after "tlf", "telefon" or "mobil".
_PHONE = re.compile(
    r"(?:\+|00)47[ \u00a0]?(?:\d[ \u00a0]?){7}\d(?!\d)"
    r"|(?<!\d)(?<!\d[ \u00a0])[2-9]\d(?:[ \u00a0]\d{2}){3}(?!\d)(?![ \u00a0]\d)"
    r"|(?<!\d)(?<!\d[ \u00a0])[2-9]\d{2}[ \u00a0]\d{2}[ \u00a0]\d{3}(?!\d)(?![ \u00a0]\d)"
    r"|\b(?:tlf|tel|telefon|mobil|mob)\.?:?[ \u00a0]*[2-9]\d{7}(?!\d)",
    re.IGNORECASE,
)
_EMAIL_LOCAL = re.compile(r"[\w.+-]+$")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
CONTACT_FIELD = "contacts"

ID_NUMBER_MESSAGE = (
    "inneholder et fødselsnummer eller D-nummer (11 siffer med gyldige kontrollsifre). "
    "Slike numre skal aldri publiseres: fjern nummeret fra fila. Nummeret vises ikke her, av personvernhensyn"
)


def email_addresses(text: str) -> list[tuple[int, str]]:
    """Where e-mail addresses start in ``text``, and the addresses; found from each "@"."""
    found = []
    at = text.find("@")
    while at != -1:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            found.append((local.start(), text[local.start():domain.end()]))
        at = text.find("@", at + 1)
    return found


def personal_data_problems(display_path: str, front: str, body: str, body_line: int,
                           lines: dict[tuple, int] | None) -> list[Problem]:
    """Identity numbers anywhere, and e-mail addresses and phone numbers outside ``contacts``.

    ``front`` starts on line 2 of the file and ``body`` on ``body_line``; ``lines`` maps the front
    matter's keys to their lines (see ``YamlDocument.lines``) and names the field of a finding.
    """
    problems: list[Problem] = []

    def field_at(line: int) -> tuple:
        """The deepest key written on ``line`` or, for a value running over several lines, above it."""
        at = [(key_line, len(loc), loc) for loc, key_line in (lines or {}).items() if key_line <= line]
        return max(at, key=lambda item: (item[0], item[1]))[2] if at else ()

    for text, first_line, in_front in ((front, 2, True), (body, body_line, False)):
        # Whole-text searches (fast); lines and fields only for what is found (rare).
        found: list[tuple[int, str]] = []
        runs = digit_runs(text)
        found += [(m.start(), ID_NUMBER_MESSAGE) for m in personal_numbers(text, runs)]
        where = "feltet" if in_front else "søknadsteksten"
        found += [(start, f"e-postadressen `{address}` står i {where}; e-postadresser publiseres bare "
                          f"fra kontaktpersonene: flytt den til `{CONTACT_FIELD}` (feltet `email`)")
                  for start, address in email_addresses(text)]
        found += [(m.start(), f"telefonnummeret `{m.group(0).strip()}` står i {where}; telefonnumre publiseres "
                              f"bare fra kontaktpersonene: flytt det til `{CONTACT_FIELD}` (feltet `phone`)")
                  for m in search_near_digits(_PHONE, text, runs)]
        for offset, message in sorted(found):
            line = first_line + text.count("\n", 0, offset)
            loc = field_at(line) if in_front else ()
            if loc[:1] == (CONTACT_FIELD,) and message is not ID_NUMBER_MESSAGE:
                continue
            problems.append(Problem(display_path, line, ".".join(str(part) for part in loc) or None, message))
    return problems
