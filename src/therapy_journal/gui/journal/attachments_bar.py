"""The open entry's attachments: thumbnails, and Attach, Open, Save as, Remove.

Pictures are decoded from memory, downscaled as they are read (the stored
original is kept as it was): a thumbnail for the strip and a column-wide
copy for the Preview tab, which takes its images from :attr:`AttachmentsBar.images`
and never from disk. "Open" writes a decrypted copy for another program only
after saying that program will see it (see :mod:`opened_copies`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from therapy_journal.gui import errors
from therapy_journal.gui.flow_layout import FlowLayout
from therapy_journal.gui.i18n import plural, tr
from therapy_journal.gui.tasks import TaskRunner
from therapy_journal.services import opened_copies
from therapy_journal.services.attachments import AttachmentService, size_text
from therapy_journal.store.attachments import Attachment

log = logging.getLogger(__name__)

THUMB_PX = 40
PREVIEW_PX = 640  # the widest an attachment's picture is shown in Preview
ATTACHMENT_SCHEME = "attachment"


def attachment_url(name: str) -> str:
    """How an entry's Markdown refers to one of its pictures: ``![x](attachment:NAME)``."""
    return QUrl(f"{ATTACHMENT_SCHEME}:{name}").toString(QUrl.ComponentFormattingOption.FullyEncoded)


