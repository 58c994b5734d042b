"""What the depth experiment's numbers say, in sentences (kept importable from here; the code
is in :mod:`.depth.readouts`).  ``packaging/translations.py`` reads :data:`READOUT_TEMPLATES`."""

from .depth.readouts import (  # noqa: F401 (re-exported)
    READOUT_TEMPLATES, ForwardFate, Readout, forward_fate, readout, readout_lines, slope_factor,
)
