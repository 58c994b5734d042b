import pytest

from act_explorer.qt.widgets import FloatSlider


def test_float_slider_maps_drags_and_keeps_exact_values(qtbot):
    s = FloatSlider()
    qtbot.addWidget(s)
    s.setRange(-1.0, 3.0)
    got = []
    s.valueChanged.connect(got.append)
    s.setValue(0.123456789)
    assert s.value() == 0.123456789 and got == [0.123456789]
    s.setValue(10)  # clamped
    assert s.value() == 3.0
    s.slider.setValue(5000)  # the user drags to the middle
    assert s.value() == pytest.approx(1.0) and got[-1] == pytest.approx(1.0)
    with pytest.raises(ValueError):
        s.setRange(2, 1)
