"""Real small disks for tests: a tmpfs mounted on a test's folder, which can be
made read-only (like a backup drive) or filled up (a full disk).

Mounting needs root (CAP_SYS_ADMIN); tests run as root in CI. Elsewhere a test
using these is skipped with the reason. Every mount is undone at teardown.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, check=False)


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A fresh tmpfs of ``size`` (e.g. "16m") mounted on ``folder`` while inside."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    except FileNotFoundError:
        pytest.skip("the mount command is not installed")
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        if _run("umount", str(folder)).returncode != 0:
            _run("umount", "--lazy", str(folder))  # still in use: detach it now, free it later


def remount(folder: Path, *, read_only: bool) -> None:
    flag = "ro" if read_only else "rw"
    result = _run("mount", "-o", f"remount,{flag}", str(folder))
    assert result.returncode == 0, result.stderr


def fill(folder: Path) -> Path:
    """Write zeros into ``folder`` until its disk refuses more (ENOSPC); the filler file."""
    filler = folder / "filler"
    block = bytes(64 * 1024)
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        while True:
            try:
                os.write(fd, block)  # near the end, a partial write takes what fits
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                return filler
    finally:
        os.close(fd)
