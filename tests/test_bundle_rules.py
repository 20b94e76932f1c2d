"""What the install bundle keeps (packaging/bundle_rules.py), on the paths PyInstaller gives on Linux and
on Windows, without building a bundle (tests/test_bundle.py builds one and checks it against the rules)."""

from __future__ import annotations

import pytest

from tests.test_bundle import load_bundle_rules

rules = load_bundle_rules()


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libicudata.so.73", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    # Wayland: one plugin in 6.11; 6.9 (glibc 2.28 PCs) has a generic one and an EGL one (Qt6OpenGL)
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland-generic.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland-egl.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6\\Qt6Widgets.dll", True),
    ("PySide6\\Qt6Network.dll", False),
    ("PySide6\\Qt6Quick.dll", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\imageformats\\qpdf.dll", False),
    ("PySide6\\translations\\qtbase_zh_CN.qm", True),
    ("PySide6\\translations\\qt_help_zh_CN.qm", False),
    # Windows wheels' OpenGL in software and Direct3D's shader compiler: Qt Quick and OpenGL only
    ("PySide6\\opengl32sw.dll", False),
    ("PySide6\\d3dcompiler_47.dll", False),
    ("PySide6\\msvcp140.dll", True),
    # pdfminer's CMaps: the Chinese ones (simplified and traditional), not the Japanese or Korean
    ("pdfminer/cmap/UniGB-UCS2-H.json.gz", True),
    ("pdfminer/cmap/to-unicode-Adobe-CNS1.json.gz", True),
    ("pdfminer\\cmap\\ETen-B5-H.json.gz", True),
    ("pdfminer/cmap/UniJIS-UCS2-H.json.gz", False),
    ("pdfminer/cmap/90ms-RKSJ-H.json.gz", False),
    ("pdfminer/cmap/H.json.gz", False),
    ("pdfminer/cmap/KSC-EUC-H.json.gz", False),
    ("pdfminer/cmap/to-unicode-Adobe-Korea1.json.gz", False),
    ("forms/formats/gov-2021.yaml", True),
    ("lxml/etree.cpython-311-x86_64-linux-gnu.so", True),
])
def test_what_is_kept(dest, kept):
    assert rules.keep(dest) is kept


def test_a_system_library_is_kept_only_while_something_kept_links_it():
    binaries = [
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/qt/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/qt/libqgtk3.so", "BINARY"),
        ("libglib-2.0.so.0", "/lib/libglib-2.0.so.0", "BINARY"),
        ("libpcre2-8.so.0", "/lib/libpcre2-8.so.0", "BINARY"),     # linked by glib only
        ("libcairo.so.2", "/lib/libcairo.so.2", "BINARY"),         # linked by qgtk3 only
        ("VCRUNTIME140.dll", "/win/VCRUNTIME140.dll", "BINARY"),    # named in upper case, linked in lower
        ("libpython3.11.so.1.0", "/py/libpython3.11.so.1.0", "BINARY"),
    ]
    datas = [("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
             ("libqgtk3.so", "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "SYMLINK"),
             ("forms/formats/gov-2021.yaml", "/src/gov-2021.yaml", "DATA")]
    links = {"/qt/libQt6Gui.so.6": {"libglib-2.0.so.0", "vcruntime140.dll"},
             "/lib/libglib-2.0.so.0": {"libpcre2-8.so.0"},
             "/qt/libqgtk3.so": {"libcairo.so.2", "libglib-2.0.so.0"}}
    kept_binaries, kept_datas = rules.selected(binaries, datas, lambda source: links.get(source, set()))
    assert [dest for dest, _, _ in kept_binaries] == ["PySide6/Qt/lib/libQt6Gui.so.6", "libglib-2.0.so.0",
                                                      "libpcre2-8.so.0", "VCRUNTIME140.dll", "libpython3.11.so.1.0"]
    assert [dest for dest, _, _ in kept_datas] == ["libQt6Gui.so.6", "forms/formats/gov-2021.yaml"]
