"""The training tab (kept importable here): the code lives in :mod:`act_explorer.qt.training`."""

from .training.colours import BLUE, CLASS_COLOURS, LAYER_COLOURS, ORANGE, class_lut, grid_image, probability_lut
from .training.panel import FRAME_MS, MAX_FRAME_MS, TrainingPanel
from .training.plots import GRID_N, GridResult, LossAxis

__all__ = ["TrainingPanel", "FRAME_MS", "MAX_FRAME_MS", "GRID_N", "GridResult", "LossAxis",
           "ORANGE", "BLUE", "CLASS_COLOURS", "LAYER_COLOURS", "probability_lut", "class_lut",
           "grid_image"]
