"""Which PhaseState fields each part of the Phase tab depends on."""

POINT_KEYS = frozenset({"sigma_w2", "sigma_b2"})
GRID_KEYS = frozenset({"sigma_w2_lo", "sigma_w2_hi", "sigma_b2_lo", "sigma_b2_hi", "grid"})
SPECTRUM_KEYS = frozenset({"jac_layers", "jac_width", "jac_init", "jac_samples"}) | POINT_KEYS
