"""The reference ``age`` tool, driven as a person would: on a terminal.

age reads a passphrase from the terminal only, so the tests that open a
passphrase bundle with it (or make one) run it on a pseudo-terminal.
"""

from __future__ import annotations

import re

from tests.helpers.terminal import on_a_terminal

PROMPT = re.compile(rb"passphrase[^\n]*: ", re.IGNORECASE)


def age_on_a_terminal(age: str, args: list[str], passphrase: str, timeout: float = 60) -> str:
    """Run ``age ARGS`` on a pseudo-terminal, typing ``passphrase`` at each of its
    passphrase prompts (age reads passphrases from the terminal only). Returns
    what it wrote there; fails the test if age fails or hangs."""
    session = on_a_terminal([age, *args], PROMPT, passphrase, timeout=timeout)
    text = session.transcript
    assert session.answered >= 1, f"age never asked for the passphrase: {text!r}"
    assert session.code == 0, f"age exited with {session.code}: {text!r}"
    return text
