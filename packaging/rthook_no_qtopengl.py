"""PyInstaller runtime hook: the bundle leaves out PySide6.QtOpenGL (an 8.9 MB binding).

pyqtgraph imports it when it starts (``importlib.import_module("PySide6.QtOpenGL")`` in
PlotCurveItem, PColorMeshItem and Qt.OpenGLHelpers) but touches it only on its OpenGL painting
path, which Activation Explorer never enables (``useOpenGL=False``; the offscreen platform has
no OpenGL at all).  This stand-in lets that import succeed; any actual use raises ImportError
naming the reason instead of failing in an obscure way.
"""

import sys
import types


class _LeftOut(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(f"PySide6.QtOpenGL.{name}: Qt's OpenGL binding is not part of this "
                          "bundle (Activation Explorer draws without OpenGL)")


if "PySide6.QtOpenGL" not in sys.modules:
    sys.modules["PySide6.QtOpenGL"] = _LeftOut("PySide6.QtOpenGL")
