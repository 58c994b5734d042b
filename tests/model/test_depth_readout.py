"""The depth readout says which quantity each figure is about, and gets the figures right
(act_explorer.model.depth_readout)."""

from __future__ import annotations

import math

import pytest

from act_explorer.model import depth as D
from act_explorer.model.depth import readouts as R
from act_explorer.model.depth_state import EXTRA_COLUMNS


def lines_for(fid, init, L, sigma_w=None, sim=True, width=256):
    cfg = D.DepthConfig(fid, depth=L, init=init, sigma_w=sigma_w, width=width, batch=256)
    th = D.theory(cfg)
    s = D.simulate(cfg, max_df=th.max_df).view(L) if sim else None
    return th, {r.key: r for r in R.readout_lines(th, L, s)}


@pytest.mark.parametrize("fid, init, sw, xi2, key", [
    ("tanh", "he", None, "19.9", "mf_exploding"),       # ξ = 9.97: the RMS grows e-fold every 19.9
    ("relu", "custom", 2.0, "2.9", "mf_exploding"),     # ξ = 1/ln 2 = 1.44
    ("selu", "lecun", None, "28.9", "mf_exploding"),    # ξ = 14.5
    ("sigmoid", "xavier", None, "0.69", "mf_vanishing"),
    ("relu", "xavier", None, "2.9", "mf_vanishing"),
])
def test_rms_depth_scale_is_twice_the_variance_one(fid, init, sw, xi2, key):
    th, lines = lines_for(fid, init, 30, sw, sim=False)
    fp = th.fixed_point
    mf = lines[key]
    assert mf.values["xi2"] == xi2
    assert float(mf.values["xi2"]) == pytest.approx(2 * fp.xi, rel=0.02)
    # Each figure names its quantity: ξ is the variance's scale, 2ξ the RMS's.
    assert f"RMS {'grows' if 'expl' in key else 'falls'} e-fold every 2ξ = {xi2} layers" in mf.text
    assert "depth scale of the variance" in mf.text
    # The old sentence put ξ beside the RMS ("growing e-fold every 10.0 layers").
    assert "growing e-fold every" not in mf.text


def test_sqrt_chi_is_shown_beside_chi_and_tied_to_the_quarter_slope():
    th, lines = lines_for("sigmoid", "xavier", 10, sim=False)
    chi = th.fixed_point.chi_star
    assert chi == pytest.approx(0.0557, abs=5e-5)
    mf = lines["mf_vanishing"]
    assert mf.values["chi"] == "0.0557" and mf.values["sqrt_chi"] == "0.236"
    sf = lines["slope_factor"]
    sw, rms = R.slope_factor(th)
    assert sw * rms == pytest.approx(math.sqrt(chi), rel=1e-12)
    assert sf.values == {"sigma_w": "1", "rms_df": "0.236", "max_df": "0.25"}
    assert "at most max|f′| = 0.25 per layer" in sf.text and "σ_w" in sf.text
    # With He init the weights' factor shows: sqrt(2) x 0.225.
    _, he = lines_for("sigmoid", "he", 10, sim=False)
    assert he["slope_factor"].values["sigma_w"] == "1.41"


@pytest.mark.parametrize("fid, init, sw, L", [
    ("sigmoid", "he", None, 10),     # 2.8e-5 measured against 3.8e-6
    ("tanh", "he", None, 30),        # 2.9 against 1
    ("tanh", "custom", 3.0, 30),     # 7.3e3 against 1
])
def test_the_product_of_max_slopes_is_not_called_a_bound_and_is_exceeded(fid, init, sw, L):
    th, lines = lines_for(fid, init, L, sw)
    cfg = th.config
    sim = D.simulate(cfg, max_df=th.max_df).view(L)
    assert sim.log10_first_to_last > sim.log10_slope_product[0]     # the "bound" does not bound
    r = lines["slopes_exceeded"]
    assert "product of the largest slopes" in r.text and "not the gradient" in r.text
    assert "bound" not in r.text.replace("bounds only the product of the slopes", "")
    assert "naive" not in " ".join(R.READOUT_TEMPLATES.values())
    assert "naive_bound" not in EXTRA_COLUMNS and "max_slope_product" in EXTRA_COLUMNS


def test_degenerate_fixed_points_are_named_not_printed():
    # tanh / Xavier: q* = 0 reached as a power of depth, not 3.6e-17.
    th, lines = lines_for("tanh", "xavier", 30)
    fate = R.forward_fate(th)
    assert (fate.kind, fate.pace) == ("zero", "power")
    q = lines["q_zero_power"]
    assert q.values["q_last"] == R._num(float(th.q[29])) and 0.01 < th.q[29] < 0.03
    assert "e-17" not in " ".join(r.text for r in lines.values())
    assert "power of depth" in q.text and float(q.values["chi_last"]) < 1
    assert lines["measured"].values["ratio"] in ("0.15", "0.16")
    # ELU / He: no finite fixed point (not q* = 5.5e+15); q grows slowly.
    th, lines = lines_for("elu", "he", 30)
    fate = R.forward_fate(th)
    assert (fate.kind, fate.pace) == ("infinite", "power")
    assert "no finite fixed point" in lines["q_inf_power"].text
    assert "e+15" not in " ".join(r.text for r in lines.values())
    # ReLU: geometric cases, rate sigma_w^2 / 2.
    th, lines = lines_for("relu", "custom", 30, 2.0, sim=False)
    assert R.forward_fate(th) == R.ForwardFate("infinite", "geometric", pytest.approx(2.0))
    th, lines = lines_for("relu", "xavier", 30, sim=False)
    assert R.forward_fate(th) == R.ForwardFate("zero", "geometric", pytest.approx(0.5))
    assert lines["q_zero_geometric"].values["rate"] == "0.5"
    # A real fixed point keeps its number, and the sentence reconciles SELU's normalisation.
    th, lines = lines_for("selu", "lecun", 30, sim=False)
    assert R.forward_fate(th).kind == "finite" and lines["q_finite"].values["q"] == "1"
    assert "self-normalisation" in lines["q_finite"].text and "not of the gradient" in lines["q_finite"].text
    assert th.fixed_point.chi_star == pytest.approx(1.0716, abs=1e-3)


def test_no_sentence_reads_receives_one_of_the_gradient():
    _, lines = lines_for("relu", "he", 30)
    text = lines["measured"].text
    assert "of the gradient" not in text and "× the last layer's" in text


def test_cli_prints_the_readout(tmp_path, capsys):
    from act_explorer.cli import main

    out = tmp_path / "d.csv"
    assert main(["depth", "tanh", "--init", "he", "--layers", "30", "-o", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    th, lines = lines_for("tanh", "he", 30)
    assert printed == [r.text for r in R.readout_lines(
        th, 30, D.simulate(th.config, max_df=th.max_df).view(30))]
    assert any("2ξ = 19.9 layers" in p for p in printed)
    assert out.read_text().splitlines()[0] == ",".join(D.CSV_HEADER)     # the CSV still goes to -o
    assert main(["depth", "elu", "--init", "he", "--layers", "30", "--mode", "theory",
                 "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "in the mean-field theory" in printed and "no finite fixed point" in printed
