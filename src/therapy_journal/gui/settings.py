"""Non-secret settings of the app, in the platformdirs config folder.

Window geometry, theme, auto-lock minutes, editor font size, discreet mode,
the last vault folder, the automatic backup schedule and the reminders (times
of day and what to remind of). Nothing about entries is ever stored here.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from therapy_journal.locations import config_folder
from therapy_journal.services import regions
from therapy_journal.services.reminders import normalized_times
from therapy_journal.store.atomic import write_atomic
from therapy_journal.store.errors import StorageError

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
BACKUP_EVERY = {"off": 0, "daily": 1, "weekly": 7}  # days between automatic backups


@dataclass
class AppSettings:
    theme: str = "system"
    autolock_minutes: int = 5
    font_size: int = 12
    discreet: bool = False
    last_vault: str = ""
    geometry: str = ""  # base64 of QWidget.saveGeometry()
    backup_every: str = "off"  # BACKUP_EVERY
    backup_keep: int = 10  # automatic backups kept in the folder
    backup_folder: str = ""
    # Where the person lives, for help lines and directories (services/regions):
    # "" until chosen, which means "follow the system's locale".
    region: str = ""
    professional: bool = False  # a mental-health professional: their support-network roles
    # Reminders (services/reminders): the times of day ("HH:MM"), whether they
    # remind to write and of check-ins and follow-ups due, and whether the app
    # stays running, locked, when its window closes, and starts at login.
    reminder_times: list[str] = field(default_factory=list)
    remind_write: bool = True
    remind_due: bool = True
    keep_running: bool = False
    start_at_login: bool = False
    told_keeps_running: bool = False  # "still running, locked" is said once ever

    @staticmethod
    def path() -> Path:
        return config_folder() / "settings.json"

    @classmethod
    def load(cls) -> AppSettings:
        try:
            raw = json.loads(cls.path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as error:
            log.warning("settings could not be read, using defaults: %s", type(error).__name__)
            return cls()
        known = {f.name: f.type for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
        settings = cls(**values)
        return settings.checked()

    def checked(self) -> AppSettings:
        """Fix values a hand-edited file may have broken."""
        defaults = AppSettings()
        if self.theme not in THEMES:
            self.theme = defaults.theme
        if not isinstance(self.autolock_minutes, int) or not 0 <= self.autolock_minutes <= 240:
            self.autolock_minutes = defaults.autolock_minutes
        if not isinstance(self.font_size, int) or not 8 <= self.font_size <= 32:
            self.font_size = defaults.font_size
        self.discreet = bool(self.discreet)
        if self.backup_every not in BACKUP_EVERY:
            self.backup_every = defaults.backup_every
        if not isinstance(self.backup_keep, int) or not 1 <= self.backup_keep <= 365:
            self.backup_keep = defaults.backup_keep
        if not isinstance(self.backup_folder, str):
            self.backup_folder = ""
        if self.region and self.region not in regions.regions():
            self.region = ""
        self.professional = self.professional is True
        times = self.reminder_times if isinstance(self.reminder_times, list) else []
        self.reminder_times = normalized_times(times)
        for name in (
            "remind_write",
            "remind_due",
            "keep_running",
            "start_at_login",
            "told_keeps_running",
        ):
            if not isinstance(getattr(self, name), bool):
                setattr(self, name, getattr(defaults, name))
        return self

    @property
    def effective_region(self) -> str:
        """The region chosen, else the one the system's locale names."""
        return self.region or regions.system_region()

    def save(self) -> None:
        folder = self.path().parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.path(), json.dumps(asdict(self), indent=2).encode(), what="settings")
        except (OSError, StorageError) as error:
            log.warning("settings were not saved: %s", error)
