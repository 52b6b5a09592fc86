"""The frozen app's entry point: the same as the installed ``therapy-journal`` command."""

from therapy_journal.cli.entry import main

raise SystemExit(main())
