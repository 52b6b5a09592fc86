"""Reference data ships inside the package and is read with importlib.resources."""

from __future__ import annotations

from importlib.resources import files


def test_resources_are_a_package_inside_therapy_journal() -> None:
    root = files("therapy_journal.resources")
    assert root.joinpath("__init__.py").is_file()
