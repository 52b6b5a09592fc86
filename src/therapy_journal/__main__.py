"""``python -m therapy_journal`` runs the command line."""

from therapy_journal.cli.entry import main

raise SystemExit(main())
