"""Dialogs: first run, unlock, recovery, settings, passphrase change, crash report."""
