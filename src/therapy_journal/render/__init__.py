"""Rendering for the GUI and the CLI, outside the GUI package.

- :mod:`.pdf`: the printable report as PDF, with Qt but no widgets (QtGui's
  QTextDocument and QPdfWriter on a QGuiApplication).
- :mod:`.markdown`: Markdown as a small, safe, bounded HTML subset, in plain
  Python, for text the app did not write.

Importing this package loads no Qt: each module imports what it draws with.
Nothing here imports ``QtWidgets``, ``gui/`` or ``cli/`` (a test checks), so the
command line can render without reaching into the GUI package.
"""
