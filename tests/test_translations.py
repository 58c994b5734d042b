"""The Simplified Chinese translation is complete, consistent and compiled from its source."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "act_explorer_zh_CN.ts"
QM = ROOT / "act_explorer" / "resources" / "i18n" / "act_explorer_zh_CN.qm"


def _messages():
    root = ET.parse(TS).getroot()
    for ctx in root.findall("context"):
        name = ctx.findtext("name")
        for m in ctx.findall("message"):
            yield name, m.findtext("source"), m.find("translation")


def test_every_source_string_has_a_chinese_translation():
    missing = [(c, s) for c, s, t in _messages()
               if t.get("type") in ("unfinished", "obsolete", "vanished") or not (t.text or "").strip()]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert sum(1 for _ in _messages()) > 400


def test_translations_keep_every_placeholder():
    field = re.compile(r"\{[a-z_]*(?::[^}]*)?\}")
    bad = [(c, s) for c, s, t in _messages() if sorted(field.findall(s)) != sorted(field.findall(t.text or ""))]
    assert not bad, bad[:5]


def test_ts_matches_the_sources_and_qm_is_not_stale():
    res = subprocess.run([sys.executable, str(ROOT / "packaging" / "translations.py"), "--check"],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert QM.stat().st_size > 10_000


def test_the_window_speaks_chinese(qtbot):
    from PySide6.QtWidgets import QApplication

    from act_explorer.app import create_application
    from act_explorer.qt import i18n
    from act_explorer.qt.main_window import MainWindow

    app = create_application(headless=True)
    try:
        assert i18n.install(app, "zh_CN") == "zh_CN"
        w = MainWindow(persist=False)
        qtbot.addWidget(w)
        titles = [w.tabs.tabText(i) for i in range(w.tabs.count())]
        assert titles[:4] == ["曲线", "深度", "相图", "训练"]
        assert w.function_list.item("linear").text(0) == "线性（恒等）"
        w.state.select("relu")
        assert "隐藏层的默认激活函数" in w.curves_panel.card.notes.text()
        w.close()
    finally:
        i18n.install(QApplication.instance(), "en")
