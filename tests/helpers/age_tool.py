"""The reference ``age`` tool, driven as a person would: on a terminal.

age reads a passphrase from the terminal only, so the tests that open a
passphrase bundle with it (or make one) run it on a pseudo-terminal.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import subprocess
import termios
import time

PROMPT = re.compile(rb"passphrase[^\n]*: ", re.IGNORECASE)


def age_on_a_terminal(age: str, args: list[str], passphrase: str, timeout: float = 60) -> str:
    """Run ``age ARGS`` on a pseudo-terminal, typing ``passphrase`` at each of its
    passphrase prompts (age reads passphrases from the terminal only). Returns
    what it wrote there; fails the test if age fails or hangs."""
    master, slave = os.openpty()

    def take_the_terminal() -> None:  # runs in the child, after setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [age, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        preexec_fn=take_the_terminal,
    )
    os.close(slave)
    transcript, answered = b"", 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise AssertionError(f"age did not finish; it wrote {transcript!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: age closed the terminal on exit
                break
            if not chunk:
                break
            transcript += chunk
            while len(PROMPT.findall(transcript)) > answered:
                os.write(master, passphrase.encode("utf-8") + b"\n")
                answered += 1
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    text = transcript.decode("utf-8", "replace")
    assert answered >= 1, f"age never asked for the passphrase: {text!r}"
    assert code == 0, f"age exited with {code}: {text!r}"
    return text
