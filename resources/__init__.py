"""Reference data shipped inside the package (``therapy_journal.resources``).

Read with :func:`therapy_journal.resources_path`, never by path from the source tree.
"""
