"""An export written off the window's thread: the PDF, which an office program takes seconds to print,
while the clerk goes on working. A plain Python thread, not a QThread owned by the page: the page may
go (another report opened) while the program runs, and a QThread destroyed while running ends the
whole program. When the application quits, a conversion still running is called off (the office
program stopped, its temporary folder removed) and waited for."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QObject, Signal

from .export_actions import ExportJob


class ExportWorker(QObject):
    """Runs one ExportJob at a time; `done` carries its ExportOutcome to the window's thread."""

    done = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, job: ExportJob) -> None:
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(job, self._cancel), name="年报通-export")
        self._thread.start()

    def _run(self, job: ExportJob, cancel: threading.Event) -> None:
        outcome = job.run(cancel)
        try:
            self.done.emit(outcome)             # queued: the receivers live on the window's thread
        except RuntimeError:                    # the page went while the file was written: nobody to tell
            pass

    def stop(self) -> None:
        """Call the running export off and wait for it (the application is quitting)."""
        self._cancel.set()
        if self._thread is not None:
            self._thread.join()
