"""A bundle's manifest: what it holds, with every other file's size and SHA-256.

Made by :func:`make_manifest` when a bundle is gathered, and checked through
and through by :func:`check_manifest` when one is received.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from therapy_journal import APP_DISPLAY_NAME, __version__
from therapy_journal.services.sharing.errors import BundleDamaged
from therapy_journal.services.sharing.layout import (
    ATTACHMENTS_DIR,
    ENTRIES_DIR,
    FORMAT_VERSION,
    FORMAT_WITHOUT_ATTACHMENTS,
    INCLUDABLE,
    MANIFEST,
    MAX_MANIFEST_BYTES,
)
from therapy_journal.services.sharing.text import one_line, readable_json


def make_manifest(
    created: datetime,
    included: dict[str, Any],
    selection: dict[str, Any],
    files: Sequence[tuple[str, bytes]],
    attachments: Sequence[dict[str, str]] = (),
) -> dict[str, Any]:
    """The manifest of a bundle holding ``files`` (name, bytes), the manifest aside,
    and ``attachments`` (each: the entry's file, the attachment's name and type,
    and its file in the bundle)."""
    manifest = {
        "format_version": FORMAT_VERSION if attachments else FORMAT_WITHOUT_ATTACHMENTS,
        "app": APP_DISPLAY_NAME,
        "app_version": __version__,
        "created": created.isoformat(timespec="seconds"),
        "included": included,
        "selection": selection,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files
        },
    }
    if attachments:
        manifest["attachments"] = list(attachments)
    return manifest


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# -- checking a received manifest ----------------------------------------------------------

_SHA256 = re.compile(r"[0-9a-f]{64}")


def check_manifest(files: dict[str, bytes]) -> dict[str, Any]:
    """The manifest of a received bundle's ``files``, checked against them."""
    raw = files.get(MANIFEST)
    if raw is None:
        raise BundleDamaged("The bundle has no manifest, so it is not a Therapy Journal bundle.")
    if len(raw) > MAX_MANIFEST_BYTES:
        raise BundleDamaged("The bundle's manifest is far too large.")
    try:
        manifest = readable_json(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleDamaged("The bundle's manifest cannot be read.") from None
    if not isinstance(manifest, dict):
        raise BundleDamaged("The bundle's manifest cannot be read.")
    version = manifest.get("format_version")
    if type(version) is not int or version < 1:
        raise BundleDamaged("The bundle's manifest has no valid format version.")
    if version > FORMAT_VERSION:
        raise BundleDamaged(
            f"The bundle was made by a newer version of Therapy Journal (format {version}); "
            "update the app to open it."
        )
    _check_fields(manifest)
    listed: dict[str, Any] = manifest["files"]
    present = [name for name in files if name != MANIFEST]
    for name in present:
        if name not in listed:
            raise BundleDamaged(f"The bundle holds {name}, which its manifest does not list.")
    for name, facts in listed.items():
        if name not in files or name == MANIFEST:
            raise BundleDamaged(f"The bundle is missing {_shown(name)}, which its manifest lists.")
        data = files[name]
        if facts["size"] != len(data) or facts["sha256"] != hashlib.sha256(data).hexdigest():
            raise BundleDamaged(f"{name} in the bundle was changed after the bundle was made.")
    _check_attachments(manifest, present)
    return manifest


_ATTACHMENT_KEYS = ("entry", "name", "type", "file")


def _check_attachments(manifest: dict[str, Any], present: list[str]) -> None:
    """Every file in attachments/ is listed once, for an entry the bundle holds."""
    listed = manifest.get("attachments", [])
    if not isinstance(listed, list) or not all(
        isinstance(item, dict)
        and all(isinstance(item.get(key), str) for key in _ATTACHMENT_KEYS)
        and item["entry"].startswith(ENTRIES_DIR)
        and item["entry"] in present
        and item["file"].startswith(ATTACHMENTS_DIR)
        for item in listed
    ):
        raise BundleDamaged("The bundle's manifest does not list its attachments properly.")
    files = [item["file"] for item in listed]
    held = sorted(name for name in present if name.startswith(ATTACHMENTS_DIR))
    if sorted(files) != held:
        raise BundleDamaged("The bundle's attachments are not the ones its manifest lists.")


_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,120}")


def _shown(name: str) -> str:
    """A file name the manifest gives, as a message may quote it (it may be anything)."""
    return name if _PLAIN_NAME.fullmatch(name) else "a file with an unusual name"


def app_name(manifest: dict[str, Any], key: str) -> str | None:
    """``app`` or ``app_version`` of a checked manifest, on one line (or None)."""
    value = manifest.get(key)
    return one_line(value) if isinstance(value, str) else None


def _check_fields(manifest: dict[str, Any]) -> None:
    created = manifest.get("created")
    included = manifest.get("included")
    listed = manifest.get("files")
    try:
        datetime.fromisoformat(created if isinstance(created, str) else "")
    except ValueError:
        raise BundleDamaged("The bundle's manifest has no valid date.") from None
    if (
        not isinstance(included, dict)
        or type(included.get("entries")) is not int
        or included["entries"] < 0
        or not all(type(included.get(name, False)) is bool for name in INCLUDABLE)
    ):
        raise BundleDamaged("The bundle's manifest does not say what it includes.")
    for key in ("app", "app_version"):
        value = manifest.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > 100):
            raise BundleDamaged("The bundle's manifest does not say properly which app made it.")
    if not isinstance(listed, dict) or not all(
        isinstance(facts, dict)
        and isinstance(facts.get("sha256"), str)
        and _SHA256.fullmatch(facts["sha256"])
        and type(facts.get("size")) is int
        for facts in listed.values()
    ):
        raise BundleDamaged("The bundle's manifest does not list its files properly.")
