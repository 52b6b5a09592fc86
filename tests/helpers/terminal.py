"""Running a program on a pseudo-terminal, answering its prompts as a person
would: for prompts a program shows only on a terminal (age's passphrase, the
command line's "Replace it? [y/N]")."""

from __future__ import annotations

import fcntl
import os
import re
import select
import subprocess
import sys
import termios
import time
from dataclasses import dataclass


@dataclass
class Session:
    code: int
    transcript: str  # everything the program wrote on the terminal
    answered: int  # how many prompts were answered


def on_a_terminal(
    argv: list[str],
    prompt: re.Pattern[bytes],
    reply: str,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Session:
    """Run ``argv`` with a pseudo-terminal as its controlling terminal and its
    stdin, stdout and stderr; type ``reply`` and Enter at each ``prompt``.
    Fails the test if it does not finish within ``timeout``."""
    master, slave = os.openpty()

    def take_the_terminal() -> None:  # runs in the child, after setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
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
                raise AssertionError(f"{argv[0]} did not finish; it wrote {transcript!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # EIO: the program closed the terminal on exit
                break
            if not chunk:
                break
            transcript += chunk
            while len(prompt.findall(transcript)) > answered:
                os.write(master, reply.encode("utf-8") + b"\n")
                answered += 1
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Session(code, transcript.decode("utf-8", "replace"), answered)


def cli_on_a_terminal(
    *args: str, reply: str, env: dict[str, str], prompt: bytes = rb"\[y/N\] "
) -> Session:
    """``therapy-journal ARGS`` on a terminal, answering ``reply`` to its y/N questions."""
    return on_a_terminal(
        [sys.executable, "-m", "therapy_journal", *args], re.compile(prompt), reply, env=env
    )
