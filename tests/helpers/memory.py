"""Reading another process's memory, to look for secrets left in it.

Every readable mapping listed in ``/proc/PID/maps`` is read through
``/proc/PID/mem``. The app makes itself non-dumpable (``PR_SET_DUMPABLE`` 0),
after which only root (with CAP_SYS_PTRACE) may read its memory from outside;
the tests that use this run as root in CI.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CHUNK = 16 * 1024 * 1024
# Mappings the kernel does not let anyone read through /proc/PID/mem.
_UNREADABLE = ("[vvar]", "[vvar_vclock]", "[vsyscall]")


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    perms: str
    name: str


def readable_regions(pid: int) -> list[Region]:
    regions = []
    with open(f"/proc/{pid}/maps", encoding="utf-8") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            start, end = (int(part, 16) for part in fields[0].split("-"))
            name = fields[5].strip() if len(fields) > 5 else ""
            if fields[1].startswith("r") and name not in _UNREADABLE:
                regions.append(Region(start, end, fields[1], name))
    return regions


def find_in_memory(pid: int, needles: dict[str, bytes]) -> dict[str, list[str]]:
    """For each needle (by label) that occurs in the process's memory, the
    mappings it was found in (``name`` or ``[anon]``, with permissions)."""
    longest = max(len(needle) for needle in needles.values())
    found: dict[str, list[str]] = {}
    fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
    try:
        for region in readable_regions(pid):
            where = f"{region.name or '[anon]'} {region.perms} {region.start:#x}"
            tail = b""
            position = region.start
            while position < region.end:
                size = min(CHUNK, region.end - position)
                try:
                    chunk = os.pread(fd, size, position)
                except OSError:  # a guard page, or a mapping that went away meanwhile
                    break
                if not chunk:
                    break
                data = tail + chunk
                for label, needle in needles.items():
                    if needle in data and where not in found.get(label, []):
                        found.setdefault(label, []).append(where)
                tail = data[-(longest - 1) :] if longest > 1 else b""
                position += len(chunk)
    finally:
        os.close(fd)
    return found


def encodings(label: str, text: str) -> dict[str, bytes]:
    """``text`` as Python and most C code keep it (UTF-8) and as Qt keeps it (UTF-16)."""
    return {f"{label} (UTF-8)": text.encode("utf-8"), f"{label} (UTF-16)": text.encode("utf-16-le")}
