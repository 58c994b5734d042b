"""What the lessons, catalogue notes and presets say agrees with the app's own numbers and with
the sources (each test fails on the old text)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from act_explorer.model import catalogue as C
from act_explorer.model import depth as D
from act_explorer.model import lessons as LS
from act_explorer.model import properties as P
from act_explorer.model.linear_baseline import best_line_accuracy, preset_line_accuracy
from act_explorer.model.training import Trainer, TrainConfig
from act_explorer.model.training_state import PRESETS, TrainingState


def body(key, lang="en"):
    return LS.get(key).text(lang)[1]


def notes(fid):
    return C.get(fid).notes


# ---- lessons -----------------------------------------------------------------------------------

def test_every_figure_field_is_filled_and_both_languages_quote_the_same_ones():
    for lesson in LS.LESSONS:
        fields = {lang: set(re.findall(r"\{([a-z0-9_]+)\}", lesson.body[lang])) for lang in LS.LANGUAGES}
        assert fields["en"] == fields["zh_CN"], lesson.key
        for lang in LS.LANGUAGES:
            assert not re.search(r"\{[a-z0-9_]+\}", lesson.text(lang)[1]), (lesson.key, lang)


def test_saturation_counts_nine_slope_factors_and_puts_the_weights_in():
    f = LS.lesson_figures()
    assert f["sig_pow9"] == D.format_ratio(0.25 ** 9) == "3.8e-6"
    he = D.theory(D.DepthConfig("sigmoid", depth=10, init="he")).view(10).first_to_last
    xa = D.theory(D.DepthConfig("sigmoid", depth=10, init="xavier")).view(10).first_to_last
    assert f["sig_he10"] == D.format_ratio(he) and he > 0.25 ** 9      # "more than the slopes' product"
    assert f["sig_xavier10"] == D.format_ratio(xa) == "2.0e-6"
    text = body("saturation")
    assert "nine of them" in text and "even in the best case" not in text
    assert "not a limit on the gradient" in text and "gradient clipping" in text
    assert "九个" in body("saturation", "zh_CN") and "梯度裁剪" in body("saturation", "zh_CN")


def test_identity_lesson_and_preset_quote_the_computed_best_line():
    acc = preset_line_accuracy("linear_vs_relu")
    s = TrainingState()
    s.apply_preset("linear_vs_relu")
    ds = s.make_dataset()
    # the search is exact enough: a much finer one finds the same line
    assert acc == best_line_accuracy(ds.x_train, ds.y_train, n_angles=20000, refine=2)
    # the identity network trained by the app does not beat the best line
    tr = Trainer(ds, TrainConfig(hidden=(16, 16), activation="linear", init="he", lr=0.1, seed=s.seed))
    for _ in range(60):
        tr.run_epoch()
    assert tr.snapshot().last.train_acc <= acc + 1e-12
    assert acc - tr.snapshot().last.train_acc < 0.03
    shown = f"{100 * acc:.1f}%"
    assert shown in body("nonlinearity") and shown in body("nonlinearity", "zh_CN")
    assert "85%" not in body("nonlinearity")
    desc = PRESETS["linear_vs_relu"].describe()
    assert shown in desc and "about 90%" not in desc
    assert "compact set" in body("nonlinearity") and "bounded region (the" not in body("nonlinearity")
    assert "ReLU(−1) + ReLU(1) = 1" in body("nonlinearity")


def test_zero_centred_lesson_is_per_example_and_elu_is_not_zero_centred():
    text = body("zero_centred")
    assert "for any one example" in text and "minibatch" in text
    assert "nearly, ELU" not in text
    elu = P.analyse_activation(C.get("elu"))
    assert not elu.zero_centred and f"E[ELU(z)] = {elu.mean_f:.2f}" in text
    assert "下一层" not in body("zero_centred", "zh_CN") and "前一层" in body("zero_centred", "zh_CN")


def test_dead_relu_lesson_teaches_revival_and_tiny_not_zero_gradients():
    text = body("dead_relu")
    assert "never changes again" not in text and "come back" in text and "first hidden layer" in text
    d6 = float(C.get("gelu").df([-6.0])[0])
    assert -5e-8 < d6 < -3e-8 and LS.lesson_figures()["gelu_d6"] == f"−{D.format_ratio(-d6)}"
    assert "always keep a little gradient" not in text
    assert "复活" in body("dead_relu", "zh_CN")


def test_relu_story_table_and_citations():
    text = body("relu_story")
    for name, vals in LS.GLOROT_2011["rows"]:
        for v in vals:
            assert f"{v:.2f}" in text
    assert "<table" in text and "lowest on 4 of 4" in text
    refs = " ".join(LS.get("relu_story").references)
    assert "Dayan & Abbott, Theoretical Neuroscience" in refs and "2001" in refs
    assert "Deep sparse rectifier neural networks, AISTATS 2011" in refs
    assert "ImageNet classification with deep convolutional neural networks, 2012" in refs
    assert "six times faster" in text and "25% training error on CIFAR-10" in text
    assert "subgradient" in text and "1–4%" in text and "limits" in text
    zh = body("relu_story", "zh_CN")
    assert "次梯度" in zh and "单侧抑制" in zh and "<table" in zh


def test_choosing_lesson_names_maxout_and_recurrent_gates():
    text = body("choosing")
    assert "leaky ReLU (or PReLU) or maxout" in text and "LSTM" in text and "GRU" in text
    refs = LS.get("choosing").references
    assert "Hochreiter & Schmidhuber, Long short-term memory, 1997" in refs
    assert any(r.startswith("Cho et al., Learning phrase representations") and r.endswith("2014") for r in refs)
    assert any(r.startswith("Goodfellow, Warde-Farley") and "Maxout networks, 2013" in r for r in refs)
    assert "K 选 1" not in body("choosing", "zh_CN")


def test_relu_growth_says_the_variance_halves():
    text = body("relu_growth")
    assert "variance halves" in text and "√½ ≈ 0.71" in text
    assert D.fixed_point("relu", sigma_w2=1.0).chi_star == pytest.approx(0.5)


@pytest.mark.parametrize("bad", ["掰弯", "神经元会死亡", "二分类器至今仍以它结尾", "杀死网络的一大部分",
                                 "K 选 1 的分类", "使用 Sigmoid 和 Xavier 初始化时"])
def test_chinese_lessons_avoid_the_old_phrases(bad):
    for lesson in LS.LESSONS:
        assert bad not in lesson.body["zh_CN"]


# ---- catalogue notes ----------------------------------------------------------------------------

def test_gelu_notes():
    assert "default in Transformers" not in notes("gelu") and "BERT and the GPT family" in notes("gelu")
    x = np.linspace(-10, 10, 200001)
    diff = np.abs(C.get("gelu").f(x) - C.get("gelu_tanh").f(x))
    assert diff.max() < 5e-4 and abs(x[np.argmax(diff)]) == pytest.approx(2.70, abs=0.01)
    assert "first BERT release used the exact erf form" in notes("gelu_tanh")
    assert "used by the original BERT" not in notes("gelu_tanh")


def test_silu_history_and_references():
    n = notes("silu")
    assert "Found by automated search to beat" not in n
    assert "Hendrycks & Gimpel named it SiLU (2016)" in n and "as Swish, by automated search" in n
    refs = C.get("silu").references
    assert ("Elfwing, Uchibe & Doya, Sigmoid-weighted linear units for neural network function "
            "approximation in reinforcement learning, 2017") in refs
    assert any(r.startswith("Hendrycks & Gimpel") for r in refs)


def test_relu_note_needs_he_init_and_only_first_layer_units_stay_dead():
    n = notes("relu")
    assert "pass back unchanged" not in n and "dead for good" not in n
    assert "He initialisation it does" in n and "stays dead" in n and "come back" in n
    xavier = D.theory(D.DepthConfig("relu", depth=30, init="xavier")).view(30).first_to_last
    tanh = D.theory(D.DepthConfig("tanh", depth=30, init="xavier")).view(30).first_to_last
    assert xavier < 1e-4 < tanh           # ReLU/Xavier loses more than tanh/Xavier


def test_sigmoid_note_puts_the_weights_in_and_prelu_note_names_the_human_estimate():
    n = notes("sigmoid")
    assert "0.25^10" not in n and "and by the weights as well" in n and "for any one example" in n
    p = notes("prelu")
    assert "beat human accuracy" not in p and "5.1% estimated for a single human annotator" in p


def test_selu_note_reconciles_self_normalisation_with_chi():
    fp = D.fixed_point("selu", sigma_w2=1.0)
    assert fp.q_star == pytest.approx(1.0, abs=1e-6) and 1.0 < fp.chi_star < 1.1
    assert "slightly above 1" in notes("selu") and "not the gradient" in notes("selu")


# ---- presets ----------------------------------------------------------------------------------

def test_dying_relu_preset_says_deeper_units_can_come_back():
    d = PRESETS["dying_relu"].describe()
    assert "they get no gradient again" not in d and "can come back" in d
    assert "Xavier init" in PRESETS["deep_sigmoid"].describe()
