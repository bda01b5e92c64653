"""The bundle keeps everything the app uses: the keep lists against the app's imports.

kiosk.spec drops every Qt module, plugin and QML module that kiosk/buildtools/bundle.py does not
list. These tests import those lists and the filter (without building anything) and fail when the
app imports a PySide6 module, a QML module or an image format the bundle would cut, so a needed
module is never missing from the frozen kiosk.
They also check the Debian service file for the settings a kiosk depends on.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import tomllib
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

from kiosk.buildtools import bundle

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "kiosk.spec"
QML_DIR = REPO / "kiosk" / "qml"
OWN_QML_MODULES = {"Kiosk"}
WINDOWS_ONLY_PLUGINS = {"qwindows", "qdirect2d", "qtexttospeech_sapi", "qtexttospeech_winrt", "windowsmediaplugin"}
# Image formats Qt reads without a plugin, and the plugin each other format needs.
BUILT_IN_IMAGE_FORMATS = {".png", ".bmp", ".ppm", ".pbm", ".pgm", ".xbm", ".xpm"}
IMAGE_PLUGINS = {".svg": "qsvg", ".svgz": "qsvg", ".jpg": "qjpeg", ".jpeg": "qjpeg", ".gif": "qgif",
                 ".webp": "qwebp", ".tif": "qtiff", ".tiff": "qtiff", ".ico": "qico", ".tga": "qtga"}


def keep(name: str) -> Any:
    assert hasattr(bundle, name), f"kiosk/buildtools/bundle.py has no {name} list"
    return getattr(bundle, name)


def pyside6_imports() -> dict[str, set[str]]:
    """PySide6 module -> the files under kiosk/ that import it (or name it in a string)."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        rel = str(path.relative_to(REPO))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + (
                    [f"PySide6.{alias.name}" for alias in node.names] if node.module == "PySide6" else []
                )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = re.findall(r"^PySide6\.Qt\w+$", node.value)
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.setdefault(parts[1], set()).add(rel)
    return found


def qml_imports() -> dict[str, set[str]]:
    """QML module -> the .qml and qmldir files under kiosk/qml that import it."""
    found: dict[str, set[str]] = {}
    files = sorted(QML_DIR.rglob("*.qml")) + sorted(QML_DIR.rglob("qmldir"))
    for path in files:
        rel = str(path.relative_to(REPO))
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*(?:import|depends)\s+([A-Za-z_][\w.]*)", line)
            if m:
                module = m.group(1)
                if module.split(".")[0] not in OWN_QML_MODULES:
                    found.setdefault(module, set()).add(rel)
    return found


pyside_dir, installed_qml_root, qml_closure = bundle.pyside_dir, bundle.qml_root, bundle.qml_closure


def test_the_app_imports_pyside6_and_qml_at_all() -> None:
    """Guards the scanners themselves: they must find what the app plainly uses."""
    assert {"QtCore", "QtGui", "QtQml", "QtQuick"} <= set(pyside6_imports())
    assert "QtQuick" in qml_imports()


def test_every_imported_pyside6_module_is_kept() -> None:
    kept = set(keep("KEEP_PYSIDE6"))
    cut = {module: files for module, files in pyside6_imports().items() if module not in kept}
    assert not cut, (
        "the bundle would leave these PySide6 modules out, but the app imports them "
        f"(add them to KEEP_PYSIDE6): {cut}"
    )


def test_every_kept_pyside6_module_exists() -> None:
    missing = [m for m in keep("KEEP_PYSIDE6") if find_spec(f"PySide6.{m}") is None]
    assert not missing, f"KEEP_PYSIDE6 names modules PySide6 does not have: {missing}"


def test_every_qml_import_is_kept() -> None:
    kept = qml_closure(list(keep("KEEP_QML")))
    cut = {module: files for module, files in qml_imports().items() if module not in kept}
    assert not cut, f"the bundle would cut these QML modules the app's QML imports (add them to KEEP_QML): {cut}"


def test_every_kept_qml_module_exists() -> None:
    root = installed_qml_root()
    missing = [m for m in keep("KEEP_QML") if not (root.joinpath(*m.split(".")) / "qmldir").is_file()]
    assert not missing, f"KEEP_QML names QML modules PySide6 does not ship: {missing}"


