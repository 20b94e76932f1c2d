"""Starting the window: the QApplication with Qt's own buttons in Chinese (qtbase_zh_CN.qm from
the PySide6 wheel) and a font with Chinese glyphs, then the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]

# Debian package names for the libraries Qt's X11 plugin needs and a fresh desktop may lack.
_XCB_PACKAGES = {"libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
                 "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-image.so.0": "libxcb-image0",
                 "libxcb-render-util.so.0": "libxcb-render-util0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
                 "libxcb-xinerama.so.0": "libxcb-xinerama0", "libxcb-shape.so.0": "libxcb-shape0"}


def _x11_in_use() -> bool:
    """True where Qt would start its X11 plugin: Linux, a DISPLAY, no Wayland, no platform chosen."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY"))


def platform_problem() -> str | None:
    """Why the window cannot open on this machine, in plain words, or None: a system library that
    Qt's X11 plugin needs is missing, or the display named by DISPLAY cannot be reached.

    Either way Qt would abort the whole process with a message about plugins that a clerk cannot
    act on; loading the plugin ourselves first finds the missing library by name.
    """
    if not _x11_in_use():
        return None
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    import ctypes

    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY | os.RTLD_GLOBAL)
    except OSError as exc:
        missing = str(exc).split(":")[0].strip()
        package = _XCB_PACKAGES.get(missing, missing)
        return (f"窗口无法打开：这台电脑缺少系统组件 {missing}。\n"
                f"请让管理员安装它（Debian、统信UOS、银河麒麟：sudo apt install {package}），然后再运行。")
    return display_problem()


# A display on another machine that does not answer would otherwise keep the program waiting for
# minutes before Qt gives up (and aborts).
CONNECT_TIMEOUT_S = 10


def display_problem() -> str | None:
    """Why the X display named by DISPLAY cannot be connected to, in plain words, or None.

    A stale DISPLAY (a closed remote session, a desktop that is not running) makes Qt abort; asking
    libxcb first, the way Qt will, finds out without harm.
    """
    if not _x11_in_use():
        return None
    import ctypes
    import threading

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None          # the plugin could be loaded, so Qt finds its libxcb: let Qt connect
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    display = os.environ["DISPLAY"]
    reached: list[bool] = []

    def connect() -> None:       # ctypes releases the GIL: a hanging connect only holds this thread
        connection = xcb.xcb_connect(display.encode("utf-8", "replace"), None)
        reached.append(bool(connection) and xcb.xcb_connection_has_error(connection) == 0)
        if connection:
            xcb.xcb_disconnect(connection)

    attempt = threading.Thread(target=connect, name="display-check", daemon=True)
    attempt.start()
    attempt.join(CONNECT_TIMEOUT_S)
    if reached and reached[0]:
        return None
    return (f"窗口无法打开：连接不上图形界面（环境变量 DISPLAY={display}）。"
            f"通常是远程登录已经断开，或者图形桌面没有启动。\n"
            "请在电脑的图形桌面里打开终端再运行；远程登录的，请重新登录（ssh -X）后再运行。")


def make_app() -> QApplication:
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication

    from . import style

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("年报通")
    app.setOrganizationName("nianbao")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    _install_qt_translations(app)
    app.setFont(style.ui_font())
    return app


def _install_qt_translations(app: QApplication) -> None:
    """Qt's own texts (file dialogs, 取消/确定, a line edit's menu) in Chinese, once per application:
    qtbase_zh_CN.qm from the wheel, asked again without the mnemonic for the labels that Qt has
    since given one (“&Look in:”, “Files of &type:”: the catalogue knows them only as “Look in:”)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if app.property("nianbao_translated"):
        return
    catalogue = QTranslator(app)
    if not catalogue.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                          QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        print("年报通：没有找到Qt的中文翻译（qtbase_zh_CN.qm），文件对话框的按钮会显示英文。", file=sys.stderr)
        return

    class WithoutMnemonic(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
            if "&" not in source:
                return ""
            return catalogue.translate(context, source.replace("&", ""), disambiguation, n) or ""

    fallback = WithoutMnemonic(app)
    app.installTranslator(fallback)        # asked last: the translator installed last is asked first
    app.installTranslator(catalogue)
    app.setProperty("nianbao_translated", True)


def create_window(folder: Path | None = None) -> tuple[QApplication, MainWindow]:
    """The application and its window, shown (the first page ready for input)."""
    app = make_app()
    from .main_window import MainWindow

    window = MainWindow(folder=folder)
    window.show()
    return app, window


def run(path: str | Path | None = None) -> int:
    """The window until it is closed; `path`: a draft to open."""
    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app, window = create_window()
    from PySide6.QtCore import QTimer

    sys.excepthook = _plain_fault_report(window)
    QTimer.singleShot(0, lambda: _begin(window, path))
    return app.exec()


# With this variable set, the window prints "ready" once its first page takes input: bench/bench_startup.py
# times the start of a program it cannot look into (the bundle, packaging/) by that line.
SAY_READY = "NIANBAO_SAY_READY"


def _begin(window: MainWindow, path: str | Path | None) -> None:
    """The window's first page (the start page, or the draft `path`), and "ready" when asked for."""
    window.begin(Path(path) if path else None)
    if os.environ.get(SAY_READY):
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        print("ready", flush=True)


def _plain_fault_report(window: MainWindow) -> ExceptHook:
    """A fault in the program is written to the fault log (host.log, through the window: what the
    clerk was doing, never the report's words) and told in plain words; the report is backed up at
    once and the window stays open."""
    import traceback

    from . import dialogs

    def report(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        traceback.print_exception(kind, value, tb)      # for whoever started it from a terminal
        told = window.log_fault(value)
        if window.document is not None:
            window.autosave.write_now()
        dialogs.warn(window, "年报通遇到了一个程序错误。填写的内容没有丢失，已自动备份；请保存草稿后继续。", told)

    return report
