"""The properties card: formulas rendered as mathematics, computed properties, notes, references."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..model import catalogue
from ..model.curves import CurvesState
from ..model.properties import Properties
from .formula import formula_pixmap
from .i18n import QT_TRANSLATE_NOOP, function_name, function_notes, tx


def _num(v: float) -> str:
    if math.isnan(v):
        return tx("PropertiesReport", "undefined")
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if abs(v) < 1e-12:  # quadrature noise around an exact zero (tanh's mean)
        return "0"
    return f"{v:.6g}"


WORDS = {
    "yes": QT_TRANSLATE_NOOP("PropertiesCard", "yes"),
    "no": QT_TRANSLATE_NOOP("PropertiesCard", "no"),
    "none": QT_TRANSLATE_NOOP("PropertiesCard", "none"),
    "soft": QT_TRANSLATE_NOOP("PropertiesCard", "soft (f′ → 0 only in the limit)"),
    "hard_all": QT_TRANSLATE_NOOP("PropertiesCard", "hard (f′ = 0 everywhere)"),
    "hard_left": QT_TRANSLATE_NOOP("PropertiesCard", "hard (f′ = 0 for x < {at})"),
    "hard_right": QT_TRANSLATE_NOOP("PropertiesCard", "hard (f′ = 0 for x > {at})"),
}

SMOOTHNESS = {
    "smooth": QT_TRANSLATE_NOOP("PropertiesCard", "smooth (no kinks)"),
    "C1": QT_TRANSLATE_NOOP("PropertiesCard", "C¹: f′ continuous, f″ jumps"),
    "C0": QT_TRANSLATE_NOOP("PropertiesCard", "continuous with kinks (f′ jumps)"),
    "discontinuous": QT_TRANSLATE_NOOP("PropertiesCard", "discontinuous (f jumps)"),
    "undefined": QT_TRANSLATE_NOOP("PropertiesCard", "not defined for every x"),
}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _word(key: str) -> str:
    return tx("PropertiesCard", WORDS[key])


def _yes(flag: bool) -> str:
    return _word("yes") if flag else _word("no")


def _sat_side(kind: str, at: float | None, side: str) -> str:
    """``side`` 'left' or 'right': where f′ = 0 is x < at on the left, x > at on the right."""
    if kind == "none":
        return _word("none")
    if kind == "soft":
        return _word("soft")
    if at is None:
        return _word("hard_all")
    return _word(f"hard_{side}").format(at=_num(at))


def note_text(note: str) -> str:
    """A computed remark of the properties in the interface language (the same figures)."""
    key = getattr(note, "key", None)
    if key is None:
        return str(note)
    return tx("properties", note.template).format(**note.values)


class PropertiesCard(QScrollArea):
    def __init__(self, state: CurvesState, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = state
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(250)
        body = QWidget()
        self.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(8, 8, 8, 8)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.f_formula = QLabel()
        self.df_formula = QLabel()
        for w in (self.f_formula, self.df_formula):
            w.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            w.setMinimumHeight(28)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.values: dict[str, QLabel] = {}
        rows = [
            ("range", self.tr("Range")),
            ("domain", self.tr("Defined")),
            ("zero_centred", self.tr("Zero-centred")),
            ("monotonic", self.tr("Monotonic")),
            ("smoothness", self.tr("Smoothness")),
            ("left", self.tr("Left saturation")),
            ("right", self.tr("Right saturation")),
            ("max_df", self.tr("Largest |f′|")),
            ("df0", self.tr("f′(0)")),
            ("can_die", self.tr("Units can die")),
            ("minimum", self.tr("Minimum")),
            ("moments", self.tr("For z ~ N(0,1)")),
        ]
        for key, label in rows:
            v = QLabel()
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = v
            self.form.addRow(QLabel(f"<b>{label}</b>"), v)
        self.computed_notes = QLabel()
        self.computed_notes.setWordWrap(True)
        self.computed_notes.setTextFormat(Qt.TextFormat.RichText)
        self.computed_notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.computed_notes.setAccessibleName(self.tr("What the analysis found"))
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.refs = QLabel()
        self.refs.setWordWrap(True)
        self.refs.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.heading)
        lay.addWidget(self.f_formula)
        lay.addWidget(self.df_formula)
        lay.addLayout(self.form)
        lay.addWidget(self.computed_notes)
        notes_word = self.tr("Notes")
        notes_title = QLabel(f"<b>{notes_word}</b>")
        lay.addWidget(notes_title)
        lay.addWidget(self.notes)
        lay.addWidget(self.refs)
        lay.addStretch(1)

        # The first formula loads ziamath and its math font (~0.5 s): let the window paint
        # first, then render; later formulas render at once (interval set after the first).
        self._formula_timer = QTimer(self, singleShot=True, interval=250)
        self._formula_timer.timeout.connect(self.render_formulas)
        # The analysis takes a few ms; while a slider is dragged it runs once the drag pauses.
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.refresh)
        state.current_changed.connect(lambda _fid: self.refresh())
        state.params_changed.connect(lambda _fid: self._timer.start())
        state.catalogue_changed.connect(self.refresh)
        self.refresh()

    def _current_known(self) -> bool:
        # A deferred refresh may fire after its function left the catalogue (a typed function
        # removed elsewhere); the state's next signal brings the card up to date.
        return self.state.current in catalogue.CATALOGUE

    def retranslate(self) -> None:
        self.refresh()

    def apply_theme(self) -> None:
        """Formulas are drawn in the text colour: draw them again."""
        self.refresh()

    def refresh(self) -> None:
        if not self._current_known():
            return
        act = self.state.activation
        # A typed function is named by its expression; its internal id means nothing to a user.
        ident = "" if act.family == "custom" else f"<br><code>{act.id}</code>"
        self.heading.setText(
            f"<span style='font-size:14pt'><b>{html.escape(function_name(act))}</b></span>"
            + ident + (f" · <code>{act.torch}</code>" if act.torch else "")
        )
        self.show_properties(self.state.properties())
        # Formulas render once the window has painted (the first one loads a math font).
        self._formula_timer.start()
        self.notes.setText(function_notes(act))
        if act.references:
            items = "".join(f"<li>{r}</li>" for r in act.references)
            refs_word = self.tr("References")
            self.refs.setText(f"<b>{refs_word}</b><ul style='margin-left:-20px'>{items}</ul>")
        else:
            self.refs.setText("")

    def render_formulas(self) -> None:
        self._formula_timer.setInterval(0)
        if not self._current_known():
            return
        act = self.state.activation
        width = max(200, self.viewport().width() - 24)
        self.f_formula.setPixmap(formula_pixmap(act.latex_f, 15, max_width=width))
        self.df_formula.setPixmap(formula_pixmap(act.latex_df, 15, max_width=width))

    def show_properties(self, p: Properties) -> None:
        v = self.values
        v["range"].setText(p.range_text() if p.range_text() != "none"
                           else self.tr("none: f takes no finite value"))
        v["domain"].setText(self.tr("for every x") if p.defined_everywhere
                            else p.undefined_text(lambda s: tx("PropertiesReport", s)))
        v["zero_centred"].setText(_yes(p.zero_centred) + (
            self.tr(" (E[f(z)] = {m})").format(m=_num(p.mean_f)) if p.moments_defined
            else self.tr(" (E[f(z)] undefined)")))
        v["monotonic"].setText(_yes(p.monotonic))
        v["smoothness"].setText(tx("PropertiesCard", SMOOTHNESS[p.smoothness])
                                + (self.tr(" at x = {at}").format(at=", ".join(_num(k) for k in p.kinks)) if p.kinks else ""))
        v["left"].setText(_sat_side(p.left.kind, p.left.at, "left"))
        v["right"].setText(_sat_side(p.right.kind, p.right.at, "right"))
        v["max_df"].setText(self._max_df_text(p))
        v["df0"].setText(_num(p.df_at_0))
        v["can_die"].setText(_yes(p.can_die) + (self.tr(" — f′ = 0 on a whole half-line") if p.can_die else ""))
        v["minimum"].setText(self.tr("{f} at x = {x}").format(f=_num(p.minimum[1]), x=_num(p.minimum[0]))
                             if p.minimum else self.tr("none (no interior minimum)"))
        v["moments"].setText(self.tr("E[f′] = {a}, E[f′²] = {b}").format(a=_num(p.mean_df), b=_num(p.mean_df2))
                             if p.moments_defined else
                             self.tr("undefined: f is not defined for every x, and z ~ N(0,1) reaches every x"))
        # What the analysis found beyond the rows (e.g. a largest slope that is a supremum).
        self.computed_notes.setText("<br>".join("• " + _html(note_text(n)) for n in p.notes))
        self.computed_notes.setVisible(bool(p.notes))

    def _max_df_text(self, p: Properties) -> str:
        """The largest slope and where it is reached, worded here so it can be translated."""
        a, b = p.max_abs_df_at
        m = _num(p.max_abs_df)
        if math.isnan(p.max_abs_df):
            return m
        if math.isinf(p.max_abs_df) and a == b and math.isfinite(a):
            return self.tr("unbounded (|f′| → ∞ near x = {x})").format(x=_num(a))
        sup = next((n for n in p.notes if getattr(n, "key", "") == "supremum"), None)
        if sup is not None:
            v = sup.values
            return self.tr("{m}, approached as x → {at}{side} but not reached (f′({at}) = {f_at})").format(
                m=v["m"], at=v["at"], side=v["side"], f_at=v["f_at"])
        if p.max_abs_df == 0 or (math.isinf(a) and math.isinf(b) and a < 0 < b):
            return self.tr("{m} everywhere").format(m=m)
        if a == b and math.isinf(a):
            return self.tr("{m} (approached as x → {side})").format(m=m, side=_num(a))
        if a == b:
            return self.tr("{m} at x = {x}").format(m=m, x=_num(a))
        if math.isinf(b):
            return self.tr("{m} for x > {a}").format(m=m, a=_num(a))
        if math.isinf(a):
            return self.tr("{m} for x < {b}").format(m=m, b=_num(b))
        return self.tr("{m} for {a} < x < {b}").format(m=m, a=_num(a), b=_num(b))

    def formulas_pending(self) -> bool:
        return self._formula_timer.isActive()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._formula_timer.start()
