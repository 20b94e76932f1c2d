"""What the install bundle keeps of what PyInstaller collects, stated once: `nianbao.spec` applies these
rules and `tests/test_bundle.py` checks the built bundle against them.

PyInstaller's Qt hooks collect every plugin of a group and Qt's catalogues in every language. The program
draws widgets only (QtCore, QtGui, QtWidgets: `grep -r PySide6 ui main.py`), so a plugin is kept when a
clerk's PC needs it to show the window, type Chinese or open a file dialog, and nothing else is. A Qt
library is kept when a kept plugin or module links it (checked with `objdump -p … | grep NEEDED`).

Of pdfminer's CMaps only the Chinese are kept.

Paths are a bundle's relative paths with either separator: the PySide6 wheel puts Qt under
`PySide6/Qt/{lib,plugins,translations}` on Linux and under `PySide6/{plugins,translations}` (its DLLs
beside the Python modules) on Windows; the rules match names, not places.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import PurePath, PurePosixPath, PureWindowsPath

# Python modules the program never uses though something it imports names them (optional imports that
# PyInstaller follows): numpy (openpyxl's number types), pypdfium2 (pdfplumber's page images: we read
# text and ruled tables, never render a page), Pillow's codecs other than the common images a workbook
# holds (openpyxl needs Pillow to load a sheet with a picture), lxml's parts we do not call, Python's
# TLS (the program never connects; hashlib has its own digests without OpenSSL), Qt modules we do not
# use, test tools.
EXCLUDED_MODULES = (
    "tkinter", "numpy", "pypdfium2", "pypdfium2_raw", "pytest", "_pytest", "hypothesis", "IPython",
    "PIL._avif", "PIL._webp", "PIL._imagingtk", "PIL._imagingft", "PIL._imagingcms", "PIL.ImageQt",
    "lxml.objectify", "lxml.isoschematron", "ssl", "_ssl", "_hashlib",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.QtSql",
    "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtConcurrent", "PySide6.QtXml",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtPrintSupport", "PySide6.QtPdf",
    "PySide6.QtTest", "PySide6.QtSvg", "PySide6.QtSvgWidgets", "PySide6.QtNetworkAuth",
)

# Qt's own libraries kept (Qt6<name>): the three modules, DBus (QtGui links it; the ibus input method,
# the desktop portal's file dialogs), Svg (icons of the desktop's theme), the X11 and Wayland platforms.
QT_LIBRARIES = frozenset({"Core", "Gui", "Widgets", "DBus", "Svg", "XcbQpa", "WaylandClient"})

# plugin group -> the plugins kept (file names without "lib" and the suffix); a group not named is dropped
# whole (eglfs, evdev, network information, TLS, SQL drivers, QML tooling, Designer, printing…).
PLUGINS: dict[str, frozenset[str]] = {
    # the window on X11 (统信UOS, 银河麒麟), Wayland, Windows; offscreen and minimal for headless runs. Wayland
    # is one plugin in PySide6 6.11; 6.9 (glibc 2.28 PCs) has qwayland-generic and qwayland-egl (OpenGL)
    "platforms": frozenset({"qxcb", "qwayland", "qwayland-generic", "qwindows", "qoffscreen", "qminimal"}),
    # typing Chinese: ibus, and the compose key
    "platforminputcontexts": frozenset({"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}),
    # the desktop's file dialogs through its portal (not qgtk3: it would load the PC's GTK against the
    # cairo and pango PyInstaller copies into the bundle, whose versions need not match)
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    "styles": frozenset({"qmodernwindowsstyle", "qwindowsvistastyle"}),
    "xcbglintegrations": frozenset({"qxcb-glx-integration", "qxcb-egl-integration"}),
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "wayland-decoration-client": frozenset({"bradient", "adwaita"}),
    # icons of the theme (SVG) and the image files a desktop hands a file dialog
    "iconengines": frozenset({"qsvgicon"}),
    "imageformats": frozenset({"qsvg", "qico", "qjpeg", "qgif"}),
}

# Files of the Windows wheel that only OpenGL and Qt Quick use: Mesa's OpenGL in software (20 MB) and
# Direct3D's shader compiler. Widgets are drawn without either.
WINDOWS_GRAPHICS = frozenset({"opengl32sw.dll", "d3dcompiler_47.dll"})

# Qt's texts (file dialogs, 确定/取消) in Chinese: ui/app.py loads "qtbase" for zh_CN; no other catalogue.
TRANSLATIONS = frozenset({"qtbase_zh_CN.qm"})

# pdfminer's CMaps (text of PDFs whose fonts use them): the Chinese ones, simplified (GB) and traditional
# (CNS, Big5, Hong Kong); the Japanese and Korean ones (3.5 MB) are left out. A PDF needing one of those
# reads without that font's text, as pdfminer reads any font whose CMap it lacks.
_CHINESE_CMAP = re.compile(r"GB|CNS|B5|HK|ETen")

_QT_LIBRARY = re.compile(r"^(?:lib)?Qt6(?P<name>[A-Za-z]+)(?:\.so(?:\.[\d.]+)?|\.dll)$")
_PLUGIN_SUFFIX = re.compile(r"\.(?:so|dll|dylib)$")


def _parts(dest: str) -> tuple[str, ...]:
    """The parts of a bundle path written with either separator."""
    path: PurePath = PureWindowsPath(dest) if "\\" in dest else PurePosixPath(dest)
    return path.parts


def plugin_name(file_name: str) -> str:
    """A plugin's name as PLUGINS lists it: libqxcb.so and qxcb.dll are both "qxcb"."""
    stem = _PLUGIN_SUFFIX.sub("", file_name)
    return stem[3:] if stem.startswith("lib") else stem


