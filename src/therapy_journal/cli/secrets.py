"""Getting passphrases and recovery keys from the person running the command.

Sources, in order: a file named by an option, an environment variable (for
the current passphrase only), then a no-echo prompt on the terminal. Nothing
read here is logged or echoed.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

PASSPHRASE_ENV = "THERAPY_JOURNAL_PASSPHRASE"  # noqa: S105 (a variable name, not a secret)
# How an age identity (secret key) line starts: X25519 keys are AGE-SECRET-KEY-1…,
# newer kinds (the post-quantum hybrid AGE-SECRET-KEY-PQ-1…) share the prefix.
# Which kinds open a bundle is for the bundle reader to say.
IDENTITY_PREFIX = "AGE-SECRET-KEY-"
X25519_PREFIX = "AGE-SECRET-KEY-1"


class SecretInputError(Exception):
    """A secret could not be read; the message says how to give it."""


def read_secret_file(path: Path, what: str) -> str:
    """The file's text without its final line break."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SecretInputError(f"The {what} file {path} does not exist.") from None
    except OSError as error:
        raise SecretInputError(
            f"Could not read the {what} file {path}: {error.strerror}."
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SecretInputError(f"The {what} file {path} is not UTF-8 text.") from None
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    if not text:
        raise SecretInputError(f"The {what} file {path} is empty.")
    return text


def _is_x25519_identity(text: str) -> bool:
    import pyrage  # noqa: PLC0415 (only opening a bundle needs age)

    try:
        pyrage.x25519.Identity.from_str(text)
    except Exception:  # pyrage.IdentityError, or ValueError
        return False
    return True


def read_identities(path: Path) -> list[str]:
    """The age identities in an identity file, as ``age-keygen`` writes it: one
    per line; blank lines and ``#`` comments (such as its "# public key:") skipped."""
    identities = []
    for number, line in enumerate(read_secret_file(path, "identity").splitlines(), 1):
        cleaned = line.strip()
        if not cleaned or cleaned.startswith("#"):
            continue
        if not cleaned.startswith(IDENTITY_PREFIX):
            # Never echo the line: it may be a secret key in another form.
            raise SecretInputError(
                f"Line {number} of the identity file {path} is not an age identity "
                "(one starts with AGE-SECRET-KEY-1)."
            )
        if cleaned.startswith(X25519_PREFIX) and not _is_x25519_identity(cleaned):
            raise SecretInputError(
                f"Line {number} of the identity file {path} is not a valid age identity; "
                "check it for a typo."
            )
        identities.append(cleaned)
    if not identities:
        raise SecretInputError(
            f"The identity file {path} holds no age identity (a line AGE-SECRET-KEY-1…)."
        )
    return identities


def _has_terminal() -> bool:
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def prompt_secret(label: str, *, hint: str) -> str:
    """Ask on the terminal without echo; fail clearly when there is no terminal."""
    if not _has_terminal():
        raise SecretInputError(f"No terminal to ask for the {label.lower()}: {hint}")
    try:
        text = getpass.getpass(f"{label}: ")
    except EOFError:
        raise SecretInputError(f"No {label.lower()} was typed.") from None
    if not text:
        raise SecretInputError(f"The {label.lower()} is empty.")
    return text


def current_passphrase(passphrase_file: Path | None) -> str:
    if passphrase_file is not None:
        return read_secret_file(passphrase_file, "passphrase")
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env:
        return from_env
    return prompt_secret("Passphrase", hint=f"use --passphrase-file FILE or set {PASSPHRASE_ENV}.")


def new_passphrase(new_passphrase_file: Path | None) -> str:
    """A new passphrase, refused (:class:`WeakPassphrase`, exit 2) by the same
    strength rule as the app's, with the same words."""
    # zxcvbn's dictionaries load in a fraction of a second: only commands that set a
    # passphrase pay for them.
    from therapy_journal.services.passphrase_strength import check_new_passphrase  # noqa: PLC0415

    if new_passphrase_file is not None:
        text = read_secret_file(new_passphrase_file, "new passphrase")
        check_new_passphrase(text)
        return text
    hint = "use --new-passphrase-file FILE."
    first = prompt_secret("New passphrase", hint=hint)
    check_new_passphrase(first)
    if prompt_secret("Repeat the new passphrase", hint=hint) != first:
        raise SecretInputError("The two passphrases differ; nothing was changed.")
    return first


def recovery_key(recovery_key_file: Path | None) -> str:
    if recovery_key_file is not None:
        return read_secret_file(recovery_key_file, "recovery key")
    return prompt_secret("Recovery key", hint="use --recovery-key-file FILE.")
