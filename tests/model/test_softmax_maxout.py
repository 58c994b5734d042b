import numpy as np
import pytest

from act_explorer.model import catalogue as C
from act_explorer.model.catalogue import ParamError
from act_explorer.model.maxout import Maxout, preset
from act_explorer.model.softmax import (
    cross_entropy, jacobian, log_softmax, softmax, two_class_curve, validate_logits,
)


def test_slides_example():
    np.testing.assert_allclose(softmax([2.0, 1.0, 0.1]), [0.6590, 0.2424, 0.0986], atol=5e-5)


def test_stable_for_huge_logits():
    with np.errstate(all="raise"):
        p = softmax([1000.0, 1001.0])
    np.testing.assert_allclose(p, [1 / (1 + np.e), np.e / (1 + np.e)], rtol=1e-12)
    assert np.isfinite(log_softmax([1000.0, -1000.0])).all()


def test_two_class_softmax_is_the_sigmoid():
    x = np.linspace(-50, 50, 1001)
    np.testing.assert_allclose(two_class_curve(x), C.get("sigmoid").f(x), rtol=1e-12, atol=1e-300)


def test_jacobian_matches_finite_differences_and_rows_sum_to_zero():
    z = np.array([0.3, -1.2, 2.0, 0.5])
    J = jacobian(softmax(z))
    h = 1e-6
    num = np.stack([(softmax(z + h * e) - softmax(z - h * e)) / (2 * h) for e in np.eye(4)], axis=1)
    np.testing.assert_allclose(J, num, atol=1e-9)
    np.testing.assert_allclose(J.sum(axis=0), 0, atol=1e-15)


def test_temperature_sharpens_and_flattens():
    z = [2.0, 1.0, 0.1]
    assert softmax(z, 0.1)[0] > 0.99
    assert np.ptp(softmax(z, 100.0)) < 0.01
    with pytest.raises(ParamError):
        softmax(z, 0.0)


def test_axis_is_explicit():
    z = np.array([[1.0, 2.0], [3.0, 5.0]])
    np.testing.assert_allclose(softmax(z, axis=0).sum(axis=0), 1)
    np.testing.assert_allclose(softmax(z, axis=1).sum(axis=1), 1)


def test_cross_entropy_gradient_is_p_minus_onehot():
    z = np.array([0.2, 1.5, -0.3])
    h = 1e-6
    grad = [(cross_entropy(z + h * e, 1) - cross_entropy(z - h * e, 1)) / (2 * h) for e in np.eye(3)]
    np.testing.assert_allclose(grad, softmax(z) - np.eye(3)[1], atol=1e-8)


def test_logit_validation():
    with pytest.raises(ParamError, match="between 2 and 10"):
        validate_logits([1.0])
    with pytest.raises(ParamError, match="finite"):
        validate_logits([1.0, np.nan])


def test_maxout_presets_reproduce_relu_leaky_and_abs():
    x = np.linspace(-5, 5, 1001)
    for name, fid in (("relu", "relu"), ("leaky_relu", "leaky_relu")):
        m = preset(name)
        np.testing.assert_array_equal(m.f(x), C.get(fid).f(x))
        np.testing.assert_array_equal(m.df(x), C.get(fid).df(x))  # incl. PyTorch's choice at 0
    a = preset("abs")
    np.testing.assert_array_equal(a.f(x), np.abs(x))
    assert a.kinks() == [0.0]
    assert preset("relu").weight_multiplier() == 2


def test_maxout_winning_slope_and_validation():
    m = Maxout((-1.0, 0.5, 2.0), (0.0, 1.0, -2.0))
    x = np.array([-3.0, 0.0, 5.0])
    np.testing.assert_array_equal(m.df(x), [-1.0, 0.5, 2.0])
    with pytest.raises(ParamError):
        Maxout((1.0,), (0.0,))
    with pytest.raises(ParamError):
        Maxout((1.0, float("nan")), (0.0, 0.0))


def test_softmax_state_updates_atomically_and_names_what_changed():
    from act_explorer.model.softmax import SoftmaxState

    st = SoftmaxState()
    seen = []
    st.changed.connect(seen.append)
    assert st.update(logits=[1, 2], temperature=2) == frozenset({"logits", "temperature"})
    assert seen == [frozenset({"logits", "temperature"})]
    np.testing.assert_array_equal(st.probabilities(), softmax([1.0, 2.0], 2.0))
    with pytest.raises(ParamError, match="between 2 and 10 logits"):
        st.update(logits=[1.0], temperature=3.0)        # one bad value: nothing changes
    assert st.temperature == 2.0 and list(st.logits) == [1.0, 2.0] and len(seen) == 1
    with pytest.raises(ParamError, match="temperature must be in"):
        st.set_temperature(0.0)
    st.set_logits([1.0, 2.0])                           # the same values: no signal
    assert len(seen) == 1


def test_softmax_state_dicts_strict_and_lenient():
    from act_explorer.model.softmax import SoftmaxState

    st = SoftmaxState()
    assert st.to_dict() == {"logits": [2.0, 1.0, 0.1], "temperature": 1.0}
    assert SoftmaxState.from_dict({"logits": [0.5, 3.0], "temperature": 2.0}).to_dict() == {
        "logits": [0.5, 3.0], "temperature": 2.0}
    with pytest.raises(ParamError, match="unknown setting 'colour'"):
        st.update_from_dict({"temperature": 2.0, "colour": "red"}, strict=True)
    with pytest.raises(ParamError, match="finite"):
        st.update_from_dict({"logits": [1.0, float("nan")]}, strict=True)
    assert st.to_dict() == SoftmaxState().to_dict()     # strict: nothing applied
    skipped = st.update_from_dict({"temperature": 4.0, "colour": "red", "logits": [1.0]})
    assert st.temperature == 4.0 and list(st.logits) == [2.0, 1.0, 0.1]
    assert len(skipped) == 2 and "unknown setting 'colour'" in skipped[0]
    st.reset_to_defaults()
    assert st.to_dict() == SoftmaxState().to_dict()


def test_maxout_state_checks_the_pieces_together():
    from act_explorer.model.maxout import MaxoutState

    st = MaxoutState()
    seen = []
    st.changed.connect(seen.append)
    assert st.to_dict() == {"slopes": [0.0, 1.0], "intercepts": [0.0, 0.0]}
    with pytest.raises(ParamError, match="one intercept per slope"):
        st.set_pieces([1.0, 2.0, 3.0], [0.0, 0.0])
    with pytest.raises(ParamError, match="2 to 6 pieces"):
        st.update_from_dict({"slopes": [1.0] * 7, "intercepts": [0.0] * 7}, strict=True)
    with pytest.raises(ParamError, match="within ±100"):
        st.set_pieces([1.0, 200.0], [0.0, 0.0])
    assert seen == [] and st.maxout == preset("relu")
    st.apply_preset("abs")
    assert seen == [frozenset({"slopes"})] and st.maxout.slopes == (-1.0, 1.0)
    st.set_k(3)
    assert st.maxout.k == 3 and st.maxout.slopes[:2] == (-1.0, 1.0)
    assert MaxoutState.from_dict(st.to_dict()).maxout == st.maxout
    skipped = st.update_from_dict({"slopes": [1.0, 2.0]})   # lenient: the pair does not fit
    assert skipped == ["give one intercept per slope"] and st.maxout.k == 3
