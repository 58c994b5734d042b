"""The Fit tab: a small network fits a function of one or two inputs, unit by unit."""

from .panel import FitPanel

__all__ = ["FitPanel"]
