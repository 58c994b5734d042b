"""The tooltip of a node of the network diagram: rich text composed from the numbers the
model's :meth:`~...model.unit_view.UnitFrame.hover` gives (this module formats, it computes
nothing)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from .items import _c


def hover_html(frame, layer: int, index: int) -> str:
    """The tooltip of node ``index`` of column ``layer`` of ``frame`` (a
    :class:`~...model.unit_view.UnitFrame`); index -1 is a collapsed layer's strip."""
    info = frame.hover(layer, index)
    kind = info["kind"]
    if kind == "input":
        return QCoreApplication.translate("NetworkView", "<b>Input x{i}</b><br>the map shows x{i} over the plane").format(i=index + 1)
    if kind == "output":
        return QCoreApplication.translate("NetworkView", "<b>Output: class {k}</b><br>probability of class {k} on the plane: "
                                          "{lo:.3g} to {hi:.3g}").format(k=index + 1, lo=info["p_min"], hi=info["p_max"])
    alive, dead, sat = info["counts"]
    if index < 0:
        return QCoreApplication.translate("NetworkView", "<b>Layer {l}</b> ({act}), {n} units, shown as a summary strip<br>"
                                          "alive {a} · dead {d} · saturated {s}").format(
            l=layer, act=info["activation"], n=info["size"], a=alive, d=dead, s=sat)
    lines = [QCoreApplication.translate("NetworkView", "<b>Layer {l}, unit {u}</b> ({act})").format(
        l=layer, u=index + 1, act=info["activation"])]
    if info["status"] == "dead":
        lines.append(QCoreApplication.translate("NetworkView", "<span style='color:{c}'><b>dead</b> since epoch {e}</span>: f′(z) = 0 "
                                                "for every training input, so it gets no gradient").format(
            c=_c().dead, e=info["died_at"]))
    elif info["status"] == "saturated":
        lines.append(QCoreApplication.translate("NetworkView", "<span style='color:{c}'><b>saturated</b></span>: |f′(z)| below 1% of "
                                                "its maximum for every training input").format(c=_c().warning))
    else:
        lines.append(QCoreApplication.translate("NetworkView", "alive"))
    if info.get("revived") and info["status"] != "dead":
        lines.append(QCoreApplication.translate("NetworkView", "<span style='color:{c}'><b>came back</b></span>: dead from epoch {a}, "
                                                "alive again at epoch {b}, because the layers below changed its "
                                                "inputs").format(c=_c().revived, a=info["revived"][0], b=info["revived"][1]))
    if info["n_samples"] < info["n_train"]:
        over = QCoreApplication.translate("NetworkView", "over {n} of the {t} training inputs").format(n=info["n_samples"], t=info["n_train"])
    else:
        over = QCoreApplication.translate("NetworkView", "over the {n} training inputs").format(n=info["n_train"])
    lines.append(QCoreApplication.translate("NetworkView", "pre-activation z {over}: {lo:.4g} to {hi:.4g}").format(
        over=over, lo=info["z_min"], hi=info["z_max"]))
    lines.append(QCoreApplication.translate("NetworkView", "zero gradient, f′(z) = 0: {p:.1%} of them").format(p=info["zero_grad_share"]))
    lines.append(QCoreApplication.translate("NetworkView", "bias b = {b:.4g}").format(b=info["bias"]))
    lines.append(QCoreApplication.translate("NetworkView", "(epoch {e})").format(e=info["epoch"]))
    return "<br>".join(lines)
