"""Rendering that needs Qt but no widgets (QtGui only), for the GUI and the CLI.

Importing this package loads no Qt: each module imports what it draws with.
Nothing here imports ``QtWidgets``, ``gui/`` or ``cli/`` (a test checks), so the
command line can render without reaching into the GUI package.
"""
