import numpy as np
import pytest

from act_explorer.model import catalogue as C


def test_typing_checks_inline_and_add_joins_the_list(window):
    fl = window.function_list
    fl.expr_edit.setText("x*sigmoid(1.5*")
    assert fl.expr_error.isVisibleTo(window) and not fl.add_button.isEnabled()
    assert "^" in fl.expr_error.text()
    fl.expr_edit.setText("x*sigmoid(beta*x)")
    assert not fl.expr_error.isVisibleTo(window) and fl.add_button.isEnabled()
    fl.add_button.click()
    fid = window.state.current
    assert fid.startswith("custom:") and fid in fl._items
    assert fl.expr_edit.text() == ""
    # parameters of a typed function get sliders like a built-in
    window.param_editor.rows["beta"].spin.setValue(1.5)
    x, f, df = window.curves_panel.plots.curve_data(fid)
    np.testing.assert_allclose(f, C.get("swish").f(x, beta=1.5), rtol=1e-12)
    np.testing.assert_allclose(df, C.get("swish").df(x, beta=1.5), rtol=1e-9, atol=1e-15)
    # a typed function is named by its expression, never by its internal id
    heading = window.curves_panel.card.heading.text()
    assert "x*sigmoid(beta*x)" in heading and fid not in heading and "custom:" not in heading
    assert fl.item(fid).text(0) == "x*sigmoid(beta*x)" and "custom:" not in fl.item(fid).toolTip(0)
    window.state.remove_typed_function(fid)


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "().__class__", "9**9**9**9", "x" * 2000])
def test_hostile_input_is_refused_inline(window, text):
    fl = window.function_list
    fl.expr_edit.setText(text)
    if len(text) > 1000:
        assert len(fl.expr_edit.text()) == 1000  # the box itself stops at 1000 characters
    else:
        assert fl.expr_error.isVisibleTo(window)
    assert all(a.family != "custom" for a in C.CATALOGUE.values())


def test_typed_function_saved_with_settings_and_removable(qtbot):
    from act_explorer.qt.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    act = w.state.add_typed_function("max(0.1*x, x)")
    w.state.set_overlay("tanh", True)
    w.close()
    C.unregister(act.id)
    w2 = MainWindow()
    qtbot.addWidget(w2)
    assert w2.state.current == act.id and act.id in C.CATALOGUE
    x, f, _ = w2.curves_panel.plots.curve_data(act.id)
    np.testing.assert_allclose(f, np.maximum(0.1 * x, x))
    w2.state.remove_typed_function(act.id)
    assert act.id not in C.CATALOGUE and w2.state.current == "relu"
    assert act.id not in w2.function_list._items
    w2.close()


def test_card_follows_a_typed_function_replaced_under_the_same_id(window):
    st, card = window.state, window.curves_panel.card
    first = st.add_typed_function("2*x", name="g")
    assert card.values["max_df"].text() == "2 everywhere"
    second = st.add_typed_function("3*x", name="g")       # same id, another function
    assert second.id == first.id and C.get(first.id) is second
    assert card.values["max_df"].text() == "3 everywhere"
    saved = st.to_dict()
    saved["typed"][0]["text"] = "5*x"                     # a session with another g
    assert st.update_from_dict(saved, strict=True) == []
    assert card.values["max_df"].text() == "5 everywhere"
    assert st.properties().max_abs_df == 5.0
    # the analyses of the replaced functions are gone from the cache
    assert all(C.get(k[0].id) is k[0] for k in st._props_cache)
    st.remove_typed_function(first.id)


def test_the_same_typed_function_again_keeps_its_entry(window):
    """Typing a function again, or reopening a session, keeps the registered object (so the
    caches keyed on it are hit, not filled with copies); a different text replaces it."""
    st = window.state
    first = st.add_typed_function("x*sigmoid(b*x)")
    generation = st.typed.generation
    assert st.add_typed_function("x*sigmoid(b*x)") is first
    assert st.update_from_dict(st.to_dict(), strict=True) == []
    assert C.get(first.id) is first and st.typed.generation == generation
    other = st.add_typed_function("x*tanh(b*x)", name=first.name)
    assert C.get(other.id) is other and other is not first
