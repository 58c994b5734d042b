"""The window: Qt widgets that subscribe to the model's state and draw it.

Modules here may import Qt and pyqtgraph; nothing under ``act_explorer.model`` may.
"""
