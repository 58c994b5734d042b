"""The depth panel's state, its work and its export (kept importable from here; the code is in
:mod:`.depth.state`, :mod:`.depth.results` and :mod:`.depth.session`)."""

from .depth.results import (  # noqa: F401 (re-exported)
    EXTRA_COLUMNS, DepthResult, DepthView, ResultCache, compute, mean_over_rms, results_csv,
)
from .depth.session import DepthSession  # noqa: F401 (re-exported)
from .depth.state import (  # noqa: F401 (re-exported)
    BATCH_RANGE, DEFAULTS, FUNCTION_INITS, MAX_VIEW_DEPTH, REROLL_MAX, SEED_MAX, WIDTH_RANGE,
    DepthState,
)
