"""The architecture's lines: the core never imports Qt, lower layers never import upper ones."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "therapy_journal"

QT = ("PySide6", "shiboken6", "PyQt")
# Each layer and the modules it must not import. render/ draws with Qt but no
# widgets (QtGui's QTextDocument and QPdfWriter on a QGuiApplication), so the
# CLI can use it without reaching into the GUI package.
FORBIDDEN = {
    "store": (
        *QT,
        "therapy_journal.services",
        "therapy_journal.render",
        "therapy_journal.cli",
        "therapy_journal.gui",
    ),
    "services": (*QT, "therapy_journal.render", "therapy_journal.cli", "therapy_journal.gui"),
    "render": ("PySide6.QtWidgets", "therapy_journal.cli", "therapy_journal.gui"),
    "cli": (*QT, "therapy_journal.gui"),
}
# Exceptions to FORBIDDEN: render.markdown is plain Python (no Qt, checked
# below), and the report the services write renders entries' Markdown with it.
ALLOWED = {"services": ("therapy_journal.render.markdown",)}


def imported_modules(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    nodes = ast.iter_child_nodes(tree) if top_level_only else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_never_import_qt_widgets_or_upper_layers(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"no modules found under {layer}/"
    # The CLI starts the GUI when no command is given, importing it only then
    # (inside a function); at import time it must not pull the GUI in.
    top_level_only = layer == "cli"
    for path in files:
        for module in imported_modules(path, top_level_only=top_level_only):
            allowed = module.startswith(ALLOWED.get(layer, ("\0",)))
            assert allowed or not module.startswith(FORBIDDEN[layer]), (path, module)


def test_the_markdown_renderer_services_use_imports_no_qt() -> None:
    modules = imported_modules(PACKAGE / "render" / "markdown.py")
    assert not {m for m in modules if m.startswith((*QT, "therapy_journal"))}


def test_the_cli_names_no_gui_module_but_the_app_it_starts() -> None:
    """Modules imported by name (importlib) are checked too: the only GUI module
    the CLI may name is the app it starts when no command is given."""
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        for module in imported_modules(path):
            if module.startswith("therapy_journal.gui"):
                assert module.startswith("therapy_journal.gui.app"), (path, module)
        text = path.read_text(encoding="utf-8")
        named = {m.rstrip(".") for m in re.findall(r"therapy_journal\.gui[\w.]*", text)}
        assert named <= {"therapy_journal.gui.app"}, (path, named)


def test_running_a_cli_command_loads_no_qt() -> None:
    code = (
        "import sys\n"
        "from therapy_journal.cli.main import run\n"
        "run(['--help']) if False else None\n"
        "import therapy_journal.services.journal, therapy_journal.services.importers\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
