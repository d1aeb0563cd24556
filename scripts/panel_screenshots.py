"""Drive the dock panel inside a real QGIS and save screenshots into docs/images/.

Run by QGIS itself, with the plugin installed from its zip in a throw-away profile::

    make package
    ROOT=$(mktemp -d); PROFILE=$ROOT/profiles/default
    mkdir -p $PROFILE/python/plugins $PROFILE/QGIS
    unzip -q dist/territorial_health_plugin.zip -d $PROFILE/python/plugins
    printf '[PythonPlugins]\\nterritorial_health_plugin=true\\n[core]\\nfirst_start=false\\n' \\
        > $PROFILE/QGIS/QGIS3.ini
    PANEL_SHOTS=docs/images PANEL_OUTPUT=/tmp/panel-demo \\
        xvfb-run -a -s "-screen 0 1600x1000x24" qgis --profiles-path $ROOT --nologo \\
        --noversioncheck --code scripts/panel_screenshots.py

``--profiles-path`` names the folder that holds ``profiles/default``.

Steps are chained with timers so that QGIS's event loop keeps running; the script quits
QGIS at the end and writes ``panel_run.log`` beside the images.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.utils import iface, plugins

SHOTS = Path(os.environ.get("PANEL_SHOTS", "docs/images")).resolve()
OUTPUT = Path(os.environ.get("PANEL_OUTPUT", "/tmp/panel-demo")).resolve()
TERRITORY = os.environ.get("PANEL_TERRITORY", "Métropole Européenne de Lille")
WITH_PDF = os.environ.get("PANEL_PDF", "1") == "1"
LOG = SHOTS / "panel_run.log"


def log(text: str) -> None:
    with LOG.open("a", encoding="utf-8") as handle:
        handle.write(f"{time.strftime('%H:%M:%S')} {text}\n")


def dock():
    return plugins["territorial_health_plugin"].dock


def grab(name: str, window: bool = False) -> None:
    widget = iface.mainWindow() if window else dock()
    widget.grab().save(str(SHOTS / name))
    log(f"saved {name} ({widget.width()}x{widget.height()})")


def step_show() -> None:
    panel = dock()
    iface.mainWindow().resize(1600, 1000)
    iface.mainWindow().showMaximized()
    panel.show()
    panel.raise_()
    QTimer.singleShot(1500, step_choose)


def step_choose() -> None:
    panel = dock()
    grab("panel_empty.png")
    panel.territory.search_edit.setFocus()
    panel.territory.search_edit.setText(TERRITORY[:12])
    panel.territory.run_search()
    QTimer.singleShot(800, step_pick)


def step_pick() -> None:
    panel = dock()
    grab("panel_search.png", window=True)
    lines = panel.territory.completion_model.stringList()
    log(f"completion: {lines[:5]}")
    panel.territory.completer.popup().hide()
    panel.territory.choose_match(next(line for line in lines if TERRITORY in line))
    panel.output_widget.setFilePath(str(OUTPUT))
    content = panel.content
    content.mode_combo.setCurrentIndex(content.mode_combo.findData("sample"))
    content.pdf_check.setChecked(WITH_PDF)
    QTimer.singleShot(500, step_run)


def step_run() -> None:
    panel = dock()
    grab("panel_ready.png")
    started = time.monotonic()
    panel.run()
    finished_at: list[float] = []
    panel.task.diagnosticFinished.connect(lambda result: finished_at.append(time.monotonic()))
    ticks: list[float] = []
    timer = QTimer(panel)
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    QTimer.singleShot(1200, lambda: grab("panel_running.png"))

    def poll() -> None:
        if panel.is_running() and time.monotonic() - started < 600:
            QTimer.singleShot(200, poll)
            return
        timer.stop()
        end_of_task = finished_at[0] if finished_at else time.monotonic()
        during = [later - earlier for earlier, later in zip(ticks, ticks[1:]) if later <= end_of_task]
        after = [later - earlier for earlier, later in zip(ticks, ticks[1:]) if later > end_of_task]
        log(f"task took {end_of_task - started:.1f} s; longest event loop gap during it {max(during, default=0):.3f} s")
        log(f"adding the layers (and the PDF) took {time.monotonic() - end_of_task:.1f} s; "
            f"longest gap {max(after, default=0):.3f} s")
        log(f"status: {panel.status_label.text()}")
        QTimer.singleShot(1500, step_done)

    QTimer.singleShot(200, poll)


def step_done() -> None:
    panel = dock()
    tree = panel.summary
    tree.expandToDepth(0)
    scroll = panel.widget()
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    log(f"layers in project: {len(QgsProject.instance().mapLayers())}")
    QTimer.singleShot(2500, step_finish)


def step_finish() -> None:
    grab("panel_result.png")
    grab("panel_qgis.png", window=True)
    narrow = dock()
    narrow.setFloating(True)
    narrow.resize(300, 900)
    QTimer.singleShot(800, step_quit)


def step_quit() -> None:
    from territorial_health_plugin.gui.options import OptionsPage

    grab("panel_narrow.png")
    options = OptionsPage()
    options.resize(640, 480)
    options.show()
    options.grab().save(str(SHOTS / "panel_options.png"))
    log("saved panel_options.png")
    log("done")
    QgsApplication.instance().exit(0)


def start() -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    LOG.write_text("", encoding="utf-8")
    try:
        step_show()
    except Exception:  # noqa: BLE001 - the log is the only output of this script
        log(traceback.format_exc())
        QgsApplication.instance().exit(1)


QTimer.singleShot(3000, start)
iface.mainWindow().setWindowState(Qt.WindowState.WindowMaximized)