def test_the_platforms_the_kiosk_runs_on_are_kept() -> None:
    plugins: dict[str, list[str]] = keep("KEEP_PLUGINS")
    # offscreen: self-test and --smoke in CI; wayland: cage (the .deb's session); xcb: X11;
    # eglfs: no compositor; windows: the Windows build.
    assert {"qoffscreen", "qwayland", "qxcb", "qeglfs", "qwindows"} <= set(plugins["platforms"])
    assert "xdg-shell" in plugins["wayland-shell-integration"], "cage talks xdg-shell"
    assert plugins["wayland-graphics-integration-client"], "Qt Quick on Wayland needs wayland-egl"


def test_every_kept_plugin_exists_in_this_pyside6() -> None:
    """Typo guard: a misspelt stem would silently drop the plugin."""
    if not (pyside_dir() / "Qt" / "plugins").is_dir():
        pytest.skip("checked on Linux, where the plugin names are known")
    root = pyside_dir() / "Qt" / "plugins"
    plugins: dict[str, list[str]] = keep("KEEP_PLUGINS")
    missing = []
    for folder, stems in plugins.items():
        present = {p.name.split(".")[0].removeprefix("lib") for p in (root / folder).glob("*")}
        missing += [f"{folder}/{stem}" for stem in stems if stem not in WINDOWS_ONLY_PLUGINS and stem not in present]
    assert not missing, f"KEEP_PLUGINS names plugins this PySide6 does not have: {missing}"


def test_speech_is_kept_when_the_app_speaks() -> None:
    if "QtTextToSpeech" not in pyside6_imports():
        pytest.skip("the app does not use text-to-speech")
    plugins: dict[str, list[str]] = keep("KEEP_PLUGINS")
    assert "qtexttospeech_speechd" in plugins["texttospeech"], "Linux's only real engine is speech-dispatcher"
    assert {"qtexttospeech_sapi", "qtexttospeech_winrt"} & set(plugins["texttospeech"]), "Windows needs SAPI or WinRT"
    assert {"Qt6TextToSpeech", "Qt6Multimedia"} <= set(keep("KEEP_QT_LIBS"))


def test_every_image_format_in_the_content_is_readable() -> None:
    plugins: dict[str, list[str]] = keep("KEEP_PLUGINS")
    kept = set(plugins.get("imageformats", []))
    suffixes = {p.suffix.lower() for folder in ("content", "resources") for p in (REPO / folder).rglob("*") if p.is_file()}
    needed = {IMAGE_PLUGINS[s] for s in suffixes if s in IMAGE_PLUGINS and s not in BUILT_IN_IMAGE_FORMATS}
    assert needed <= kept, f"the content has images that need these imageformats plugins: {sorted(needed - kept)}"


def test_every_data_folder_the_app_reads_is_bundled() -> None:
    data: list[tuple[str, str]] = keep("DATA_FILES")
    bundled = {dest for _source, dest in data}
    # kiosk/core/paths.py: content/ and resources/ at the bundle root, QML beside the package.
    assert {"content", "resources", "kiosk/qml"} <= bundled
    if any((REPO / "translations").glob("*.qm")):
        assert "translations" in bundled
    for source, dest in data:
        assert source.startswith(dest.split("/")[0]), f"{source} -> {dest}: the app looks for it where it is in the repo"


def test_qt_translations_only_for_languages_the_app_has() -> None:
    assert keep("KEEP_QT_TRANSLATIONS") == [], "the app shows no Qt-provided text; revisit if that changes"


