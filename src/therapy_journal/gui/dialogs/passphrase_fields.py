"""Fields for choosing a new passphrase with a zxcvbn strength meter, and the dialog around them."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.busy import busy_bar
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import passphrase_strength
from therapy_journal.services.passphrase_strength import Strength

_WORDS = [tr("Very weak"), tr("Weak"), tr("Fair"), tr("Strong"), tr("Very strong")]


class NewPassphraseFields(QWidget):
    """A passphrase, its confirmation and how strong it is."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(tr("New passphrase"))
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName(tr("Repeat the new passphrase"))
        self.meter = QProgressBar(minimum=0, maximum=4, textVisible=True)
        self.meter.setAccessibleName(tr("Passphrase strength"))
        self.feedback = QLabel(wordWrap=True, objectName="Hint")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(tr("&Passphrase"), self.passphrase)
        layout.addRow(tr("&Repeat it"), self.confirm)
        layout.addRow(tr("Strength"), self.meter)
        layout.addRow("", self.feedback)
        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self._strength = Strength(0)
        self._update()

    def value(self) -> str:
        return self.passphrase.text()

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet, or None."""
        text = self.passphrase.text()
        refused = passphrase_strength.problem(text, self._strength)
        if refused is not None:
            return tr(refused)
        if self.confirm.text() != text:
            return tr("The two passphrases differ.")
        return None

    def _update(self) -> None:
        text = self.passphrase.text()
        self._strength = passphrase_strength.strength(text)
        score = self._strength.score
        self.meter.setValue(score if text else 0)
        self.meter.setFormat(_WORDS[score] if text else "")
        problem = self.problem() if text else None
        self.feedback.setText(problem or self._strength.advice or tr("Good choice."))
        self.changed.emit()

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()


class NewPassphraseDialog(QDialog):
    """Something that proves who you are, then a new passphrase; the work runs off the UI thread.

    Subclasses say what the proof field is (:attr:`proof`), what to run
    (:meth:`work`) and which error means the proof was not right (:attr:`refused`).
    """

    refused: type[Exception] = Exception

    def __init__(
        self,
        tasks: TaskRunner,
        *,
        title: str,
        proof_label: str,
        proof: QLineEdit,
        explain: str | None = None,
        hint: str | None = None,
        ok_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.tasks = tasks
        self.proof = proof
        self.fields = NewPassphraseFields()
        self.error = QLabel(objectName="ErrorText", wordWrap=True)
        self.busy = busy_bar()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if ok_text is not None:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.fields.changed.connect(self._update)
        form = QFormLayout()
        form.addRow(proof_label, proof)
        layout = QVBoxLayout(self)
        if explain is not None:
            layout.addWidget(QLabel(explain, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.fields)
        if hint is not None:
            layout.addWidget(QLabel(hint, objectName="Hint", wordWrap=True))
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def work(self, proof: str, passphrase: str) -> object:
        """Runs on a worker thread; raises :attr:`refused` when *proof* is not right."""
        raise NotImplementedError

    def refusal(self, error: Exception) -> str:
        return str(error)

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.fields.problem() is None and not self.tasks.busy)

    def submit(self) -> None:
        proof, passphrase = self.proof.text(), self.fields.value()
        self.busy.show()
        self.error.clear()
        self.buttons.setEnabled(False)
        self.tasks.run(lambda: self.work(proof, passphrase), self._done, self._failed)

    def _done(self, _: object) -> None:
        self.busy.hide()
        self.proof.clear()
        self.fields.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.buttons.setEnabled(True)
        if isinstance(error, self.refused):
            self.error.setText(self.refusal(error))
        else:
            errors.report(self, error)
