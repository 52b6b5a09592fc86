"""The interface speaks American English: the reference data and the texts the
services word are checked for British spellings. Ids (``person_centred``),
addresses, proper names and published notices keep their own spelling."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import therapy_journal.services

BRITISH = re.compile(
    r"\b\w*(behaviour|counsell|programme|centred|colour|favour|honour|humour|neighbour"
    r"|organis|recognis|apologis|prioritis|specialis|summaris|minimis|normalis|desensitis"
    r"|judgement|practis|travell|cancelled|catalogue|defence|licence|enquir|towards"
    r"|whilst|amongst|paediatr)\w*",
    re.IGNORECASE,
)
# Keys whose values are ids, addresses or tags, never shown as words.
NOT_WORDS = {"id", "tags", "url", "source", "countries", "category"}
# Names and published wording that keep their own spelling.
KEPT = (
    "Association for Counselling",
    "Association of Counsellors",
    "Licence: CC BY-NC-SA 3.0 IGO",  # the WHO-5's published notice
)


def _json_words(value: object, key: str = "") -> Iterator[str]:
    if key in NOT_WORDS:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _json_words(item, key)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _json_words(item, name)


def _british(text: str) -> list[str]:
    for kept in KEPT:
        text = text.replace(kept, "")
    return [match.group(0) for match in BRITISH.finditer(text)]


def test_reference_data_is_in_american_english() -> None:
    found = {}
    for path in files("therapy_journal.resources").iterdir():
        if path.name.endswith(".json"):
            words = [
                w for text in _json_words(json.loads(path.read_text())) for w in _british(text)
            ]
            if words:
                found[path.name] = words
    assert found == {}


def _string_literals(source: str) -> Iterator[str]:
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.value


def test_the_texts_services_word_are_in_american_english() -> None:
    root = Path(therapy_journal.services.__file__).parent
    found = {}
    for path in sorted(root.rglob("*.py")):
        words = [w for text in _string_literals(path.read_text()) for w in _british(text)]
        if words:
            found[str(path.relative_to(root))] = words
    assert found == {}
