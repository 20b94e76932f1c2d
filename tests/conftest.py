"""Shared test set-up. Qt runs offscreen (set before any QApplication exists)."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The fault log (host.paths.log_dir) of the whole run in a folder of its own, never the tester's: a test
# that reads the log points NIANBAO_LOG_DIR at its own folder.
os.environ["NIANBAO_LOG_DIR"] = tempfile.mkdtemp(prefix="nianbao-test-log-")
atexit.register(shutil.rmtree, os.environ["NIANBAO_LOG_DIR"], ignore_errors=True)
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest

from forms.samples import SAMPLES_DIR, load_samples


@pytest.fixture
def samples():
    """{file name: Report} of the bundled samples, freshly read for each test."""
    return dict(load_samples())


@pytest.fixture
def yueqing(samples):
    return samples["2017-yueqing-wenguangxin.json"]


@pytest.fixture
def qingchuan(samples):
    return samples["2025-qingchuan-scjgj.json"]


@pytest.fixture
def sample_dir():
    return SAMPLES_DIR
