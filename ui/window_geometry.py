"""The window's place on the screen: a size that fits the screen's available area (a 1366×768
laptop with a taskbar, 1024×700, 1600×1000 at 150 % scaling), and the size and position kept from
the last run — brought back inside the screen when it no longer fits (a laptop unplugged from a
big monitor)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

WINDOW_SIZE = QSize(1280, 800)
# The frame (borders, title bar) before the window manager has drawn one: a generous guess.
FRAME_GUESS = QMargins(8, 32, 8, 8)


def available_area(widget: QWidget) -> QRect:
    """The screen's area not taken by taskbars and panels, for the screen `widget` is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(widget: QWidget) -> QMargins:
    """The frame around the window's inside: the real one once known, else a guess."""
    frame, inside = widget.frameGeometry(), widget.geometry()
    margins = QMargins(inside.left() - frame.left(), inside.top() - frame.top(),
                       frame.right() - inside.right(), frame.bottom() - inside.bottom())
    if widget.isVisible() and (margins.top() > 0 or margins.left() > 0):
        return margins
    return QMargins(max(margins.left(), FRAME_GUESS.left()), max(margins.top(), FRAME_GUESS.top()),
                    max(margins.right(), FRAME_GUESS.right()), max(margins.bottom(), FRAME_GUESS.bottom()))


def fitted(inside: QRect, area: QRect, frame: QMargins) -> QRect:
    """`inside` (the window without its frame) shrunk and moved so that with `frame` it lies in `area`."""
    room = area.marginsRemoved(frame)
    width = max(1, min(inside.width(), room.width()))
    height = max(1, min(inside.height(), room.height()))
    x = max(room.left(), min(inside.x(), room.left() + room.width() - width))
    y = max(room.top(), min(inside.y(), room.top() + room.height() - height))
    return QRect(x, y, width, height)


def centred(size: QSize, area: QRect, frame: QMargins) -> QRect:
    """A window of `size` (at most) in the middle of `area`."""
    room = area.marginsRemoved(frame)
    size = size.boundedTo(room.size())
    return QRect(room.left() + (room.width() - size.width()) // 2,
                 room.top() + (room.height() - size.height()) // 2, size.width(), size.height())
