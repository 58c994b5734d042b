"""The Learn tab: short explanations of the ideas the app demonstrates, each with a "show me"
button that sets up the panel that shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QSplitter, QTextBrowser, QVBoxLayout,
    QWidget,
)

from ..model import lessons
from . import i18n


class LearnPanel(QWidget):
    show_me_requested = Signal(dict)
    title = "Learn"

    def __init__(self, lang: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang or i18n.current_language()
        outer = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(split)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Lessons"))
        self.list.setMinimumWidth(220)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(3)
        list_font = self.list.font()
        list_font.setPointSizeF(11.0)
        self.list.setFont(list_font)
        for lesson in lessons.LESSONS:
            title, _ = lesson.text(self.lang)
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, lesson.key)
            self.list.addItem(item)
        split.addWidget(self.list)
        right = QWidget()
        rl = QVBoxLayout(right)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setAccessibleName(self.tr("Lesson text"))
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.text.setFont(font)
        self.text.document().setDocumentMargin(16)
        rl.addWidget(self.text, 1)
        self.show_me = QPushButton()
        self.show_me.setAccessibleName(self.tr("Show me"))
        self.show_me.clicked.connect(self._show_me)
        rl.addWidget(self.show_me, 0, Qt.AlignmentFlag.AlignLeft)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        split.setSizes([280, 900])
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0)
        self.export_item = None

    def current_lesson(self) -> lessons.Lesson:
        return lessons.LESSONS[max(self.list.currentRow(), 0)]

    def select(self, key: str) -> None:
        for i, lesson in enumerate(lessons.LESSONS):
            if lesson.key == key:
                self.list.setCurrentRow(i)
                return
        raise KeyError(key)

    def _show(self, row: int) -> None:
        if row < 0:
            return
        lesson = lessons.LESSONS[row]
        title, body = lesson.text(self.lang)
        refs = "".join(f"<li>{r}</li>" for r in lesson.references)
        ref_title = self.tr("References")
        self.text.setHtml(
            f"<h2>{title}</h2>{body}"
            + (f"<h4>{ref_title}</h4><ul>{refs}</ul>" if refs else "")
        )
        label = lesson.show_me_label.get(self.lang) or lesson.show_me_label["en"]
        self.show_me.setText(label)

    def retranslate(self) -> None:
        """Lessons carry their own text in both languages: show the one now chosen."""
        self.lang = i18n.current_language()
        for i, lesson in enumerate(lessons.LESSONS):
            self.list.item(i).setText(lesson.text(self.lang)[0])
        self._show(self.list.currentRow())

    def _show_me(self) -> None:
        self.show_me_requested.emit(dict(self.current_lesson().show_me))

    # export protocol: text only
    def export_csv(self) -> str:
        from ..model.fileio import OutputError

        raise OutputError("the Learn tab has no data to export")

    def export_name(self) -> str:
        return "learn"

    def shutdown(self) -> None:
        pass
