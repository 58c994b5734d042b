"""The Phase tab: the mean-field phase diagram of initialisation, the trainability sweep and
the Jacobian spectrum (:mod:`.panel`; plots in :mod:`.diagram` and :mod:`.experiments`)."""

from .panel import PhasePanel

__all__ = ["PhasePanel"]
