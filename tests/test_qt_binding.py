"""The installed PySide6 keeps Python's reference counts right where the window gives Qt an item.

PySide6 6.12.0 drops one reference to None on every item setter that takes ownership (and on
QComboBox.addItem with data): Python 3.11 then aborts with `Fatal Python error: none_dealloc` after
about a thousand calls, in the middle of a clerk's work. 6.9.3, 6.11.2 and 6.11.3 are sound. This test
checks the release installed, so that a change of the pin in pyproject.toml is measured, not trusted.
It runs in a child process so that an abort is a failure of this test, not the end of the run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

CALLS = 100
"""Calls of each setter whose drift of None's reference count is measured; a leaking binding drifts by ~CALLS."""

TOLERANCE = 10
"""A sound binding drifts by a few references at most (the first call creates Qt's own objects), never per call."""

LONG_LOOP = 3000
"""Calls made after the measurement: about a thousand is where a leaking binding aborted Python 3.11."""

MEASURE = f"""
import json, sys
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QApplication, QComboBox, QListWidget, QListWidgetItem, QTableWidget,
                               QTableWidgetItem)

app = QApplication([])

def table(n):
    widget = QTableWidget(n, 1)
    for i in range(n):
        widget.setItem(i, 0, QTableWidgetItem(str(i)))

def model(n):
    items = QStandardItemModel(n, 1)
    for i in range(n):
        items.setItem(i, 0, QStandardItem(str(i)))

def list_widget(n):
    widget = QListWidget()
    for i in range(n):
        widget.addItem(QListWidgetItem(str(i)))

def combo(n):
    widget = QComboBox()
    for i in range(n):
        widget.addItem(str(i), str(i))

def drift(setter, n):
    before = sys.getrefcount(None)
    setter(n)
    return sys.getrefcount(None) - before

setters = (table, model, list_widget, combo)
print(json.dumps({{setter.__name__: drift(setter, {CALLS}) for setter in setters}}), flush=True)
for setter in setters:
    setter({LONG_LOOP})
print("survived", flush=True)
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: its count cannot drift")
def test_item_setters_neither_drop_nor_keep_references_to_none():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", MEASURE], capture_output=True, text=True, env=env, timeout=120)
    lines = done.stdout.splitlines()
    assert lines, f"PySide6 failed before measuring: {done.stderr[-2000:]}"
    drifts = json.loads(lines[0])
    leaking = {setter: change for setter, change in drifts.items() if abs(change) > TOLERANCE}
    assert not leaking, f"None's reference count moved by {leaking} over {CALLS} calls of each setter"
    assert done.returncode == 0 and lines[1:] == ["survived"], done.stderr[-2000:]
