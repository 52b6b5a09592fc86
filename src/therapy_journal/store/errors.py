"""Typed errors of the store layer.

Every error a person can cause or meet (a wrong passphrase, a damaged file, a
full disk) is one of these, with a message written for that person. Anything
else that goes wrong is a bug and is left to propagate as it is.
"""

from __future__ import annotations

from pathlib import Path


class VaultError(Exception):
    """Base of every expected, user-facing vault problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class WrongPassphrase(VaultError):
    """The passphrase does not open this vault."""

    def __init__(self) -> None:
        super().__init__("That passphrase does not open this vault.")


class WrongRecoveryKey(VaultError):
    """The recovery key does not open this vault, or is mistyped."""


class VaultNotFound(VaultError):
    """There is no vault in the folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"There is no vault in {folder}. Create one with 'therapy-journal init', "
            "or choose another folder with --vault."
        )
        self.folder = folder


class VaultExists(VaultError):
    """A vault is already in the folder, so it is not created again."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"A vault already exists in {folder}; nothing was changed.")
        self.folder = folder


class VaultDamaged(VaultError):
    """A file of the vault cannot be read as what it should be."""

    def __init__(self, file: Path, detail: str = "") -> None:
        what = f" ({detail})" if detail else ""
        super().__init__(
            f"{file} is damaged{what}. Nothing was changed; restore the vault from a backup."
        )
        self.file = file
        self.detail = detail


class VaultTooNew(VaultError):
    """The vault was written by a newer version of the app."""

    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"This vault was made by a newer version of Therapy Journal (format {found}; "
            f"this version knows up to {known}). Update the app to open it; nothing was changed."
        )


class VaultBusy(VaultError):
    """Another process holds the vault's database for longer than we wait."""

    def __init__(self) -> None:
        super().__init__(
            "The vault is busy in another program and did not free up in time; "
            "try again in a moment."
        )


class VaultOpenElsewhere(VaultError):
    """Another program has the vault open, and the change needs it to itself."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"The vault in {folder} is open in another program (Therapy Journal?); "
            "close it and try again. Nothing was changed."
        )
        self.folder = folder


class StorageError(VaultError):
    """The disk refused a write (full, read-only, permissions, I/O)."""


class VaultReadOnly(StorageError):
    """The vault's disk or folder cannot be written here: it can be read, not changed."""

    def __init__(self, folder: Path, detail: str = "") -> None:
        why = detail or "so this change could not be made"
        super().__init__(
            f"The vault in {folder} can only be read here, because its disk or folder "
            f"cannot be written, {why}. Nothing was changed."
        )
        self.folder = folder


class VaultLocked(VaultError):
    """An operation needed the key, but the vault is locked."""

    def __init__(self) -> None:
        super().__init__("The vault is locked.")


class WeakPassphrase(VaultError):
    """A new passphrase does not meet the minimum the app accepts."""
