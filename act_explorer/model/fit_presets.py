"""The Fit view's lessons: a data set, one or two networks, and what to look for.

Each :class:`FitPreset` carries its own English and Simplified Chinese text (the later Fit tab
only shows it) and the settings that reproduce it: :meth:`FitPreset.data` builds the points,
:meth:`FitPreset.configs` the networks (same data, same seed, one per run), ``epochs`` how long
to train.  Every sentence of a text is checked by ``tests/model/test_fit_presets.py``, which
trains the preset and asserts what the sentence claims.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from .fit import FitConfig, FitData, make_data

__all__ = ["FitPreset", "FIT_PRESETS", "get"]


@dataclass(frozen=True)
class FitPreset:
    key: str
    title: Mapping[str, str]
    text: Mapping[str, str]
    data_values: Mapping[str, Any]
    runs: tuple[tuple[str, Mapping[str, Any]], ...]  # (label, FitConfig fields)
    epochs: int = 3000
    references: tuple[str, ...] = field(default_factory=tuple)

    def data(self) -> FitData:
        return make_data(**dict(self.data_values))

    def configs(self) -> list[tuple[str, FitConfig]]:
        return [(label, FitConfig(**dict(values)).validate()) for label, values in self.runs]

    def texts(self, lang: str) -> tuple[str, str]:
        lang = lang if lang in self.title else "en"
        return self.title[lang], self.text[lang]


def _run(label: str, activation: str, hidden: int, **values: Any) -> tuple[str, Mapping[str, Any]]:
    base = {"activation": activation, "hidden": (hidden,), "init": "he", "optimizer": "adam",
            "lr": 0.01, "seed": 0}
    base.update(values)
    return label, base


FIT_PRESETS: dict[str, FitPreset] = {p.key: p for p in (
    FitPreset(
        "relu_polygon_abs",
        {"en": "ReLU builds a polygon: |x| from two units",
         "zh_CN": "ReLU 拼出折线：两个神经元拼出 |x|"},
        {"en": "<p>Each ReLU unit adds a hinge v·relu(wx + b) to the fit, bent at x = −b/w. "
               "Two hinges are enough for |x| = relu(x) + relu(−x): after training both bend "
               "near x = 0, the fit is a polygon of at most 3 linear pieces (H + 1 for H = 2 "
               "units) and its error is close to 0.</p>",
         "zh_CN": "<p>每个 ReLU 神经元给拟合加上一个“折角” v·relu(wx + b)，折点在 x = −b/w。"
                  "两个折角就足以拼出 |x| = relu(x) + relu(−x)：训练后两个折点都落在 x = 0 附近，"
                  "拟合曲线是一条最多 3 段的折线（H = 2 个神经元时为 H + 1 段），误差接近 0。</p>"},
        {"target": "abs", "x_range": (-1.0, 1.0), "points": 200},
        (_run("ReLU ×2", "relu", 2),),
    ),
    FitPreset(
        "relu_polygon_sin",
        {"en": "ReLU builds a polygon: a sine from eight units",
         "zh_CN": "ReLU 拼出折线：八个神经元拼出正弦"},
        {"en": "<p>Eight ReLU hinges give a fit of at most 9 straight pieces. After training "
               "every kink (marked on the x axis) lies inside the data range, where the pieces "
               "are needed, and the polygon follows the curve closely.</p>",
         "zh_CN": "<p>八个 ReLU 折角最多拼出 9 段直线。训练之后，每个折点（标在 x 轴上）都落在数据范围之内，"
                  "也就是需要折线的地方，折线便紧贴着曲线。</p>"},
        {"target": "sin", "x_range": (-math.pi, math.pi), "points": 200},
        (_run("ReLU ×8", "relu", 8),),
    ),
    FitPreset(
        "tanh_steps",
        {"en": "tanh builds steps", "zh_CN": "tanh 拼出台阶"},
        {"en": "<p>A tanh unit v·tanh(wx + b) is a smooth step of height 2|v| centred at "
               "x = −b/w; the larger |w|, the steeper it is. To build the jump of the step "
               "target, training makes the unit with the largest output weight steep and "
               "moves its centre to the jump at x = 0.</p>",
         "zh_CN": "<p>一个 tanh 神经元 v·tanh(wx + b) 是一级平滑的台阶，高度 2|v|，中心在 x = −b/w；"
                  "|w| 越大，台阶越陡。为了拼出阶跃目标的跳变，训练会让输出权重最大的那个神经元变得很陡，"
                  "并把它的中心移到跳变处 x = 0。</p>"},
        {"target": "step", "x_range": (-2.0, 2.0), "points": 200},
        (_run("tanh ×4", "tanh", 4),),
    ),
    FitPreset(
        "extrapolation",
        {"en": "Extrapolation: ReLU vs tanh", "zh_CN": "外推：ReLU 与 tanh"},
        {"en": "<p>Both networks learn |x| on [−1, 1]; the view extends half the data range "
               "beyond each side. Outside its outermost kinks the ReLU fit is exactly straight, "
               "so here it continues |x| almost perfectly. The tanh units saturate away from "
               "their centres, so the tanh fit levels off and misses |x| outside the data.</p>",
         "zh_CN": "<p>两个网络都在 [−1, 1] 上学习 |x|；视图在数据范围两侧各多显示一半的宽度。"
                  "在最外侧的折点之外，ReLU 拟合严格是直线，因此这里几乎完美地延续了 |x|。"
                  "tanh 神经元离开中心后进入饱和，所以 tanh 拟合在数据之外逐渐变平，偏离了 |x|。</p>"},
        {"target": "abs", "x_range": (-1.0, 1.0), "points": 200},
        (_run("ReLU ×8", "relu", 8), _run("tanh ×8", "tanh", 8)),
    ),
    FitPreset(
        "too_few_units",
        {"en": "Too few units", "zh_CN": "神经元太少"},
        {"en": "<p>Two periods of a sine need several bends. Two tanh units give at most two "
               "smooth steps and cannot follow them: their loss stays more than a hundred times "
               "higher than that of sixteen units trained the same way.</p>",
         "zh_CN": "<p>两个周期的正弦需要拐好几个弯。两个 tanh 神经元最多给出两级平滑台阶，跟不上它："
                  "它们的损失比同样训练的十六个神经元高出一百倍以上。</p>"},
        {"target": "sin", "x_range": (-2.0 * math.pi, 2.0 * math.pi), "points": 200},
        (_run("tanh ×2", "tanh", 2), _run("tanh ×16", "tanh", 16)),
    ),
    FitPreset(
        "dead_units",
        {"en": "Dead units waste capacity", "zh_CN": "死亡神经元浪费容量"},
        {"en": "<p>The same 16 ReLU units trained with plain SGD at two learning rates. At 0.2 "
               "the large early steps push at least a quarter of the units to wx + b ≤ 0 for "
               "every data point: they output 0, get no gradient and stay dead (greyed). "
               "The units left fit the sine worse than all 16 do at a learning rate of 0.05.</p>",
         "zh_CN": "<p>同样的 16 个 ReLU 神经元，用普通 SGD 以两种学习率训练。学习率为 0.2 时，"
                  "开始阶段的大步更新把至少四分之一的神经元推到对所有数据点都有 wx + b ≤ 0 的地方："
                  "它们输出 0、得不到梯度，成为死亡神经元（灰色显示）。剩下的神经元对正弦的拟合，"
                  "比学习率 0.05 时全部 16 个神经元的拟合更差。</p>"},
        {"target": "sin", "x_range": (-math.pi, math.pi), "points": 200},
        (_run("lr 0.2", "relu", 16, optimizer="sgd", lr=0.2),
         _run("lr 0.05", "relu", 16, optimizer="sgd", lr=0.05)),
        epochs=2000,
    ),
    FitPreset(
        "smooth_vs_piecewise",
        {"en": "Smooth vs piecewise: GELU and ReLU on x²", "zh_CN": "平滑与分段：GELU 与 ReLU 拟合 x²"},
        {"en": "<p>With eight units each, ReLU builds x² from at most 9 straight pieces: its fit "
               "has no curvature between the kinks. GELU units are soft hinges, so the GELU fit "
               "curves upwards everywhere in the data range, like x², and here it reaches a "
               "lower loss.</p>",
         "zh_CN": "<p>各用八个神经元时，ReLU 用最多 9 段直线拼出 x²：折点之间拟合没有弯曲。"
                  "GELU 神经元是“柔和的折角”，所以 GELU 拟合在整个数据范围内都向上弯曲，像 x² 一样，"
                  "这里它的损失也更低。</p>"},
        {"target": "square", "x_range": (-2.0, 2.0), "points": 200},
        (_run("ReLU ×8", "relu", 8), _run("GELU ×8", "gelu", 8)),
    ),
)}


def get(key: str) -> FitPreset:
    try:
        return FIT_PRESETS[key]
    except KeyError:
        raise KeyError(f"unknown fit preset {key!r}; use one of {', '.join(FIT_PRESETS)}") from None
