"""The Chinese translation uses the study notes' terms and keeps directions (no translationese)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "act_explorer_zh_CN.ts"


def translations() -> dict[str, str]:
    out = {}
    for m in ET.parse(TS).getroot().iter("message"):
        out[m.findtext("source")] = m.findtext("translation") or ""
    return out


def test_phrases_flagged_in_review_are_gone():
    tr = translations()
    text = "\n".join(tr.values())
    for bad in ("下一层", "温度 T 去除 logit", "掰弯", "神经元会死亡", "二分类器至今仍以它结尾",
                "杀死网络的一大部分", "K 选 1", "使用 {function} 和 {init} 初始化时", "朴素上界",
                "超过 {at} 后"):
        assert bad not in text, bad
    assert tr["Units can die"] == "神经元可能死亡"
    assert tr["hard (f′ = 0 for x < {at})"] == "硬饱和（x < {at} 时 f′ = 0）"
    assert tr["hard (f′ = 0 for x > {at})"] == "硬饱和（x > {at} 时 f′ = 0）"
    assert any("logit 除以温度 T" in v for v in tr.values())
    assert all(v.startswith("激活函数为 {function}、采用 {init} 初始化时") for k, v in tr.items()
               if k.startswith("With {function} and {init} init"))


def test_depth_readout_is_translated_with_its_quantities():
    from act_explorer.model.depth_readout import READOUT_TEMPLATES

    tr = translations()
    for key, template in READOUT_TEMPLATES.items():
        zh = tr[template]
        assert zh and zh != template, key
        if "2ξ" in template:
            assert "2ξ" in zh and "方差的深度尺度" in zh
        if "product of the largest slopes" in template:
            assert "最大斜率之积" in zh and "不是梯度的上界" in zh
