"""Encrypted bundles a therapist can open: what is shared, and how it is read back.

A bundle is a standard age file (age-encryption.org/v1) whose plaintext is a
ZIP: a manifest, one Markdown file per entry, optional profile, goals and
self-assessment pages, and a self-contained printable ``report.html`` (plus
``report.pdf`` when a renderer is given). One module per job:

- :mod:`.selection`: which entries and pages a bundle shares;
- :mod:`.pages`: the profile, goals and self-assessment pages (left out when empty);
- :mod:`.report`, :mod:`.report_page`, :mod:`.overview` and :mod:`.mood_chart`:
  the printable report (in a bundle, or on its own, NOT encrypted), its
  overview and its mood chart (inline SVG);
- :mod:`.entry_files`: one entry as a Markdown file, written and read back;
- :mod:`.manifest`: the manifest, made and checked;
- :mod:`.contents`: a bundle's files gathered in memory;
- :mod:`.pack`: those files as one ZIP;
- :mod:`.age_header` and :mod:`.age`: the age header, bounded and read before
  anything else, and encryption and decryption (pyrage's);
- :mod:`.archive`: checking a received ZIP, member by member;
- :mod:`.received`: opening a received bundle, extracting it, its entries;
- :mod:`.passphrases`: passphrases to read aloud;
- :mod:`.share_log` and :mod:`.receiving_keys`: what the vault keeps;
- :mod:`.service`: :class:`ShareService`, the use cases over one vault.

:mod:`.layout` holds the format version, file names and limits; :mod:`.errors`
the errors, each one plain sentence. Nothing here imports Qt.
"""
