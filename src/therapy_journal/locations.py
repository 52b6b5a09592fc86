"""Where things live on disk by default (platformdirs), overridable by environment."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from therapy_journal import APP_NAME

VAULT_ENV = "THERAPY_JOURNAL_VAULT"


def default_vault_folder() -> Path:
    """``$THERAPY_JOURNAL_VAULT``, else the user data folder for therapy-journal."""
    chosen = os.environ.get(VAULT_ENV)
    if chosen:
        return Path(chosen).expanduser()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_folder() -> Path:
    """Non-secret settings (window geometry, theme, last vault)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False)
