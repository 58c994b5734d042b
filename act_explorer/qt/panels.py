"""The tabs beside Curves.  Each panel is a QWidget with the export protocol
(``export_item``, ``export_csv()``, ``export_name()``) and ``shutdown()``."""

from __future__ import annotations


def build(key: str, window):
    if key == "depth":
        from .depth_panel import DepthPanel

        return DepthPanel(window.state)
    if key == "phase":
        from .phase import PhasePanel

        return PhasePanel(window.state, window.panels["depth"].state)
    if key == "training":
        from .training_panel import TrainingPanel

        return TrainingPanel(window.state)
    if key == "fit":
        from .fit import FitPanel

        return FitPanel(window.state)
    if key == "softmax":
        from .softmax_panel import SoftmaxPanel

        return SoftmaxPanel()
    if key == "learn":
        from .learn_panel import LearnPanel

        return LearnPanel()
    raise KeyError(key)
