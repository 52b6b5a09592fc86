"""The ``therapy-journal`` command line, over the same services as the app."""
