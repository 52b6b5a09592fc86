"""Copying secrets (the recovery key) to the clipboard, and taking them back.

Every copy of a secret goes through :func:`copy_secret`, which

* marks the data as secret for clipboard managers (KDE's Klipper and others
  that follow it keep no history of data carrying
  ``x-kde-passwordManagerHint: secret``);
* remembers a hash of what it put there, never the text itself (the point is
  that the text leaves this process);
* does the same for a secret the person selected on screen (X11's primary
  selection takes it without asking: :func:`mark_selection`);
* clears the clipboard after :data:`CLEAR_AFTER_MS` if it still holds that,
  and :func:`forget_secrets` clears it at once (lock, quit): something the
  person copied since is left alone.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

log = logging.getLogger(__name__)

CLEAR_AFTER_MS = 30_000
SECRET_HINT_TYPE = "x-kde-passwordManagerHint"  # noqa: S105  # a MIME type, not a secret


class SecretClipboard(QObject):
    """What this app put on the clipboard as a secret, known by a keyed hash."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._salt = secrets.token_bytes(16)
        self._digests: set[bytes] = set()
        self.timer = QTimer(self, singleShot=True, interval=CLEAR_AFTER_MS)
        self.timer.timeout.connect(self.forget)

    def _hash(self, text: str) -> bytes:
        return hmac.new(self._salt, text.encode("utf-8"), hashlib.sha256).digest()

    def _put(self, text: str, mode: QClipboard.Mode) -> None:
        data = QMimeData()
        data.setText(text)
        data.setData(SECRET_HINT_TYPE, b"secret")
        QGuiApplication.clipboard().setMimeData(data, mode)
        self._digests.add(self._hash(text))
        self.timer.start()

    def copy(self, text: str) -> None:
        self._put(text, QClipboard.Mode.Clipboard)
        log.info(
            "a secret was copied to the clipboard; it is cleared in %d s", CLEAR_AFTER_MS // 1000
        )

    def mark_selection(self, text: str) -> None:
        """Selected secret text is in the primary selection (X11): mark it, clear it later."""
        clipboard = QGuiApplication.clipboard()
        if not text or not clipboard.supportsSelection():
            return
        if clipboard.text(QClipboard.Mode.Selection) == text:
            self._put(text, QClipboard.Mode.Selection)

    def _modes_holding_secret(self) -> list[QClipboard.Mode]:
        if not self._digests:
            return []
        clipboard = QGuiApplication.clipboard()
        modes = [QClipboard.Mode.Clipboard]
        if clipboard.supportsSelection():  # X11's primary selection
            modes.append(QClipboard.Mode.Selection)
        return [
            mode
            for mode in modes
            if any(
                hmac.compare_digest(self._hash(clipboard.text(mode)), digest)
                for digest in self._digests
            )
        ]

    def holds_secret(self) -> bool:
        """Whether the clipboard still holds what :meth:`copy` put there."""
        return bool(self._modes_holding_secret())

    def forget(self) -> None:
        """Clear the clipboard if it still holds the secret; forget the secret either way."""
        self.timer.stop()
        holding = self._modes_holding_secret()
        for mode in holding:
            QGuiApplication.clipboard().clear(mode)
        if holding:
            log.info("the secret copied to the clipboard was cleared")
        self._digests.clear()


_shared: SecretClipboard | None = None


def shared() -> SecretClipboard:
    """The app's one secret clipboard (made on first use, with the application)."""
    global _shared  # noqa: PLW0603  # one clipboard per application
    if _shared is None:
        _shared = SecretClipboard(QGuiApplication.instance())
    return _shared


def copy_secret(text: str) -> None:
    shared().copy(text)


def mark_selected_secret(text: str) -> None:
    shared().mark_selection(text)


def forget_secrets() -> None:
    """Clear a secret this app put on the clipboard, if it is still there."""
    if _shared is not None:
        _shared.forget()