def keep(dest: str) -> bool:
    """Whether the file PyInstaller would put at `dest` (relative to the bundle) goes into the bundle."""
    parts = _parts(dest)
    if parts[:2] == ("pdfminer", "cmap"):
        return bool(_CHINESE_CMAP.search(parts[-1]))
    if "PySide6" not in parts:
        return True
    name = parts[-1]
    if name.lower() in WINDOWS_GRAPHICS:
        return False
    if "translations" in parts:
        return name in TRANSLATIONS
    if "plugins" in parts:
        group = parts[parts.index("plugins") + 1] if parts.index("plugins") + 2 < len(parts) else ""
        return plugin_name(name) in PLUGINS.get(group, frozenset())
    library = _QT_LIBRARY.match(name)
    return library is None or library.group("name") in QT_LIBRARIES


def _link_target(dest: str, target: str) -> str:
    """The bundle path a SYMLINK entry at `dest` points to (its target is relative to its folder)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(dest.replace("\\", "/")), target.replace("\\", "/")))


def _name(dest: str) -> str:
    """A library's file name as linkers compare it (Windows ignores case; no two on Linux differ by it)."""
    return _parts(dest)[-1].lower()


def _is_dependency(entry: tuple) -> bool:
    """A system library PyInstaller copied to the bundle's top folder because something linked it."""
    dest, _, kind = entry
    return kind == "BINARY" and len(_parts(dest)) == 1 and not dest.startswith(("libpython", "python"))


def without_orphans(binaries: list, imports_of: Callable[[str], set[str]]) -> list:
    """`binaries` less the system libraries that only dropped files linked (GTK's cairo and pango for
    qgtk3, Kerberos for QtNetwork…): the dependencies that the files kept, followed library to library,
    name. `imports_of(source)`: the names of the libraries a file links."""
    candidates = {_name(entry[0]): entry for entry in binaries if _is_dependency(entry)}
    needed: set[str] = set()
    todo = [source for dest, source, kind in binaries if kind != "SYMLINK" and not _is_dependency((dest, source, kind))]
    while todo:
        for name in map(str.lower, imports_of(todo.pop())):
            if name in candidates and name not in needed:
                needed.add(name)
                todo.append(candidates[name][1])
    return [entry for entry in binaries if not _is_dependency(entry) or _name(entry[0]) in needed]


def selected(binaries: list, datas: list, imports_of: Callable[[str], set[str]]) -> tuple[list, list]:
    """PyInstaller's binaries and datas (TOC entries: dest, source, kind) as the bundle keeps them: the files
    `keep` keeps, less the system libraries only dropped files needed, less the links (SYMLINK entries,
    among the datas) to files no longer there."""
    binaries = without_orphans([entry for entry in binaries if keep(entry[0])], imports_of)
    datas = [entry for entry in datas if keep(entry[0])]
    present = {dest.replace("\\", "/") for dest, _, kind in binaries + datas if kind != "SYMLINK"}

    def there(entry: tuple) -> bool:
        return entry[2] != "SYMLINK" or _link_target(entry[0], entry[1]) in present

    return [entry for entry in binaries if there(entry)], [entry for entry in datas if there(entry)]
