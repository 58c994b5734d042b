"""The depth tab's "init per function" rows: when several functions are compared, each can
keep the panel's Init or have one of its own (sigmoid with Xavier next to ReLU with He).

One row per simulated function - a colour chip, its name and a combo box: "as Init", Xavier,
He, LeCun - bound to :attr:`DepthState.inits <..model.depth.state.DepthState.inits>`.  Hidden
while only one function is simulated (the Init above is then its init).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from ..model import catalogue
from ..model.curves import CurvesState, colour_for
from ..model.depth.state import FUNCTION_INITS, DepthState
from .i18n import function_name

SAME = ""          # combo data of "as the Init above"


class FunctionInits(QWidget):
    """``colours()`` gives each shown function's colour as the plots draw it (distinct among
    the compared functions, in the theme's shade); by default its own preferred colour."""

    def __init__(self, curves: CurvesState, state: DepthState, parent: QWidget | None = None,
                 colours=None):
        super().__init__(parent)
        self.curves = curves
        self.state = state
        self._colour_map = colours or (lambda: {})
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.title = QLabel()
        self.grid.addWidget(self.title, 0, 0, 1, 2)
        self.combos: dict[str, QComboBox] = {}
        self._labels: dict[str, QLabel] = {}
        self._chips: tuple[tuple[str, str], ...] = ()
        self.retranslate_ui()

    # -- texts ------------------------------------------------------------------------------
    def _init_names(self) -> dict[str, str]:
        return {"xavier": self.tr("Xavier"), "he": self.tr("He"), "lecun": self.tr("LeCun"),
                "custom": self.tr("custom σ_w")}

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr("Init per function:"))
        self.setToolTip(self.tr("Compared functions can each have their own initialisation; "
                                "“as Init” uses the Init above."))
        self._chips = ()
        self.sync()

    retranslate = retranslate_ui          # the window's live-retranslation hook

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    # -- state -> widgets -------------------------------------------------------------------
    def sync(self) -> None:
        """Rows for the functions simulated now, showing the state's inits."""
        fids = tuple(f for f in self.curves.shown() if f in catalogue.CATALOGUE)
        cmap = self._colour_map()
        chips = tuple((f, cmap.get(f, colour_for(f))) for f in fids)
        if chips != self._chips:
            self._rebuild(chips)
        names = self._init_names()
        same = self.tr("as Init ({init})").format(init=names.get(self.state.init, self.state.init))
        inits = self.state.inits
        for fid, combo in self.combos.items():
            with QSignalBlocker(combo):
                combo.setItemText(0, same)
                i = combo.findData(inits.get(fid, SAME))
                combo.setCurrentIndex(max(i, 0))
        self.setVisible(len(fids) > 1)

    def _rebuild(self, chips: tuple[tuple[str, str], ...]) -> None:
        for w in (*self.combos.values(), *self._labels.values()):
            self.grid.removeWidget(w)
            w.hide()
            w.setParent(None)
            w.deleteLater()
        self.combos.clear()
        self._labels.clear()
        names = self._init_names()
        for row, (fid, colour) in enumerate(chips, start=1):
            name = function_name(catalogue.get(fid))
            label = QLabel(f"<span style='color:{colour}'>■</span>&nbsp;{name}")
            label.setTextFormat(Qt.TextFormat.RichText)
            combo = QComboBox()
            combo.setAccessibleName(self.tr("Initialisation of {name}").format(name=name))
            combo.addItem("", SAME)
            for init in FUNCTION_INITS:
                combo.addItem(names[init], init)
            combo.currentIndexChanged.connect(lambda _i, f=fid, c=combo: self._edited(f, c))
            label.setBuddy(combo)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(combo, row, 1)
            self.combos[fid] = combo
            self._labels[fid] = label
        self.grid.setColumnStretch(1, 1)
        self._chips = chips

    def _edited(self, fid: str, combo: QComboBox) -> None:
        init = combo.currentData()
        self.state.set_function_init(fid, init or None)