def test_the_spec_takes_its_lists_and_filter_from_the_bundle_module() -> None:
    """One place: a KEEP_ list written into kiosk.spec again would be read by nothing."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    assigned = {t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}
    assert not {name for name in assigned if name.startswith("KEEP_")}, "KEEP_ lists belong in kiosk/buildtools/bundle.py"
    assert "from kiosk.buildtools.bundle import" in SPEC.read_text(encoding="utf-8")


def _plugin(folder: str, name: str) -> str:
    return f"PySide6/Qt/plugins/{folder}/{name}"


def test_the_filter_keeps_what_is_listed_and_drops_the_rest() -> None:
    filt = bundle.BundleFilter(frozenset({"QtCore", "QtGui"}), frozenset({"QtQuick"}), linux=True, windows=False)
    assert filt.classify(_plugin("platforms", "libqxcb.so"), "/x/libqxcb.so") == "keep"
    assert filt.classify(_plugin("platforms", "libqvnc.so"), "/x/libqvnc.so") == "drop"
    assert filt.classify(_plugin("imageformats", "libqjpeg.so"), "/x") == "drop"
    assert filt.classify("PySide6/QtCore.abi3.so", "/x") == "keep"
    assert filt.classify("PySide6/QtWebEngineCore.abi3.so", "/x") == "drop"
    assert filt.classify("PySide6/Qt/qml/QtQuick/qmldir", "/x") == "keep"
    assert filt.classify("PySide6/Qt/qml/QtQuick/Controls/qmldir", "/x") == "drop", "a submodule is a module of its own"
    assert filt.classify("PySide6/Qt/qml/QtQuick/plugins.qmltypes", "/x") == "drop"
    assert filt.classify("PySide6/Qt/lib/libQt6Core.so.6", "/x") == "qtlib"
    assert filt.classify("PySide6/Qt/translations/qtbase_de.qm", "/x") == "drop"
    assert filt.classify("libfontconfig.so.1", "/usr/lib/x86_64-linux-gnu/libfontconfig.so.1") == "drop", "a .deb dependency"
    assert filt.classify("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0") == "keep"


def test_the_filter_keeps_a_qt_library_only_when_something_kept_links_it(tmp_path: Path) -> None:
    filt = bundle.BundleFilter(frozenset({"QtCore"}), frozenset(), linux=True, windows=False)
    binaries = [
        ("PySide6/QtCore.abi3.so", "/w/QtCore.abi3.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/w/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "/w/libQt6Pdf.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6DBus.so.6", "/w/libQt6DBus.so.6", "BINARY"),  # in KEEP_QT_LIBS
    ]
    links = {"/w/QtCore.abi3.so": [("libQt6Core.so.6", None)]}
    kept, datas, dropped = filt.filter(binaries, [], lambda path: links.get(path, []), plugins=tmp_path)
    assert [e[0] for e in kept] == ["PySide6/QtCore.abi3.so", "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6DBus.so.6"]
    assert [e[0] for e in dropped] == ["PySide6/Qt/lib/libQt6Pdf.so.6"] and datas == []


def test_pyinstaller_and_its_hooks_are_pinned_together() -> None:
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    pins = {re.split(r"[=<>!~ ]", req, maxsplit=1)[0]: req for req in extras["build"]}
    assert set(pins) >= {"pyinstaller", "pyinstaller-hooks-contrib"}
    assert all("==" in pins[name] for name in ("pyinstaller", "pyinstaller-hooks-contrib")), pins


def test_the_spec_never_uses_upx_or_one_file() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "upx=True" not in text.replace(" ", "")
    assert "COLLECT(" in text and "exclude_binaries=True" in text, "one-folder: EXE without binaries, then COLLECT"


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in (REPO / "packaging" / "linux" / "clinic-kiosk.service").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_the_service_keeps_the_kiosk_up() -> None:
    unit = unit_settings()
    expected = {
        "Type": "notify", "NotifyAccess": "main", "WatchdogSec": "30", "Restart": "always", "RestartSec": "1",
        "StartLimitIntervalSec": "0", "User": "clinic-kiosk", "TTYPath": "/dev/tty1",
    }
    for key, value in expected.items():
        assert unit.get(key) == [value], f"{key}={unit.get(key)}, want {value}"
    start = unit["ExecStart"][-1]
    # The logind session moves cage and the kiosk out of the service's cgroup: systemd hears only
    # the main process, `kiosk session`, which passes the kiosk's READY=1 and pings on.
    assert start == "/opt/clinic-kiosk/kiosk session -- /usr/bin/cage -d -- /opt/clinic-kiosk/kiosk"
    assert any("setterm" in pre and "--blank 0" in pre for pre in unit.get("ExecStartPre", [])), "screen blanking off"


def test_the_service_is_sandboxed() -> None:
    """No privilege, no network, a read-only system: someone at the screen gets nothing from a bug."""
    unit = unit_settings()
    expected = {
        "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "tmpfs", "PrivateTmp": "yes",
        "ProtectKernelTunables": "yes", "ProtectKernelModules": "yes", "ProtectControlGroups": "yes",
        "RestrictAddressFamilies": "AF_UNIX AF_NETLINK", "IPAddressDeny": "any", "CapabilityBoundingSet": "",
        "SystemCallFilter": "@system-service", "UMask": "0027", "MemoryMax": "1G",
    }
    for key, value in expected.items():
        assert unit.get(key) == [value], f"{key}={unit.get(key)}, want {value}"
    assert "SupplementaryGroups" not in unit, "the device groups belong to the eglfs drop-in alone"
    eglfs = (REPO / "packaging" / "linux" / "eglfs.conf").read_text(encoding="utf-8")
    assert "\nSupplementaryGroups=video render input audio\n" in eglfs
    postinst = (REPO / "packaging" / "linux" / "postinst").read_text(encoding="utf-8")
    assert "usermod -a -G" not in postinst, "the kiosk user is never put in a device group for good"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze on this machine")
def test_the_service_exposure_is_at_most_3() -> None:
    """systemd's own score of the sandbox (debcheck checks it again on the installed unit)."""
    result = subprocess.run(["systemd-analyze", "security", "--offline=true", "--threshold=30",
                             str(REPO / "packaging" / "linux" / "clinic-kiosk.service")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert "Overall exposure level for clinic-kiosk.service" in result.stdout


# --- the fleet: Ansible role and the signed repository (tools/fleetcheck.sh runs them for real) ---
ANSIBLE = REPO / "packaging" / "ansible"
ROLE = ANSIBLE / "roles" / "clinic_kiosk"


def _yaml(path: Path) -> Any:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_ansible_files_parse_and_restart_only_through_the_handler() -> None:
    files = sorted(ANSIBLE.rglob("*.yml"))
    assert len(files) >= 6, files
    for path in files:
        _yaml(path)  # a YAML error fails here, with the file and line
    handlers = {handler["name"] for handler in _yaml(ROLE / "handlers" / "main.yml")}
    tasks = _yaml(ROLE / "tasks" / "main.yml")
    notified = {task["notify"] for task in tasks if "notify" in task}
    assert notified and notified <= handlers, f"notify {notified}, handlers {handlers}"
    for task in tasks:
        service = task.get("ansible.builtin.systemd_service") or {}
        assert service.get("state") != "restarted", f"{task['name']}: restart through the handler (only when changed)"


def test_every_role_variable_has_a_default() -> None:
    text = (ROLE / "tasks" / "main.yml").read_text(encoding="utf-8") + (
        ROLE / "templates" / "config.yaml.j2").read_text(encoding="utf-8")
    used = set(re.findall(r"\bclinic_kiosk_\w+", text)) - {"clinic_kiosk_staged"}  # a registered result
    task_vars = {name for task in _yaml(ROLE / "tasks" / "main.yml") for name in task.get("vars", {})}
    defaults = set(_yaml(ROLE / "defaults" / "main.yml")) | task_vars
    assert used <= defaults, f"no default for {sorted(used - defaults)}"


def test_the_role_writes_only_config_keys_the_kiosk_knows_and_the_pin_only_as_a_hash() -> None:
    from kiosk.core.config import Config

    template = (ROLE / "templates" / "config.yaml.j2").read_text(encoding="utf-8")
    written = set(re.findall(r"^(\w+):", template, re.MULTILINE))
    example = _yaml(ANSIBLE / "group_vars" / "kiosks" / "vars.yml")
    assert written <= set(Config.model_fields), sorted(written - set(Config.model_fields))
    assert set(example["clinic_kiosk_config"]) <= set(Config.model_fields)
    assert re.search(r"^admin_pin_hash: .*clinic_kiosk_admin_pin_hash", template, re.MULTILINE)
    assert example["clinic_kiosk_admin_pin_hash"] == "{{ vault_clinic_kiosk_admin_pin_hash }}", "the hash comes from the vault"
    assert "pin" not in " ".join(_yaml(ROLE / "defaults" / "main.yml")).replace("pin_hash", ""), "never the PIN itself"


def test_the_fleet_scripts_are_valid_bash() -> None:
    for script in ("tools/apt-repo.sh", "tools/fleetcheck.sh"):
        result = subprocess.run(["bash", "-n", str(REPO / script)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{script}: {result.stderr}"


@pytest.mark.parametrize("script", ["bootcheck.sh"])
def test_the_boot_check_script_parses(script: str) -> None:
    """tools/bootcheck.sh runs only as root with systemd-nspawn (CI's stage): check it here at least parses,
    with shellcheck too where it is installed."""
    path = REPO / "tools" / script
    result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "sudo bash tools/bootcheck.sh dist/clinic-kiosk_<version>_amd64.deb" in text and "--repo DIR --key KEYFILE" in text
    if shutil.which("shellcheck"):
        result = subprocess.run(["shellcheck", "-S", "warning", str(path)], capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stdout[-3000:]
