from act_explorer.model import lessons


def test_every_lesson_has_both_languages_and_a_show_me():
    keys = {"nonlinearity", "saturation", "zero_centred", "dead_relu", "relu_story", "relu_growth",
            "softmax", "choosing", "order_chaos", "sum_of_activations", "deep_gradients"}
    assert {lesson.key for lesson in lessons.LESSONS} == keys
    for lesson in lessons.LESSONS:
        for lang in lessons.LANGUAGES:
            assert lesson.title[lang] and lesson.body[lang] and lesson.show_me_label[lang]
        assert lesson.show_me["tab"] in {"curves", "depth", "phase", "training", "fit", "softmax"}
        assert lesson.references
    # 10 layers: 9 slope factors from the last layer back to the first (0.25⁹, not 0.25¹⁰).
    assert "{sig_max}⁹ ≈ {sig_pow9}" in lessons.get("saturation").body["en"]
    assert "0.25¹⁰" not in lessons.get("saturation").text("en")[1]
    assert "梯度消失" in lessons.get("saturation").body["zh_CN"]


def test_learn_panel_shows_lessons_and_sets_up_curves(window):
    window.set_tab("learn")
    panel = window.panels["learn"]
    panel.select("zero_centred")
    assert "Zero-centred" in panel.text.toPlainText()
    panel.show_me.click()
    assert window.current_tab() == "curves"
    assert window.state.current == "tanh" and window.state.overlays == ("sigmoid",)


def test_show_me_softmax(window):
    window.panels["softmax"].softmax_state.set_logits([1.0, 1.0])
    window.set_tab("learn")
    panel = window.panels["learn"]
    panel.select("softmax")
    panel.show_me.click()
    assert window.current_tab() == "softmax"
    assert list(window.panels["softmax"].softmax_state.logits) == [2.0, 1.0, 0.1]


def test_learn_panel_in_chinese(qtbot):
    from act_explorer.qt.learn_panel import LearnPanel

    panel = LearnPanel(lang="zh_CN")
    qtbot.addWidget(panel)
    panel.select("dead_relu")
    assert "死亡神经元" in panel.text.toPlainText()
    assert panel.show_me.text().startswith("演示")


def test_show_me_dying_relu_sets_up_training(window):
    window.set_tab("learn")
    panel = window.panels["learn"]
    panel.select("dead_relu")
    panel.show_me.click()
    assert window.current_tab() == "training"
    tp = window.panels["training"]
    assert tp.state.to_dict() and tp.is_running()
    tp.shutdown()


def test_show_me_sigmoid_vs_relu_sets_up_depth(window, qtbot):
    window.set_tab("learn")
    panel = window.panels["learn"]
    panel.select("saturation")
    panel.show_me.click()
    assert window.current_tab() == "depth"
    dp = window.panels["depth"]
    assert window.state.current == "sigmoid" and window.state.overlays == ("relu",)
    assert dp.state.to_dict()["init"] == "xavier" and dp.state.to_dict()["depth"] == 10
    # The lesson promises sigmoid with Xavier next to ReLU with He: that is what is simulated.
    assert dp.wait_until_ready(60)
    inits = {fid: view.sim.config.init for fid, view in dp.views()}
    assert inits == {"sigmoid": "xavier", "relu": "he"}
    assert {fid: view.sim.depth for fid, view in dp.views()} == {"sigmoid": 10, "relu": 10}
    lesson = lessons.get("saturation")
    assert "sigmoid and Xavier" in lesson.body["en"] and "ReLU with He" in lesson.body["en"]
    assert lesson.show_me["init"] == "xavier" and lesson.show_me["inits"] == {"relu": "he"}
    legend = [label.text for _, label in dp.legend.items]
    assert "ReLU (He)" in legend and "Sigmoid (Xavier)" in legend
    assert dp.function_inits.isVisible()
    assert dp.function_inits.combos["relu"].currentData() == "he"
    assert dp.function_inits.combos["sigmoid"].currentData() == ""
    # The next lesson (ReLU with Xavier) leaves no init of its own behind.
    window.set_tab("learn")
    panel.select("relu_growth")
    panel.show_me.click()
    assert dp.state.inits == {} and dp.state.config("relu").init == "xavier"
    dp.shutdown()