def decode_image(data: bytes, longest: int) -> QImage:
    """The picture in ``data`` no larger than ``longest`` pixels a side, decoded
    at that size; a null image when it is not a picture Qt reads."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and max(size.width(), size.height()) > longest:
        reader.setScaledSize(size.scaled(longest, longest, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


def local_files(urls: list[QUrl]) -> list[Path]:
    return [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]


class AttachmentsBar(QWidget):
    """A strip of the open entry's attachments with the buttons that act on them.

    ``entry_for_attaching`` gives the id of the open entry, saving a new one
    first (None: nothing is open). ``changed`` is emitted after every
    attachment added or removed, so the preview can be rendered again.
    """

    changed = Signal()
    pictures_ready = Signal()  # the pictures are decoded: Preview can show them

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service: AttachmentService | None = None
        self.entry_id: int | None = None
        self.entry_for_attaching: Callable[[], int | None] = lambda: None
        self.items: list[Attachment] = []
        self.images: dict[str, QImage] = {}  # name -> the picture as Preview shows it
        self.tasks: TaskRunner | None = None  # where pictures are decoded (None: right away)
        self.generation = 0  # counts reloads, so late pictures of another entry are dropped
        self.setAcceptDrops(True)

        self.attach_button = QPushButton(tr("Atta&ch…"))
        self.attach_button.setAccessibleName(tr("Attach files"))
        self.attach_button.setToolTip(
            tr("Attach photos or files (or drop them here, or paste a picture into the text)")
        )
        self.attach_button.clicked.connect(self.choose_files)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Attachments"))
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.list.setWordWrap(False)
        self.list.setUniformItemSizes(True)
        line = self.fontMetrics().height()
        self.list.setGridSize(QSize(THUMB_PX * 3, THUMB_PX + line + 6))
        self.list.setFixedHeight(THUMB_PX + 2 * line + 4)  # one row, and room for a scroll bar
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.itemActivated.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.open_button = QPushButton(tr("&Open"))
        self.open_button.setToolTip(tr("Open with another program (it sees a decrypted copy)"))
        self.open_button.clicked.connect(self.open_selected)
        self.save_button = QPushButton(tr("Save a&s…"))
        self.save_button.setToolTip(tr("Save a decrypted copy as a file"))
        self.save_button.clicked.connect(self.choose_save)
        self.remove_button = QPushButton(tr("Re&move"))
        self.remove_button.setAccessibleName(tr("Remove attachment"))
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self._lay_out()
        self.clear()

    def _lay_out(self) -> None:
        row = QWidget()
        buttons = FlowLayout(row)  # wraps when the editor is narrow
        for widget in (self.attach_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(row)
        layout.addWidget(self.list)

    # -- the entry -----------------------------------------------------------------

    def show_entry(self, service: AttachmentService | None, entry_id: int | None) -> None:
        """Show the attachments of ``entry_id`` (None: a new entry, none yet)."""
        self.service, self.entry_id = service, entry_id
        self.reload()

    def clear(self) -> None:
        self.generation += 1
        self.service, self.entry_id = None, None
        self.items, self.images = [], {}
        self.list.clear()
        self._show_count()

    def reload(self) -> None:
        """List the entry's attachments now; their pictures follow, read and
        decoded off the UI thread (with ``tasks``), so opening an entry of many
        photos never stalls typing."""
        self.generation += 1
        self.list.clear()
        self.items, self.images = [], {}
        if self.service is not None and self.entry_id is not None:
            self.items = self.service.of_entry(self.entry_id)
        for attachment in self.items:
            self.list.addItem(self._item(attachment))
        self._show_count()
        pictures = [attachment for attachment in self.items if attachment.is_image]
        service, generation = self.service, self.generation
        if not pictures or service is None:
            return

        def decode() -> dict[str, QImage]:
            return {a.name: decode_image(service.read(a.id), PREVIEW_PX) for a in pictures}

        if self.tasks is None:
            self._show_pictures(generation, decode())
        else:
            self.tasks.run(
                decode,
                lambda found: self._show_pictures(generation, found),
                lambda error: log.info("pictures not shown: %s", type(error).__name__),
            )

    def _show_pictures(self, generation: int, found: dict[str, QImage]) -> None:
        if generation != self.generation:
            return  # another entry (or the same one, changed) is shown now
        for row, attachment in enumerate(self.items):
            picture = found.get(attachment.name)
            if picture is None or picture.isNull():
                continue
            self.images[attachment.name] = picture
            thumb = picture.scaled(
                THUMB_PX,
                THUMB_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.list.item(row).setIcon(QIcon(QPixmap.fromImage(thumb)))
        self.pictures_ready.emit()

    def _item(self, attachment: Attachment) -> QListWidgetItem:
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        item = QListWidgetItem(icon, attachment.name)
        described = f"{attachment.name}, {attachment.mime}, {size_text(attachment.size)}"
        item.setToolTip(described)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, described)
        item.setData(Qt.ItemDataRole.UserRole, attachment.id)
        return item

    def _show_count(self) -> None:
        has_any = bool(self.items)
        self.list.setVisible(has_any)
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setVisible(has_any)
        self.list.setAccessibleDescription(
            plural(len(self.items), "%n attachment", "%n attachments")
        )
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        for button in (self.open_button, self.save_button, self.remove_button):
            button.setEnabled(chosen)

    def selected(self) -> Attachment | None:
        row = self.list.currentRow()
        chosen = self.list.selectedItems()
        if not chosen or not 0 <= row < len(self.items):
            return None
        return self.items[row]

    # -- adding ----------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Attach files"), str(Path.home()))
        if paths:
            self.attach_files([Path(path) for path in paths])

    def attach_files(self, paths: list[Path]) -> list[Attachment]:
        """Attach each file; a file that cannot be attached is said in one sentence
        and the others are attached all the same."""

        def adder(path: Path) -> Callable[[AttachmentService, int], Attachment]:
            return lambda service, entry_id: service.add_file(entry_id, path)

        return self._attach([adder(path) for path in paths])

    def attach_image(self, image: QImage, name: str = "pasted picture.png") -> Attachment | None:
        """Attach a picture (from the clipboard) as a PNG."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        png = bytes(data.data())
        added = self._attach([lambda s, e: s.add_bytes(e, name, png, "image/png")])
        return added[0] if added else None

    def _attach(
        self, adders: list[Callable[[AttachmentService, int], Attachment]]
    ) -> list[Attachment]:
        entry_id = self.entry_for_attaching()
        if entry_id is None or self.service is None:
            return []
        self.entry_id = entry_id
        added: list[Attachment] = []
        for add in adders:
            try:
                added.append(add(self.service, entry_id))
            except Exception as error:
                errors.report(self, error)
        if added:
            self.reload()
            self.list.setCurrentRow(len(self.items) - 1)
            self.changed.emit()
        return added

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.service is not None and local_files(event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData().urls())
        if paths:
            event.acceptProposedAction()
            self.attach_files(paths)

    # -- acting on one ---------------------------------------------------------------

    def open_selected(self) -> Path | None:
        """Open the chosen attachment with another program, after the warning."""
        attachment = self.selected()
        if attachment is None or self.service is None:
            return None
        warning = tr(
            "The program that opens “{name}” will see a decrypted copy of it. The copy is "
            "readable by you only and is removed when you lock the journal. Open it?"
        ).format(name=attachment.name)
        if not self._confirm(tr("Open with another program"), warning):
            return None
        try:
            path = opened_copies.write_copy(attachment.name, self.service.chunks(attachment.id))
        except Exception as error:
            errors.report(self, error)
            return None
        log.info("opened a decrypted copy of an attachment with another program")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def _confirm(self, title: str, question: str) -> bool:
        """Ask; with dialogs switched off (tests) the question is recorded and taken as yes."""
        if not errors.SHOW_DIALOGS:
            errors.shown.append(question)
            return True
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def choose_save(self) -> None:
        attachment = self.selected()
        if attachment is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save attachment"), str(Path.home() / attachment.name)
        )
        if path:
            # The dialog has asked before replacing a file.
            self.save_to(Path(path), overwrite=True)

    def save_to(self, path: Path, *, overwrite: bool = False) -> bool:
        attachment = self.selected()
        if attachment is None or self.service is None:
            return False
        try:
            self.service.save_to(attachment, path, overwrite=overwrite)
        except Exception as error:
            errors.report(self, error)
            return False
        return True

    def remove_selected(self) -> None:
        attachment = self.selected()
        if attachment is None or self.service is None:
            return
        question = tr("Remove “{name}” from this entry? This cannot be undone.").format(
            name=attachment.name
        )
        if not self._confirm(tr("Remove attachment"), question):
            return
        try:
            self.service.remove(attachment.id)
        except Exception as error:
            errors.report(self, error)
            return
        self.reload()
        self.changed.emit()
