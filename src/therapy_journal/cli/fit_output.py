"""How the command line shows a therapist's fit and a side-by-side comparison:
for people, and as JSON for programs.

``contact fit --json`` prints one object: ``id``, ``name``, ``score`` (0-100 or
null), ``confidence`` (0-1), ``confidence_label`` (high, medium, low),
``capped`` (why the score is capped, sentences), ``parts`` (each ``area``,
``label``, ``status`` (met, partly, not_met, unknown), ``score`` (0-100 or
null), ``essential``, ``text``, ``ask``) and ``questions`` (what to ask, first
what the fit could not tell). ``contact compare --json`` prints ``therapists``
(``id``, ``name``, ``score``, ``confidence``, ``confidence_label``,
``capped``) and ``rows`` (``area``, ``label``, ``cells``: one per therapist,
in the same order, each ``id``, ``status`` (also not_applicable), ``text``,
``essential``).
"""

from __future__ import annotations

from typing import Any, TextIO

from therapy_journal.cli.output import printable
from therapy_journal.services.compare import STATUS_LABELS, Comparison
from therapy_journal.services.contact_model import Contact
from therapy_journal.services.matching import FitScore

COLUMN = 16  # the width of one therapist's column in the text table


def _summary(contact: Contact, result: FitScore) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": contact.name,
        "score": result.score,
        "confidence": round(result.confidence, 2),
        "confidence_label": result.confidence_label,
        "capped": list(result.capped),
    }


def fit_json(contact: Contact, result: FitScore, questions: list[str]) -> dict[str, Any]:
    parts = [
        {
            "area": part.area,
            "label": part.label,
            "status": part.status,
            "score": None if part.score is None else round(100 * part.score),
            "essential": part.essential,
            "text": part.text,
            "ask": part.ask,
        }
        for part in result.parts
    ]
    return _summary(contact, result) | {"parts": parts, "questions": questions}


def headline(result: FitScore) -> str:
    if result.score is None:
        return "Not enough is known yet to say how well they fit."
    return f"Fit {result.score} of 100, {result.confidence_label} confidence"


def write_fit(out: TextIO, contact: Contact, result: FitScore, questions: list[str]) -> None:
    out.write(f"{printable(contact.label)} (contact {contact.id})\n{headline(result)}\n")
    for reason in result.capped:
        out.write(f"Capped: {reason}.\n")
    if result.parts:
        out.write("\n")
    width = max((len(part.label) for part in result.parts), default=0)
    for part in result.parts:
        status = STATUS_LABELS[part.status] + (", essential" if part.essential else "")
        out.write(f"{part.label:<{width}}  {status}: {part.text}\n")
    if questions:
        out.write("\nTo ask them:\n")
        out.writelines(f"{n}. {q}\n" for n, q in enumerate(questions, start=1))
    if not result.parts:
        out.write("Your profile has no preferences yet; fill it in to see how they fit.\n")


def compare_json(table: Comparison) -> dict[str, Any]:
    ids = [contact.id for contact in table.contacts]
    return {
        "therapists": [
            _summary(contact, result)
            for contact, result in zip(table.contacts, table.fits, strict=True)
        ],
        "rows": [
            {
                "area": row.area,
                "label": row.label,
                "cells": [
                    {
                        "id": contact_id,
                        "status": cell.status,
                        "text": cell.text,
                        "essential": cell.essential,
                    }
                    for contact_id, cell in zip(ids, row.cells, strict=True)
                ],
            }
            for row in table.rows
        ],
    }


def _clip(text: str, width: int = COLUMN) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_compare(out: TextIO, table: Comparison) -> None:
    """A table: one row per part, one column per therapist; then each one's notes."""
    first = max([len("Fit"), *(len(row.label) for row in table.rows)])
    names = [_clip(printable(contact.label)) for contact in table.contacts]
    out.write(" " * first + "  " + "  ".join(f"{n:<{COLUMN}}" for n in names).rstrip() + "\n")
    scores = [
        "not known" if r.score is None else f"{r.score} ({r.confidence_label})" for r in table.fits
    ]
    out.write(f"{'Fit':<{first}}  " + "  ".join(f"{s:<{COLUMN}}" for s in scores).rstrip())
    out.write("\n")
    for row in table.rows:
        cells = [
            _clip(STATUS_LABELS[cell.status] + ("*" if cell.essential else ""))
            for cell in row.cells
        ]
        line = f"{row.label:<{first}}  " + "  ".join(f"{c:<{COLUMN}}" for c in cells)
        out.write(line.rstrip() + "\n")
    if any(cell.essential for row in table.rows for cell in row.cells):
        out.write("* essential to you\n")
    for contact, result in zip(table.contacts, table.fits, strict=True):
        for reason in result.capped:
            out.write(f"{printable(contact.label)}: {reason}.\n")
