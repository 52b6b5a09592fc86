"""The wheel built from pyproject.toml is complete and works on its own.

The wheel is built from a copy of the source tree and installed into a fresh
virtual environment with ``--no-deps``. Its dependencies are taken from the
environment running the tests (a ``.pth`` line that adds that site-packages
folder as a plain path, so the editable install of this checkout there, which
needs its own ``.pth`` hook, is not active). The commands then run from a
temporary folder with a clean ``PYTHONPATH``: anything that works only from the
source tree fails here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.cli import cli_env
from therapy_journal import __version__

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
_OFFLINE = ("--no-deps", "--no-index")
PASSPHRASE = "correct horse battery staple"
# Hidden folders (.git, .venv, packaging/.build-venv, caches) and build output.
_NOT_SOURCE = shutil.ignore_patterns(".*", "build", "dist", "*.egg-info", "__pycache__")

# Run with the installed package: imports every module of it, then names the
# distributions that the imported third-party modules came from, and those that
# therapy-journal requires (with theirs; extras left out), read from the wheel.
_IMPORT_ALL = """
import importlib, importlib.metadata as md, json, pkgutil, sys
import therapy_journal
for info in pkgutil.walk_packages(therapy_journal.__path__, "therapy_journal."):
    if not info.name.endswith(".__main__"):  # that one starts the app
        importlib.import_module(info.name)
owners = md.packages_distributions()
used = {d for name in list(sys.modules) for d in owners.get(name.split(".")[0], [])}
from packaging.requirements import Requirement  # after the count: it is the test's own
declared, todo = set(), ["therapy-journal"]
while todo:
    dist = md.distribution(todo.pop())
    declared.add(dist.metadata["Name"])
    for req in map(Requirement, dist.requires or []):
        if (not req.marker or req.marker.evaluate({"extra": ""})) and req.name not in declared:
            todo.append(req.name)
print(json.dumps({"file": therapy_journal.__file__, "path": sys.path,
                  "undeclared": sorted(used - declared)}))
"""


def _without_source_tree(**extra: str) -> dict[str, str]:
    """This test's environment without ``PYTHONPATH``: the source tree (and any
    metadata a build left in src/) must not be visible to the fresh venv."""
    env = cli_env(**extra)
    env.pop("PYTHONPATH", None)
    return env


@dataclass
class Installed:
    wheel: Path
    venv: Path
    work: Path

    def run(
        self, *args: str, stdin: str = "", check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(self.venv / "bin" / args[0]), *args[1:]],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=self.work,
            env=_without_source_tree(QT_QPA_PLATFORM="offscreen"),
            timeout=60,
            check=False,
        )
        if check:
            assert proc.returncode == 0, proc.stderr
        return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=_NOT_SOURCE)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), "."],
        cwd=source,
        check=True,
        timeout=300,
        env=_without_source_tree(),
    )
    (wheel,) = (base / "dist").glob("therapy_journal-*.whl")
    venv = base / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        check=True,
        env=_without_source_tree(),
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", *_OFFLINE, wheel],
        check=True,
        timeout=300,
        env=_without_source_tree(),
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env=_without_source_tree(),
    ).stdout.strip()
    here = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (Path(site) / "dependencies_from_test_env.pth").write_text("\n".join(sorted(here)) + "\n")
    work = base / "work"
    work.mkdir()
    yield Installed(wheel=wheel, venv=venv, work=work)


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_resource_file(installed: Installed) -> None:
    names = _wheel_names(installed.wheel)
    resources = [
        path.relative_to(ROOT / "resources").as_posix()
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    ]
    assert any(name.endswith(".json") for name in resources)
    assert any(name.endswith(".svg") for name in resources)
    missing = [n for n in resources if f"therapy_journal/resources/{n}" not in names]
    assert missing == []


def test_the_wheel_holds_every_package(installed: Installed) -> None:
    names = _wheel_names(installed.wheel)
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]
    missing = [p for p in packages if f"{p.replace('.', '/')}/__init__.py" not in names]
    assert missing == []


def test_the_installed_wheel_imports_only_itself_and_its_declared_dependencies(
    installed: Installed,
) -> None:
    report = json.loads(installed.run("python", "-c", _IMPORT_ALL).stdout)
    assert Path(report["file"]).is_relative_to(installed.venv)
    # The test environment's site-packages (added for the dependencies) may sit
    # inside the checkout, as .ci/run's .venv does; nothing else of it may.
    deps = {Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")}
    from_checkout = [
        entry
        for entry in report["path"]
        if entry and Path(entry).is_relative_to(ROOT) and Path(entry) not in deps
    ]
    assert from_checkout == []
    assert report["undeclared"] == []


def test_the_installed_command_prints_its_version(installed: Installed) -> None:
    # The version is written once, in the package; the built wheel must carry it.
    assert (
        installed.run("therapy-journal", "--version").stdout == f"therapy-journal {__version__}\n"
    )


def test_a_cli_round_trip_with_the_installed_command(installed: Installed) -> None:
    secret = installed.work / "passphrase"
    secret.write_text(PASSPHRASE + "\n")
    vault = ["--vault", str(installed.work / "vault"), "--passphrase-file", str(secret)]
    recovery = installed.run(
        "therapy-journal", *vault, "init", "--new-passphrase-file", str(secret)
    )
    assert recovery.stdout.strip()
    installed.run(
        "therapy-journal",
        *vault,
        "add",
        "--title",
        "Wheel day",
        "--tag",
        "packaging",
        stdin="Installed from the wheel, far from the source tree.",
    )
    listed = json.loads(installed.run("therapy-journal", *vault, "list", "--json").stdout)
    assert [entry["title"] for entry in listed] == ["Wheel day"]
    found = installed.run("therapy-journal", *vault, "search", "source").stdout
    assert "Wheel day" in found
    assert "Wheel day" not in installed.run("therapy-journal", *vault, "search", "nowhere").stdout
