"""The training tab, one idea per module: :mod:`.panel` (the tab: session, worker, frames),
:mod:`.controls` (the left column bound to the state), :mod:`.plots` (the boundary, loss,
accuracy and dead-units plots) and :mod:`.colours` (class, layer and run colours, shared with
the network view).  Import the panel from :mod:`.panel`; this package imports nothing itself,
so the network view can take the class colours without loading the panel."""
