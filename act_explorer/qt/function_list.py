"""The function list: grouped by family, searchable, a checkbox per function to overlay it."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QMenu, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
    QWidget,
)

from ..model import catalogue
from ..model.catalogue import ParamError
from ..model.curves import CurvesState, colour_for
from . import theme
from .i18n import family_name, function_name

ID_ROLE = Qt.ItemDataRole.UserRole
SWATCH_ROLE = Qt.ItemDataRole.UserRole + 1


_SWATCHES: dict[str, QIcon] = {}


def _swatch(colour: str) -> QIcon:
    """One icon per colour, shared by every list: Qt caches each icon's painted pixmap in its
    global QPixmapCache under the icon's own key, so a new icon per item and per window would
    fill that cache with copies (up to its 10 MB limit) as windows come and go."""
    icon = _SWATCHES.get(colour)
    if icon is None:
        pix = QPixmap(12, 12)
        pix.fill(QColor(colour))
        icon = _SWATCHES[colour] = QIcon(pix)
    return icon


class FunctionList(QWidget):
    def __init__(self, state: CurvesState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search functions…"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search functions"))
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(10)
        self.tree.setAccessibleName(self.tr("Functions"))
        self.tree.setToolTip(self.tr("Click a function to make it current; tick it to overlay it."))
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)

        # -- a function the user types ----------------------------------------------------
        typed_row = QHBoxLayout()
        self.expr_edit = QLineEdit()
        self.expr_edit.setPlaceholderText(self.tr("Type f(x), e.g. x*sigmoid(1.5*x)"))
        self.expr_edit.setAccessibleName(self.tr("Type a function of x"))
        self.expr_edit.setToolTip(self.tr(
            "An expression in x with + - * / ^, numbers, parameters (any other name) and "
            "exp log log1p sqrt abs sin cos tanh erf sigmoid softplus relu max min where, "
            "or any catalogue id such as gelu(x)."))
        self.expr_edit.setMaxLength(1000)
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setEnabled(False)
        typed_row.addWidget(self.expr_edit, 1)
        typed_row.addWidget(self.add_button)
        layout.addLayout(typed_row)
        self.expr_error = QLabel()
        theme.style_error_label(self.expr_error)
        self.expr_error.setWordWrap(True)
        self.expr_error.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.expr_error.hide()
        layout.addWidget(self.expr_error)
        self.expr_edit.textChanged.connect(self._check_expression)
        self.expr_edit.returnPressed.connect(self.add_typed)
        self.add_button.clicked.connect(self.add_typed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self._items: dict[str, QTreeWidgetItem] = {}
        self.rebuild()
        self.search.textChanged.connect(self._filter)
        self.tree.currentItemChanged.connect(self._current_item_changed)
        self.tree.itemChanged.connect(self._item_changed)
        state.current_changed.connect(self._show_current)
        state.overlays_changed.connect(self._show_overlays)
        state.catalogue_changed.connect(self.rebuild)
        state.current_changed.connect(self.apply_theme)
        state.overlays_changed.connect(self.apply_theme)
        self.apply_theme()

    def retranslate(self) -> None:
        self.rebuild()

    def apply_theme(self, *_args) -> None:
        """Swatches in the colours drawn: the functions shown get their distinct colours
        (as on the plots), the others their own, as drawn on this theme."""
        cmap = self.state.colour_map(transform=theme.line_colour)
        with QSignalBlocker(self.tree):
            for fid, item in self._items.items():
                colour = theme.line_colour(cmap.get(fid, colour_for(fid)))
                if item.data(0, SWATCH_ROLE) != colour:
                    item.setData(0, SWATCH_ROLE, colour)
                    item.setIcon(0, _swatch(colour))
        self.tree.viewport().update()

    def rebuild(self) -> None:
        with QSignalBlocker(self.tree):
            self.tree.clear()
            self._items.clear()
            for fam in catalogue.FAMILIES:
                members = [a for a in catalogue.CATALOGUE.values() if a.family == fam]
                if not members:
                    continue
                group = QTreeWidgetItem(self.tree, [family_name(fam)])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                for a in members:
                    item = QTreeWidgetItem(group, [function_name(a)])
                    item.setData(0, ID_ROLE, a.id)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                                  | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                    if a.family == "custom":
                        item.setToolTip(0, a.name)
                    else:
                        item.setToolTip(0, f"{a.id}  —  {a.torch}" if a.torch else a.id)
                    self._items[a.id] = item
            self.tree.expandAll()
        self._show_overlays(self.state.overlays)
        self._show_current(self.state.current)
        self._filter(self.search.text())
        self.apply_theme()

    # -- typed functions ----------------------------------------------------------------
    def _check_expression(self, text: str) -> None:
        """Checked on every keystroke: parsing is bounded (1000 characters, depth 64) and
        takes well under a millisecond, so typing never stalls."""
        if not text.strip():
            self._show_expr_error(None)
            self.add_button.setEnabled(False)
            return
        from ..model import expression  # noqa: PLC0415 (loaded when first needed)

        err = expression.check(text)
        self._show_expr_error(err)
        self.add_button.setEnabled(err is None)

    def _show_expr_error(self, err) -> None:
        if err is None:
            self.expr_error.hide()
            self.expr_error.clear()
            return
        self.expr_error.setText(f"{err.message}\n{err.caret()}")
        self.expr_error.show()

    def add_typed(self) -> None:
        text = self.expr_edit.text()
        if not text.strip():
            return
        from ..model import expression  # noqa: PLC0415

        try:
            self.state.add_typed_function(text)
        except ParamError as exc:  # ExpressionError is a ParamError
            self._show_expr_error(exc if isinstance(exc, expression.ExpressionError) else None)
            if not isinstance(exc, expression.ExpressionError):
                self.expr_error.setText(str(exc))
                self.expr_error.show()
            return
        self.expr_edit.clear()

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        fid = item.data(0, ID_ROLE) if item else None
        if not fid or catalogue.get(fid).family != "custom":
            return
        menu = QMenu(self)
        act = menu.addAction(self.tr("Remove {name}").format(name=item.text(0)))
        act.triggered.connect(lambda: self.state.remove_typed_function(fid))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def item(self, fid: str) -> QTreeWidgetItem:
        return self._items[fid]

    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                child = group.child(j)
                fid = child.data(0, ID_ROLE)
                hay = f"{fid} {child.text(0)} {catalogue.get(fid).name}".lower()
                hit = not needle or needle in hay
                child.setHidden(not hit)
                visible += hit
            group.setHidden(visible == 0)

    def _current_item_changed(self, item: QTreeWidgetItem | None, _prev) -> None:
        if item is None:
            return
        fid = item.data(0, ID_ROLE)
        if fid:
            self.state.select(fid)

    def _item_changed(self, item: QTreeWidgetItem, _col: int) -> None:
        fid = item.data(0, ID_ROLE)
        if fid:
            self.state.set_overlay(fid, item.checkState(0) == Qt.CheckState.Checked)

    def _show_current(self, fid: str) -> None:
        item = self._items.get(fid)
        if item is not None and self.tree.currentItem() is not item:
            with QSignalBlocker(self.tree):
                self.tree.setCurrentItem(item)

    def _show_overlays(self, ids) -> None:
        with QSignalBlocker(self.tree):
            for fid, item in self._items.items():
                want = Qt.CheckState.Checked if fid in ids else Qt.CheckState.Unchecked
                if item.checkState(0) != want:
                    item.setCheckState(0, want)
