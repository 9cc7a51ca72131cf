"""Turn pydantic's validation errors into Norwegian problems that name the field as written.

Every error type the schemas can produce has a message here; custom checks raise
``PydanticCustomError`` with a Norwegian message of their own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import Problem
from .yamlsource import Loc, YamlDocument

MESSAGES: dict[str, str] = {
    "missing": "mangler (feltet er påkrevd)",
    "string_type": "må være tekst",
    "string_too_short": "kan ikke være tom",
    "string_too_long": "er for lang: {length} tegn, høyst {max_length} er tillatt",
    "int_type": "må være et heltall (uten mellomrom, punktum eller komma)",
    "int_parsing": "må være et heltall (uten mellomrom, punktum eller komma)",
    "int_from_float": "må være et heltall (uten desimaler)",
    "greater_than": "må være større enn {gt}",
    "greater_than_equal": "må være minst {ge}",
    "less_than_equal": "kan ikke være større enn {le}",
    "list_type": "må være en liste, f.eks. [{example}]",
    "dict_type": "må være en gruppe med underfelt (nøkkel: verdi)",
    "model_type": "må være en gruppe med underfelt (nøkkel: verdi)",
    "model_attributes_type": "må være en gruppe med underfelt (nøkkel: verdi)",
    "date_type": "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01",
    "date_parsing": "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01",
    "date_from_datetime_parsing": "må være en dato på formen ÅÅÅÅ-MM-DD, f.eks. 2025-03-01",
    "bool_type": "må være true eller false",
    "too_short": "må ha minst {min_length} element",
    "literal_error": "må være en av: {expected}",
    "string_pattern_mismatch": "kan bare inneholde små bokstaver a–z, sifre og bindestrek",
}


def field_path(loc: Loc) -> str:
    """``('budget', 'lines', 2, 'amount')`` -> ``budget.lines[3].amount`` (items counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def problems_from_validation_error(
    exc: ValidationError, doc: YamlDocument, path: str, model: type[BaseModel]
) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    misspelt = _misspelt_fields(errors, model)
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in misspelt:
            continue  # reported once, as the misspelt field that was meant
        problems.append(
            Problem(path, doc.line_of(loc, default=1), field_path(loc) or None, _message(err, model))
        )
    return problems


def _misspelt_fields(errors: list[dict[str, Any]], model: type[BaseModel]) -> set[Loc]:
    """Required fields that are missing because they were misspelt (``health_trust`` for
    ``health_trusts``): the unknown field's message already says which field was meant."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    meant = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            guess = _closest(loc[-1], _allowed_keys(model, loc[:-1]))
            if guess and loc[:-1] + (guess,) in missing:
                meant.add(loc[:-1] + (guess,))
    return meant


def _closest(key: Any, allowed: Iterable[str]) -> str | None:
    guess = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.6)
    return guess[0] if guess else None


def _message(err: dict[str, Any], model: type[BaseModel]) -> str:
    kind = err["type"]
    ctx = dict(err.get("ctx") or {})
    loc = tuple(err["loc"])
    if kind == "extra_forbidden":
        return unknown_field_message(loc[-1], _allowed_keys(model, loc[:-1]))
    if kind == "literal_error":
        ctx["expected"] = ctx.get("expected", "").replace("'", "`").replace(" or ", ", ")
    if kind == "string_too_long":
        ctx["length"] = len(err.get("input") or "")
    if kind == "list_type":
        ctx["example"] = _example_for(loc)
    template = MESSAGES.get(kind)
    if template is None:
        # Custom checks raise PydanticCustomError whose message is already Norwegian.
        return err["msg"]
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _example_for(loc: Loc) -> str:
    return {"municipalities": "Tromsø", "health_trusts": "unn"}.get(str(loc[-1]), "…")


def unknown_field_message(key: Any, allowed: Iterable[str]) -> str:
    allowed = sorted(allowed)
    message = f"ukjent felt `{key}`"
    guess = _closest(key, allowed)
    if guess:
        message += f"; mente du `{guess}`?"
    message += " Fritt formulerte data hører hjemme under `extra:`." if "extra" in allowed else ""
    return message


def unknown_reference_message(noun: str, value: Any, allowed: Iterable[str]) -> str:
    """An id that the scheme does not have (``noun``: «kommune», «status» …), with the closest
    one, and every allowed value when there are few."""
    allowed = sorted(allowed)
    guess = _closest(value, allowed)
    message = f"ukjent {noun} `{value}`" + (f"; mente du `{guess}`?" if guess else ".")
    if len(allowed) <= 8:
        message += " Gyldige verdier: " + ", ".join(f"`{a}`" for a in allowed) + "."
    return message


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at ``loc`` inside ``model`` (follows nested models and lists)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
