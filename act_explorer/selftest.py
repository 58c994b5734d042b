"""``act-explorer --self-test``: check an installation (source, wheel or bundle) end to end.

Runs offscreen, touches no user settings and writes only to a temporary folder, which it
removes.  It opens every panel of the main window, draws every catalogue function (a line per
family, plus a typed function), renders a formula, runs a short depth simulation and 50
training steps, trains the training tab's network a few epochs, and exports the plots as PNG,
SVG and CSV, checking each result: the PNG decodes at the size asked for and is not blank, the
SVG parses and holds paths, every CSV has data rows, numbers are finite and agree with the
model.  Every check fails on an empty result (no rows, no points, no epoch, no layer).  It prints one line per check::

    ok   <check> (<detail>)
    FAIL <check>: <reason>

and exits with status 0 only when every check passed.  Nothing here is specific to the
PyInstaller bundle, but it is written to catch what packaging breaks: missing Qt plugins
(platform, SVG, image formats), translations, data files of dependencies (ziamath's math font),
the application icon, NumPy's BLAS.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable

import numpy as np

__all__ = ["main", "run"]

PNG_WIDTH = 1200
TRAIN_STEPS = 50


class CheckFailed(Exception):
    """A check's expectation was not met (its message is the reason printed)."""


def expect(condition: bool, reason: str) -> None:
    if not condition:
        raise CheckFailed(reason)


class _Report:
    def __init__(self, out) -> None:
        self.out = out
        self.passed = 0
        self.failed = 0

    def check(self, name: str, fn: Callable[[], object]):
        """Run ``fn``; print ``ok`` with the detail it returns, or ``FAIL`` with the reason.
        Returns the detail, or None on failure."""
        try:
            detail = fn()
        except CheckFailed as exc:
            self._fail(name, str(exc))
            return None
        except Exception as exc:  # noqa: BLE001 -- any error is a failed check
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self._fail(name, f"{type(exc).__name__}: {exc} [{Path(where.filename).name}:{where.lineno}]")
            return None
        self.passed += 1
        text = f"ok   {name}"
        if isinstance(detail, str) and detail:
            text += f" ({detail})"
        print(text, file=self.out, flush=True)
        return detail if detail is not None else True

    def skip_as_failed(self, name: str, reason: str) -> None:
        self._fail(name, reason)

    def _fail(self, name: str, reason: str) -> None:
        self.failed += 1
        reason = " ".join(reason.split()) or "failed"
        print(f"FAIL {name}: {reason}", file=self.out, flush=True)


# ---- helpers -----------------------------------------------------------------------------

def _wait(app, ms: int) -> None:
    """Run the event loop for ``ms`` milliseconds (timers, deferred paints)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _image_array(img) -> np.ndarray:
    """An (h, w) uint32 array of an image's pixels (ARGB32)."""
    from PySide6.QtGui import QImage

    img = img.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, bpl = img.height(), img.width(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=img.sizeInBytes())
    return buf.reshape(h, bpl)[:, : 4 * w].copy().view(np.uint32).reshape(h, w)


