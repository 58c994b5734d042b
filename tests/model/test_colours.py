"""Distinct colours for functions shown together: CIEDE2000, colour-blind simulation, WCAG."""

import itertools
import random

import pytest

from act_explorer.model import catalogue, colours
from act_explorer.model.colours import (
    DISTINCT_UP_TO, MIN_DELTA_E, MIN_DELTA_E_CVD, PALETTE, assign, contrast_ratio, delta_e2000,
    delta_e2000_lab, distance, simulate_cvd,
)
from act_explorer.model.curves import CurvesState, colour_for


# Sharma, Wu & Dalal (2005), Table 1: pairs 1, 2, 7, 17, 25 with their ΔE00.
@pytest.mark.parametrize("lab1, lab2, expected", [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
])
def test_ciede2000_matches_sharma_reference_data(lab1, lab2, expected):
    assert delta_e2000_lab(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e2000_lab(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_wcag_contrast_and_cvd_simulation_basics():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    for kind in colours.CVD_KINDS:          # greys are seen as greys
        assert delta_e2000(simulate_cvd("#808080", kind), "#808080") < 1.0
    # red and green, far apart normally, collapse with deuteranopia
    assert delta_e2000("#D00000", "#00A000") > 60
    assert delta_e2000(simulate_cvd("#D00000", "deuteranopia"),
                       simulate_cvd("#00A000", "deuteranopia")) < 25


def _check_distinct(cs):
    for a, b in itertools.combinations(cs, 2):
        de, cvd = distance(a, b)
        assert de >= MIN_DELTA_E, (a, b, de)
        assert cvd >= MIN_DELTA_E_CVD, (a, b, cvd)


def test_first_picks_are_okabe_ito_and_distinct_for_colour_blind_users():
    assert PALETTE[:6] == ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
    first = list(assign((str(i), PALETTE[0]) for i in range(DISTINCT_UP_TO)).values())
    assert len(set(first)) == DISTINCT_UP_TO
    _check_distinct(first)


def test_any_functions_shown_together_get_distinct_colours():
    ids = [a.id for a in catalogue.CATALOGUE.values() if a.family != "custom"]
    for pair in itertools.combinations(ids, 2):
        _check_distinct(assign((f, colour_for(f)) for f in pair).values())
    for triple in itertools.combinations(ids, 3):
        _check_distinct(assign((f, colour_for(f)) for f in triple).values())
    rng = random.Random(13)
    for _ in range(300):
        group = rng.sample(ids + ["custom:a", "custom:b", "custom:x_sigmoid_1_5_x_b180d5"],
                           DISTINCT_UP_TO)
        _check_distinct(assign((f, colour_for(f)) for f in group).values())


def test_state_separates_tanh_and_leaky_relu_but_keeps_a_lone_functions_colour():
    st = CurvesState(current="leaky_relu")
    assert st.colour_map() == {"leaky_relu": colour_for("leaky_relu")}
    st.set_overlays(["tanh"])
    cmap = st.colour_map()
    assert cmap["tanh"] == colour_for("tanh")            # checked first: keeps its colour
    assert distance(colour_for("tanh"), colour_for("leaky_relu"))[0] < MIN_DELTA_E
    assert cmap["leaky_relu"] != colour_for("leaky_relu")
    _check_distinct(cmap.values())
    assert [c.colour for c in st.curves()] == [cmap["tanh"], cmap["leaky_relu"]]
    assert [r[2] for r in st.readout(0.5)] == [cmap["tanh"], cmap["leaky_relu"]]


def test_typed_function_does_not_take_relus_pink():
    st = CurvesState(current="relu")
    act = st.add_typed_function("x*sigmoid(1.5*x)")
    try:
        st.set_overlays(["relu"])
        _check_distinct(st.colour_map().values())
    finally:
        st.remove_typed_function(act.id)
