import pytest


@pytest.fixture
def window(qtbot):
    from act_explorer.app import create_application
    from act_explorer.qt.main_window import MainWindow

    create_application(headless=True)
    w = MainWindow(persist=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
