"""Type information for the Python bridges, so that qmllint checks every property QML reads.

The bridges (kiosk/qt/{bridge,topics,page,card,display,admin}.py) are registered from
Python in the QML module ``Kiosk.Bridges`` (``QmlElement``); QML imports it and types
its properties with them (``required property PageBridge page``). qmllint cannot run
Python, so this script describes them the way PySide6's own ``pyside6-project`` does:
``pyside6-metaobjectdump`` reads the classes from the source into Qt's metatypes JSON, and
``pyside6-qmltyperegistrar`` turns that into a ``.qmltypes`` file in a module folder with
a ``qmldir``. Nothing here is needed at run time; the output is generated, not committed.

    python -m kiosk.buildtools.qmltypes [OUT]   # default: build/qmltypes; then
    pyside6-qmllint -I build/qmltypes -I kiosk/qml kiosk/qml/Kiosk/*.qml
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
MODULE = "Kiosk.Bridges"
# The base class first: metaobjectdump learns that its subclasses are QObjects from it.
SOURCES = ["viewbridge", "bridge", "topics", "page", "card", "check", "display", "admin", "speech", "keypad", "pictures"]


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found (it comes with PySide6)")
    return found


def qt_metatypes_dir() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "metatypes"


# Python types in Property()/Signal() that metaobjectdump passes on by their Python name:
# what PySide6 makes of them at run time.
CPP_TYPES = {"list": "QVariantList", "float": "double", "dict": "QVariantMap", "object": "QVariant"}


def qml_types(dump: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The dump with each property's, signal's and slot's Python type named as Qt knows it."""
    for module in dump:
        for cls in module.get("classes", []):
            for prop in cls.get("properties", []):
                prop["type"] = CPP_TYPES.get(prop["type"], prop["type"])
            for method in (*cls.get("signals", []), *cls.get("slots", [])):
                for arg in method.get("arguments", []):
                    arg["type"] = CPP_TYPES.get(arg["type"], arg["type"])
                if "returnType" in method:
                    method["returnType"] = CPP_TYPES.get(method["returnType"], method["returnType"])
    return dump


def generate(out: Path = REPO / "build" / "qmltypes") -> Path:
    """Write ``<out>/Kiosk/Bridges/{qmldir,bridges.qmltypes}``; returns ``out`` (a qmllint -I folder)."""
    module_dir = out.joinpath(*MODULE.split("."))
    module_dir.mkdir(parents=True, exist_ok=True)
    sources = [str(REPO / "kiosk" / "qt" / f"{name}.py") for name in SOURCES]
    with tempfile.TemporaryDirectory() as tmp:
        metatypes = Path(tmp) / "kiosk_bridges_metatypes.json"
        subprocess.run([tool("pyside6-metaobjectdump"), "--quiet", "-o", str(metatypes), *sources], check=True)
        metatypes.write_text(json.dumps(qml_types(json.loads(metatypes.read_text()))))
        core = qt_metatypes_dir() / "qt6core_metatypes.json"
        subprocess.run([tool("pyside6-qmltyperegistrar"), "--generate-qmltypes", str(module_dir / "bridges.qmltypes"),
                        "-o", str(Path(tmp) / "registrations.cpp"), "--import-name", MODULE, "--major-version", "1",
                        "--minor-version", "0", "--foreign-types", str(core), str(metatypes)], check=True)
    (module_dir / "qmldir").write_text(f"module {MODULE}\ntypeinfo bridges.qmltypes\n")
    return out


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / "qmltypes"))
