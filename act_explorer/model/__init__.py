"""Everything that computes: plain NumPy and the standard library, no Qt, no pyqtgraph."""
