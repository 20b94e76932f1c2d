"""The report formats and sample reports load in a background thread once the start page is on
screen: the window appears without waiting for the YAML format files to be parsed (the installed
fonts are found there too, afterwards). Anything that
needs them before the thread is done waits for it (`wait()`), so there is only ever one load."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from forms.definition import Form
    from forms.report import Report


class Preload(QObject):
    done = Signal()                  # delivered in the window's thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.forms: list[Form] = []
        self.samples: list[tuple[str, Report]] = []
        self.error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="年报通-preload", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        try:
            from forms.loader import all_forms
            from forms.samples import load_samples

            self.forms = all_forms()
            self.samples = load_samples()
        except BaseException as exc:    # reported in the window's thread by wait()
            self.error = exc
        self.done.emit()
        self._find_fonts()

    @staticmethod
    def _find_fonts() -> None:
        """The installed fonts found now, once the formats are in, so that the first Word export or
        设置 does not wait for them (Windows reads every file of its Fonts folders)."""
        from host import fonts

        try:
            fonts.installed_fonts()
        except Exception:       # found again, and any fault told, when they are needed
            pass

    def wait(self) -> None:
        """Block until the formats are loaded (at once when they are); re-raises a load failure."""
        self.start()
        if self._thread is not None:
            self._thread.join()
        if self.error is not None:
            raise self.error