def _not_blank(img, what: str, min_ink: float = 0.002) -> str:
    """Expect an image with content: several colours, more than ``min_ink`` of the pixels
    differing from the most common (background) colour."""
    px = _image_array(img)
    sample = px[:: max(1, px.shape[0] // 300), :: max(1, px.shape[1] // 300)].ravel()
    values, counts = np.unique(sample, return_counts=True)
    colours = len(values)
    off = 1.0 - counts.max() / sample.size
    expect(colours > 2, f"{what} is blank ({colours} colours)")
    expect(off > min_ink, f"{what} is nearly blank ({off:.2%} of pixels differ from the background)")
    return f"{colours} colours sampled, {off:.0%} non-background"


def _check_png(path: Path, width: int) -> str:
    from PySide6.QtGui import QImage

    data = path.read_bytes()
    expect(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file (bad signature)")
    img = QImage()
    expect(img.loadFromData(data, "PNG"), "the PNG does not decode")
    expect(img.width() == width, f"width {img.width()} px, asked for {width}")
    expect(img.height() >= 100, f"height {img.height()} px is too small")
    content = _not_blank(img, "the PNG")
    return f"{img.width()}x{img.height()} px, {len(data) // 1024} KiB, {content}"


def _check_svg(path: Path, min_paths: int) -> str:
    from PySide6.QtSvg import QSvgRenderer

    root = ET.parse(path).getroot()
    expect(root.tag.rsplit("}", 1)[-1] == "svg", f"root element is <{root.tag}>, not <svg>")
    paths = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "path"]
    expect(len(paths) >= min_paths, f"{len(paths)} <path> elements, expected at least {min_paths}")
    long_paths = [p for p in paths if len(p.get("d", "")) > 200]
    expect(long_paths, "no <path> long enough to be a curve")
    renderer = QSvgRenderer(str(path))
    expect(renderer.isValid(), "Qt's SVG renderer rejects the file")
    size = renderer.defaultSize()
    expect(size.width() > 0 and size.height() > 0, "the SVG has no size")
    return f"{len(paths)} paths, {size.width()}x{size.height()}, {path.stat().st_size // 1024} KiB"


def _csv_values(path: Path) -> tuple[list[str], np.ndarray]:
    """Header and values of a CSV of numbers; fails on a file without data rows."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    expect(len(rows) >= 1 and len(rows[0]) >= 1, "the CSV is empty")
    expect(len(rows) >= 2, "the CSV has no data rows (only a header)")
    header, body = rows[0], rows[1:]
    expect(all(len(r) == len(header) for r in body), "rows and header differ in length")
    values = np.array([[float(v) for v in r] for r in body], dtype=np.float64)
    return header, values


def _check_csv(path: Path, min_rows: int = 1) -> str:
    """Data rows (at least ``min_rows``) whose every field is a finite number."""
    header, values = _csv_values(path)
    expect(values.shape[0] >= min_rows, f"{values.shape[0]} data rows, at least {min_rows} expected")
    expect(bool(np.all(np.isfinite(values))), "the CSV holds non-finite numbers")
    return f"{values.shape[0]} rows x {len(header)} columns, all finite"


def _check_phase_csv(path: Path, panel) -> str:
    """The Phase tab's CSV: the model's grid for what the panel shows, cell for cell (undefined
    values are empty fields there, so it is not a table of numbers only)."""
    from .model import phase as P

    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    expect(len(rows) >= 2, "the CSV has no data rows (only a header)")
    expect(tuple(rows[0]) == P.CSV_HEADER, f"columns {rows[0]}")
    expect(panel.grid is not None, "the panel has no phase diagram")
    fid, _ident, params, w, b, n = panel.grid[0]
    model = P.phase_grid(fid, dict(params), sigma_w2=w, sigma_b2=b, n=n)
    expect(text == model.to_csv(), "the CSV differs from the model's grid")
    return f"{len(rows) - 1} cells, equal to the model's"


def _check_training_csv(path: Path, snapshot) -> str:
    """The training panel's CSV: one row per trained epoch, the model's losses."""
    detail = _check_csv(path, min_rows=1)
    header, values = _csv_values(path)
    history = [r for r in snapshot.history if r.epoch >= 1]
    expect(len(history) >= 1, "the panel trained no epoch")
    expect(values.shape[0] == len(history),
           f"{values.shape[0]} rows for {len(history)} trained epochs")
    expect(header[:2] == ["epoch", "loss"], f"columns {header[:2]}, expected epoch, loss")
    expect(bool(np.array_equal(values[:, 0], [r.epoch for r in history])), "wrong epochs")
    expect(bool(np.allclose(values[:, 1], [r.loss for r in history], rtol=1e-6)),
           "the losses differ from the model's")
    return detail + ", losses equal the model's"


# ---- the checks ------------------------------------------------------------------------------

def _check_resources() -> str:
    from .resources import APP_ICON_SIZES, APP_ICON_SVG, resource_dir, resource_path

    for n in APP_ICON_SIZES:
        resource_path("icons", f"act-explorer-{n}.png")
    resource_path(*APP_ICON_SVG)
    return f"icons {APP_ICON_SIZES[0]}-{APP_ICON_SIZES[-1]} px + SVG in {resource_dir()}"


def _check_platform(app) -> str:
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QImageReader, QImageWriter

    read = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    write = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    expect({"png", "svg"} <= read, f"image formats readable: {sorted(read)}; png and svg needed")
    expect("png" in write, "PNG cannot be written")
    return f"Qt {qVersion()}, platform {app.platformName()}, formats {', '.join(sorted(read))}"


def _check_icon(app) -> str:
    icon = app.windowIcon()
    expect(not icon.isNull(), "the application has no window icon")
    sizes = sorted({s.width() for s in icon.availableSizes()})
    expect(16 in sizes and 256 in sizes, f"icon sizes {sizes}, 16 and 256 expected")
    pix = icon.pixmap(48, 48)
    expect(not pix.isNull(), "the icon does not render at 48 px")
    _not_blank(pix.toImage(), "the icon")
    return f"sizes {sizes}"


def _check_translations() -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    from .resources import resource_dir

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for lang in ("zh_CN",):
        tr = QTranslator()
        expect(tr.load(f"qtbase_{lang}", qt_dir), f"Qt's own {lang} translation is missing in {qt_dir}")
        loaded.append(f"qtbase_{lang}")
    ours = sorted((resource_dir() / "i18n").glob("*.qm")) if (resource_dir() / "i18n").is_dir() else []
    for qm in ours:
        tr = QTranslator()
        expect(tr.load(str(qm)), f"{qm.name} does not load")
        loaded.append(qm.name)
    expect(bool(ours), f"the app's translations (*.qm) are missing in {resource_dir() / 'i18n'}")
    return f"{', '.join(loaded)}; {len(ours)} of the app's"


def _check_formula() -> str:
    from .qt.formula import formula_pixmap

    pix = formula_pixmap(r"\sigma(x) = \frac{1}{1 + e^{-x}}", 18.0, colour="#000000")
    expect(not pix.isNull() and pix.width() > 40, "the formula did not render (ziamath or its font missing?)")
    _not_blank(pix.toImage(), "the formula")
    return f"{pix.width()}x{pix.height()} px"


def _drawn(window, fid: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, f, f') as handed to the plot items for ``fid``, before pyqtgraph clips them to the
    view or downsamples them for the screen."""
    items = getattr(window.curves_panel.plots, "_items", {}).get(fid)
    if items is None or not hasattr(items[0], "getOriginalDataset"):
        return window.curves_panel.plots.curve_data(fid)
    x, f = items[0].getOriginalDataset()
    _, df = items[1].getOriginalDataset()
    return np.asarray(x), np.asarray(f), np.asarray(df)


def _check_family(window, app, family: str, ids: list[str]) -> str:
    from .model import catalogue

    state = window.state
    for fid in ids:
        state.select(fid)
        app.processEvents()
        x, f, df = _drawn(window, fid)
        expect(len(x) > 0, f"{fid}: nothing drawn")
        expect(len(x) == state.points, f"{fid}: {len(x)} points drawn, {state.points} expected")
        expect(bool(np.all(np.isfinite(f)) and np.all(np.isfinite(df))), f"{fid}: non-finite values drawn")
        f_ref, df_ref = catalogue.get(fid).bind(**state.params(fid))
        expect(np.allclose(f, f_ref(x), rtol=1e-12, atol=1e-12), f"{fid}: f drawn differs from the model")
        expect(np.allclose(df, df_ref(x), rtol=1e-12, atol=1e-12), f"{fid}: f' drawn differs from the model")
    return ", ".join(ids)


def _check_typed(window, app) -> str:
    from .model import catalogue

    state = window.state
    act = state.add_typed_function("x * sigmoid(x)")
    try:
        app.processEvents()
        x, f, df = _drawn(window, act.id)
        expect(len(x) > 0 and len(x) == len(f) == len(df), "x*sigmoid(x): nothing drawn")
        f_silu, df_silu = catalogue.get("silu").bind()
        expect(np.allclose(f, f_silu(x), rtol=1e-9, atol=1e-12), "x*sigmoid(x) differs from silu")
        expect(np.allclose(df, df_silu(x), rtol=1e-9, atol=1e-12),
               "the symbolic derivative of x*sigmoid(x) differs from silu'")
    finally:
        state.remove_typed_function(act.id)
        app.processEvents()
    return "x * sigmoid(x) equals silu, f and f'"


PANEL_TIMEOUT_S = 60.0


def _check_panel(window, app, key: str) -> str:
    panel = window.panels[key]
    window.set_tab(key)
    _wait(app, 150)
    expect(window.current_tab() == key, f"the tab shows {window.current_tab()!r}")
    # Panels that compute in the background say when their results are drawn.
    t0 = time.perf_counter()
    if hasattr(panel, "wait_until_ready"):
        expect(bool(panel.wait_until_ready(PANEL_TIMEOUT_S)),
               f"its background work did not finish within {PANEL_TIMEOUT_S:.0f} s")
        _wait(app, 50)
    waited = time.perf_counter() - t0
    expect(panel.isVisible(), "the panel is not visible")
    expect(panel.width() > 100 and panel.height() > 100, f"the panel is {panel.width()}x{panel.height()} px")
    img = panel.grab().toImage()
    expect(not img.isNull(), "the panel cannot be grabbed")
    kind = type(panel).__name__
    if getattr(panel, "export_item", None) is None:
        _not_blank(img, "the panel", min_ink=0.0002)
        return f"{kind}, {img.width()}x{img.height()} px, no plot to export"
    _not_blank(img, "the panel")
    ready = f", ready after {waited:.1f} s" if hasattr(panel, "wait_until_ready") else ""
    return f"{kind}, {img.width()}x{img.height()} px{ready}"


def _check_depth() -> str:
    from .model import depth as D

    t0 = time.perf_counter()
    cfg = D.DepthConfig("tanh", depth=30, width=128, batch=128, init="xavier", seed=0)
    series = D.simulate(cfg).view()
    expect(series.depth == 30 and len(series.grad_rms) == 30,
           f"{len(series.grad_rms)} layers simulated, 30 asked")
    for name in ("grad_rms", "act_rms", "act_mean", "frac_saturated"):
        col = getattr(series, name)
        expect(bool(np.all(np.isfinite(col))), f"{name} has non-finite values")
    expect(abs(series.grad_rms[-1] - 1.0) < 1e-12, "the last layer's gradient is not the reference 1")
    ratio = series.first_to_last
    expect(0.0 < ratio < 1.0, f"tanh/Xavier gradient ratio {ratio:.3g} should vanish, i.e. lie in (0, 1)")
    expect(bool(np.all((series.frac_dead >= 0) & (series.frac_dead <= 1))), "dead fraction outside [0, 1]")
    theory = D.theory(cfg).view()
    expect(bool(np.all(np.isfinite(theory.grad_rms))), "the mean-field gradient has non-finite values")
    ms = 1000 * (time.perf_counter() - t0)
    return (f"tanh, Xavier, 30 layers of 128: gradient at layer 1 = {ratio:.3g} x last "
            f"(theory {theory.first_to_last:.3g}), {ms:.0f} ms")


def _check_training() -> str:
    from .model.datasets import make_dataset
    from .model.training import TrainConfig, Trainer

    t0 = time.perf_counter()
    ds = make_dataset("moons", n_points=300, noise=0.1, test_fraction=0.2, seed=0)
    trainer = Trainer(ds, TrainConfig(hidden=(16, 16), activation="relu", init="he", lr=0.1,
                                      batch_size=32, seed=0))
    loss0 = trainer.history[0].loss
    trainer.step(TRAIN_STEPS)
    snap = trainer.snapshot()
    expect(len(snap.history) > 1, "no epoch completed")
    expect(snap.steps == TRAIN_STEPS, f"{snap.steps} steps taken, {TRAIN_STEPS} asked")
    expect(snap.divergence is None, f"training diverged: {snap.divergence}")
    expect(bool(np.all(np.isfinite(snap.network.params))), "non-finite weights after training")
    losses = np.array([r.loss for r in snap.history])
    expect(bool(np.all(np.isfinite(losses))), "non-finite loss in the history")
    last = snap.history[-1]
    expect(last.loss < loss0, f"the loss did not fall ({loss0:.3f} -> {last.loss:.3f})")
    expect(0.0 <= last.train_acc <= 1.0, f"train accuracy {last.train_acc} outside [0, 1]")
    expect(0 <= last.dead <= 32, f"{last.dead} dead units out of 32")
    ms = 1000 * (time.perf_counter() - t0)
    return (f"ReLU 2-16-16-2 on moons, {TRAIN_STEPS} steps = {snap.epoch} epochs: loss "
            f"{loss0:.3f} -> {last.loss:.3f}, train accuracy {last.train_acc:.0%}, {ms:.0f} ms")


PANEL_EPOCHS = 5


def _train_panel(panel, app, epochs: int = PANEL_EPOCHS) -> str:
    """Train the training tab's network for ``epochs`` epochs on its worker."""
    panel.state.update(epochs=epochs, speed=0)
    expect(bool(panel.start()), "the training panel did not start")
    deadline = time.monotonic() + PANEL_TIMEOUT_S
    while panel.is_busy() and time.monotonic() < deadline:
        _wait(app, 20)
    expect(not panel.is_busy(), f"training {epochs} epochs took more than {PANEL_TIMEOUT_S:.0f} s")
    snap = panel.last_snapshot
    expect(snap is not None and snap.epoch == epochs,
           f"the panel is at epoch {None if snap is None else snap.epoch}, {epochs} asked")
    expect(snap.divergence is None, f"training diverged: {snap.divergence}")
    return f"{epochs} epochs, loss {snap.history[0].loss:.3f} -> {snap.last.loss:.3f}"


def _export(window, key: str, kind: str, folder: Path) -> Path:
    path = folder / f"{key}.{kind}"
    window.export_plot(kind, path, width=PNG_WIDTH if kind == "png" else None, panel=window.panels[key])
    expect(path.is_file() and path.stat().st_size > 0, f"{path.name} was not written")
    return path


# ---- driver ------------------------------------------------------------------------------

def run(out=None) -> int:
    """Run every check, print one line each, return the exit status (0: all passed)."""
    out = out or sys.stdout
    report = _Report(out)
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="act-explorer-selftest-") as tmp:
        folder = Path(tmp)
        # Never read or write the user's settings.
        os.environ.setdefault("ACT_EXPLORER_CONFIG_DIR", str(folder / "config"))
        _run_checks(report, folder)
    total = report.passed + report.failed
    secs = time.perf_counter() - t_start
    verdict = "FAILED" if report.failed else "passed"
    print(f"self-test {verdict}: {total} checks in {secs:.1f} s", file=out, flush=True)
    # The plain closing line CI logs are read by.
    print(f"self-test: {report.passed} passed, {report.failed} failed", file=out, flush=True)
    return 1 if report.failed else 0


def _run_checks(report: _Report, folder: Path) -> None:
    report.check("resources", _check_resources)

    from .app import build_window, create_application

    def start_qt() -> str:
        create_application(headless=True)
        return ""

    if report.check("Qt application", start_qt) is None:
        report.skip_as_failed("main window", "no Qt application")
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    report.check("Qt platform and image formats", lambda: _check_platform(app))
    report.check("application icon", lambda: _check_icon(app))
    report.check("translations", _check_translations)

    holder: dict = {}

    def make_window() -> str:
        w = build_window(persist=False)
        w.resize(1280, 800)
        w.show()
        _wait(app, 100)
        expect(w.isVisible(), "the window is not visible")
        expect(set(w.panels) >= {"curves", "depth", "training", "softmax"},
               f"panels {sorted(w.panels)}")
        holder["w"] = w
        return f"panels: {', '.join(w.panels)}"

    if report.check("main window", make_window) is None:
        for name in ("curves", "panels", "exports"):
            report.skip_as_failed(name, "no main window")
    else:
        window = holder["w"]
        from .model import catalogue

        families: dict[str, list[str]] = {}
        for act in catalogue.CATALOGUE.values():
            if act.family != "custom":
                families.setdefault(act.family, []).append(act.id)
        for fam, ids in families.items():
            report.check(f"curves {fam}", lambda ids=ids, fam=fam: _check_family(window, app, fam, ids))
        report.check("typed function", lambda: _check_typed(window, app))
        # Leave a few curves on for the exports.
        window.state.set_overlays([ids[0] for ids in families.values()][:4])
        window.state.select("relu")
        report.check("formula", _check_formula)

        for key in list(window.panels):
            if report.check(f"panel {key}", lambda key=key: _check_panel(window, app, key)) is None:
                continue
            panel = window.panels[key]
            if getattr(panel, "export_item", None) is None:
                continue
            min_paths = 4 if key == "curves" else 1
            report.check(f"export {key} PNG",
                         lambda key=key: _check_png(_export(window, key, "png", folder), PNG_WIDTH))
            report.check(f"export {key} SVG",
                         lambda key=key, n=min_paths: _check_svg(_export(window, key, "svg", folder), n))
            if callable(getattr(panel, "export_csv", None)):
                if key == "training":
                    if report.check("training panel", lambda: _train_panel(panel, app)) is None:
                        continue
                    report.check(f"export {key} CSV", lambda key=key, panel=panel: _check_training_csv(
                        _export(window, key, "csv", folder), panel.last_snapshot))
                elif key == "phase":
                    report.check(f"export {key} CSV", lambda key=key, panel=panel: _check_phase_csv(
                        _export(window, key, "csv", folder), panel))
                else:
                    report.check(f"export {key} CSV", lambda key=key: _check_csv(
                        _export(window, key, "csv", folder)))

    report.check("depth simulation", _check_depth)
    report.check("training", _check_training)

    if "w" in holder:
        def close() -> str:
            holder["w"].close()
            _wait(app, 50)
            expect(not holder["w"].isVisible(), "the window did not close")
            return ""

        report.check("window closes", close)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv:
        print(f"error: --self-test takes no arguments (got {' '.join(argv)})", file=sys.stderr)
        return 2
    return run()


if __name__ == "__main__":
    raise SystemExit(main())
