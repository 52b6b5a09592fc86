"""Fields for choosing a new passphrase with a zxcvbn strength meter, and the dialog around them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.dialogs.busy import busy_bar
from therapy_journal.gui.dialogs.dialog_style import (
    PASSPHRASE_FIELD,
    apply_dialog_style,
    centre,
    set_level,
)
from therapy_journal.gui.i18n import tr
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import passphrase_strength
from therapy_journal.services.passphrase_strength import Strength
from therapy_journal.store.vault import MIN_PASSPHRASE_CHARS

# Five words of the EFF list, about 65 bits, each guess costing an Argon2id derivation.
SUGGESTED_WORDS = 5

_WORDS = [tr("Very weak"), tr("Weak"), tr("Fair"), tr("Strong"), tr("Very strong")]


def show_box(text: str, *fields: QLineEdit) -> QCheckBox:
    """A box that shows what is typed in ``fields`` while ticked (long passphrases are
    easier to get right when seen); the windows untick it whenever they clear the fields."""
    box = QCheckBox(text)
    # As wide as its words: a click beside them would do nothing.
    box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def show(shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for field in fields:
            field.setEchoMode(mode)

    box.toggled.connect(show)
    return box


def strength_level(passphrase: str, measured: Strength) -> str:
    """The bar's colour, by the rule the vault applies (services/passphrase_strength):
    red when refused, amber when just enough, green above."""
    if not passphrase:
        return "none"
    if passphrase_strength.problem(passphrase, measured) is not None:
        return "weak"
    return "fair" if measured.score <= passphrase_strength.MIN_SCORE else "strong"


class NewPassphraseFields(QWidget):
    """A passphrase, its confirmation and how strong it is (a coloured bar and a word).

    Says nothing under an empty passphrase, and that the two differ only once
    the person has typed in the second field or left it.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.passphrase.setObjectName(PASSPHRASE_FIELD)
        self.passphrase.setAccessibleName(tr("New passphrase"))
        self.confirm = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.confirm.setObjectName(PASSPHRASE_FIELD)
        self.confirm.setAccessibleName(tr("Repeat the new passphrase"))
        self.confirm.installEventFilter(self)
        # One step per zxcvbn score, and a first one for anything typed at all.
        self.meter = QProgressBar(minimum=0, maximum=5, textVisible=False)
        self.meter.setObjectName("StrengthMeter")
        self.meter.setAccessibleName(tr("Passphrase strength"))
        self.word = QLabel(objectName="StrengthWord")
        self.feedback = QLabel(wordWrap=True, objectName="Hint")
        self.feedback.setAccessibleName(tr("Passphrase advice"))
        strength = QHBoxLayout()
        strength.addWidget(self.meter, 1)
        strength.addWidget(self.word)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addRow(tr("&Passphrase"), self.passphrase)
        layout.addRow(tr("&Repeat it"), self.confirm)
        self.show_typed = show_box(tr("S&how what I type"), self.passphrase, self.confirm)
        self.suggest_button = QPushButton(tr("Su&ggest one"), autoDefault=False)
        self.suggest_button.setToolTip(
            tr("Five random words: strong, and easier to remember than symbols")
        )
        self.suggest_button.clicked.connect(self.suggest)
        options = QHBoxLayout()
        options.addWidget(self.show_typed)
        options.addStretch()
        options.addWidget(self.suggest_button)
        layout.addRow("", options)
        layout.addRow(tr("Strength"), strength)
        layout.addRow("", self.feedback)
        self.passphrase.textChanged.connect(self._update)
        self.confirm.textChanged.connect(self._update)
        self.confirm.textEdited.connect(self._touch_confirm)
        self._confirm_touched = False
        self._strength = Strength(0)
        self._update()

    def value(self) -> str:
        return self.passphrase.text()

    def suggest(self) -> None:
        """Put random words in the first field, shown; the person types them once more."""
        # Imported here: xkcdpass takes about 35 ms, and this module is on the way to
        # the unlock window at every start.
        from therapy_journal.services.sharing.passphrases import (  # noqa: PLC0415
            generate_passphrase,
        )

        words = generate_passphrase(SUGGESTED_WORDS).replace("-", " ")
        self.show_typed.setChecked(True)
        self.passphrase.setText(words)
        self.confirm.clear()
        self._confirm_touched = False
        self._update()
        self.confirm.setFocus()

    def problem(self) -> str | None:
        """Why the passphrase cannot be used yet, or None."""
        text = self.passphrase.text()
        refused = passphrase_strength.problem(text, self._strength)
        if refused is not None:
            return tr(refused)
        if self.confirm.text() != text:
            return tr("The two passphrases differ.")
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.confirm and event.type() == QEvent.Type.FocusOut:
            self._touch_confirm()
        return super().eventFilter(watched, event)

    def _touch_confirm(self) -> None:
        if not self._confirm_touched:
            self._confirm_touched = True
            self._update()

    def _advice(self) -> str:
        """What to say under the fields: nothing until something is typed."""
        text = self.passphrase.text()
        if not text:
            return ""
        refused = passphrase_strength.problem(text, self._strength)
        if refused is not None:
            return tr(refused)
        if self._confirm_touched and self.confirm.text() != text:
            return tr("The two passphrases differ.")
        return self._strength.advice or tr("Good choice.")

    def _update(self) -> None:
        text = self.passphrase.text()
        self._strength = passphrase_strength.strength(text)
        score = self._strength.score
        level = strength_level(text, self._strength)
        too_short = bool(text) and len(text) < MIN_PASSPHRASE_CHARS
        word = "" if not text else tr("Too short") if too_short else _WORDS[score]
        self.meter.setValue(0 if not text else 1 if too_short else score + 1)
        self.meter.setFormat(word)
        self.meter.setAccessibleDescription(word)
        self.word.setText(word)
        set_level(self.meter, level)
        set_level(self.word, level)
        self.feedback.setText(self._advice())
        self.changed.emit()

    def clear(self) -> None:
        self.show_typed.setChecked(False)
        self.passphrase.clear()
        self.confirm.clear()
        self._confirm_touched = False
        self._update()


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
        if not proof.objectName():
            proof.setObjectName(PASSPHRASE_FIELD)
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(proof_label, proof)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        if explain is not None:
            layout.addWidget(QLabel(explain, wordWrap=True))
        layout.addLayout(form)
        layout.addWidget(self.fields)
        if hint is not None:
            layout.addWidget(QLabel(hint, objectName="Hint", wordWrap=True))
        layout.addWidget(self.busy)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        centre(self, column, 560, margin=16)
        apply_dialog_style(self)
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
