"""``kiosk self-test``: can this machine run the kiosk? Config (one line per problem), admin PIN,
content packs and the folders the kiosk writes, content (every pack the kiosk shows),
drawings, fonts, log folder, text-to-speech and the Qt platform, each PASS, WARN or FAIL."""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import LoadedConfig
from ..core.contentsource import content_folders
from ..core.logsetup import default_log_dir
from ..core.paths import FONT_FAMILIES, FONT_FAMILY, font_files
from ..core.speechplan import library_loads

if TYPE_CHECKING:
    from ..core.loader import Content


@dataclass(frozen=True)
class Check:
    status: str  # PASS, WARN or FAIL
    name: str
    detail: str


def content_checks(folder: Path) -> tuple[list[Check], Content | None]:
    """One content folder (one pack): does it validate, and do its drawings draw cleanly with Qt."""
    from ..core.loader import load_content
    from ..qt.svgcheck import check_svg

    checks: list[Check] = []
    result = load_content(folder, picture_check=check_svg, cache=True)  # shares kiosk validate's cache
    if result.ok and result.content is not None:
        content = result.content
        topics = [content.topic(t.id) for t in content.topics]
        pictures = {content.picture_path(t.tile) for t in topics}
        pictures |= {content.picture_path(step.picture) for t in topics for step in t.steps}
        pictures |= {content.picture_path(stage.picture) for t in topics for stage in t.stages}
        checks.append(Check("PASS", "content", f"{folder}: {content.pack.id}, {len(content.topics)} topics, "
                                               f"version {content.pack.version}"))
        checks.append(Check("PASS", "drawings", f"all {len(pictures)} drawings the topics use draw cleanly with Qt"))
        drafts = [t.id for t in content.topics if t.review.status == "draft"]
        if drafts:
            checks.append(Check("WARN", "clinical review",
                                f"{content.pack.id}: not yet reviewed by a clinician: " + ", ".join(drafts)))
    else:
        first = "; ".join(str(p) for p in result.errors[:5])
        more = f" (and {len(result.errors) - 5} more)" if len(result.errors) > 5 else ""
        picture_errors = [p for p in result.errors if "picture" in p.message]
        checks.append(Check("FAIL", "content", f"{folder}: {first}{more}"))
        checks.append(Check("FAIL" if picture_errors else "PASS", "drawings", f"{len(picture_errors)} picture problem(s)"))
    return checks, result.content if result.ok else None


def font_check() -> Check:
    """Whether every bundled font file reads, with every family the kiosk asks for; needs a
    QGuiApplication.

    The fonts are read, not installed. (Installed, they would join the running kiosk's own: on
    a 4K screen the plain files then stood in for the fonts it loads with the colour marker, and
    every self-test from the admin screen added another copy of each.)"""
    from PySide6.QtGui import QRawFont

    files = font_files()
    loaded_families = set()
    for path in files:
        font = QRawFont(str(path), 12)
        if font.isValid():
            loaded_families.add(font.familyName())
    missing_families = [family for family in FONT_FAMILIES if family not in loaded_families]
    if files and FONT_FAMILY in loaded_families and not missing_families:
        return Check("PASS", "fonts", f"{', '.join(FONT_FAMILIES)} ({len(files)} files)")
    if files and FONT_FAMILY in loaded_families:
        return Check("FAIL", "fonts", f"missing or unreadable: {', '.join(missing_families)} (some languages would show boxes)")
    return Check("FAIL", "fonts", f"the {FONT_FAMILY} font files are missing or unreadable")


def run_checks(
    loaded: LoadedConfig, content_dirs: list[Path] | None = None, have_library: Callable[[str], bool] = library_loads
) -> list[Check]:
    """Every check; needs a QGuiApplication (the drawing and platform checks render with Qt)."""
    from PySide6.QtGui import QGuiApplication

    from ..core.loader import combine

    # Config, PIN, packs and the folders the kiosk writes
    checks = setup_checks(loaded)

    # Content and drawings: every pack the kiosk shows, each on its own
    valid = []
    for folder in content_dirs or content_folders(loaded):
        found, content = content_checks(folder)
        checks += found
        if content is not None:
            valid.append(content)
    library = combine(valid) if valid else None

    checks.append(font_check())

    # Log folder
    log_dir = Path(loaded.config.log_dir) if loaded.config.log_dir else default_log_dir()
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=log_dir, prefix=".selftest-"):
            pass
        checks.append(Check("PASS", "log folder", f"{log_dir} is writable"))
    except OSError as exc:
        checks.append(Check("FAIL", "log folder", f"{log_dir} is not writable ({exc.strerror})"))

    # Text-to-speech: optional. Without a speech library the kiosk hides its speaker buttons;
    # the warning names the packages that turn read-aloud on.
    from ..qt.speech import Speech

    speech = Speech(have_library=have_library)
    speech.set_preferred_voices(dict(loaded.config.voices))
    content_languages = list(library.pack.languages) if library is not None else ["en"]
    languages = list(loaded.config.languages or content_languages)
    # A language without a voice: a warning, or a failure where the config requires read-aloud.
    missing_status = "FAIL" if loaded.config.read_aloud_required else "WARN"
    if not speech.plan.on:
        checks.append(Check(missing_status, "text-to-speech", speech.plan.describe()))
    else:
        checks.append(Check("PASS", "text-to-speech", f"engine {speech.plan.engine}; the voice for each language:"))
        checks.extend(Check(missing_status if alert else "PASS", "  read aloud", text)
                      for text, alert in speech.voice_rows(languages))
    # Keypad mode (arrow keys, Enter, Escape, Home, help) works in every language; where no voice
    # reads the language it shows the focus ring but says nothing.
    silent = languages if not speech.plan.on else [code for code in languages if code not in speech.voiced(languages)]
    if silent:
        checks.append(Check(missing_status, "keypad",
                            f"keypad mode works with the focus ring only, without speech, in: {', '.join(silent)}"))
    else:
        checks.append(Check("PASS", "keypad", "keypad mode speaks every control and screen in every language"))
    speech.shut_down()
    speech.deleteLater()

    # Qt platform and the QML front end
    app = QGuiApplication.instance()
    platform = QGuiApplication.platformName() if app is not None else "none"
    try:
        from ..qt.app import KioskWindow, WindowOptions

        window = KioskWindow(library, WindowOptions(windowed=True, width=640, height=360, read_aloud=False))
        window.dispose()
        checks.append(Check("PASS", "Qt platform", f"'{platform}', and the kiosk's QML loads"))
    except Exception as exc:  # noqa: BLE001 - any failure to build the window is the finding
        checks.append(Check("FAIL", "Qt platform", f"'{platform}': the kiosk's QML does not load ({exc})"))
    return checks


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is no reason to fail a check
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def _why(exc: OSError) -> str:
    name = Path(exc.filename).name if isinstance(exc.filename, str) else ""
    return f"{exc.strerror or exc}: {name}" if name else str(exc.strerror or exc)


def _write_problem(folder: Path) -> str | None:
    """Why this user cannot create files in ``folder`` (or, if it does not exist yet, in the
    nearest folder above it, where it would be made); None when it can. Leaves nothing behind."""
    target = folder
    while not target.exists() and target.parent != target:
        target = target.parent
    try:
        with tempfile.NamedTemporaryFile(dir=target, prefix=".selftest-"):
            pass
    except OSError as exc:
        return _why(exc)
    return None


def _config_checks(loaded: LoadedConfig) -> list[Check]:
    if not loaded.found:
        return [Check("WARN", "config", f"{loaded.path} not found; the kiosk runs with the defaults")]
    if loaded.ok:
        return [Check("PASS", "config", str(loaded.path))]
    # One line per problem: each key that fell back, with its file and line.
    return [Check("FAIL" if p.severity == "error" else "WARN", "config", str(p)) for p in loaded.problems]


def _pin_check(loaded: LoadedConfig) -> Check:
    from ..core.pin import MAX_DIGITS, MIN_DIGITS, describe_hash, hash_strength

    stored = loaded.config.admin_pin_hash
    if "admin_pin_hash" in loaded.rejected:
        return Check("FAIL", "admin PIN", "admin_pin_hash is not a hash from `kiosk set-pin`: the admin screen cannot be "
                                          "opened; run kiosk set-pin and paste the whole line it prints")
    if not stored:
        return Check("WARN", "admin PIN", "none configured: the admin screen cannot be opened on the kiosk (kiosk set-pin)")
    if hash_strength(stored) == "weak":
        return Check("WARN", "admin PIN", f"set on an older kiosk ({describe_hash(stored)}; 4 or 5 digits were allowed then): "
                                          f"cheaper to crack; set a new PIN of {MIN_DIGITS} to {MAX_DIGITS} digits with kiosk set-pin")
    return Check("PASS", "admin PIN", f"set ({describe_hash(stored)})")


def _pack_checks(loaded: LoadedConfig) -> list[Check]:
    config = loaded.config
    checks: list[Check] = []
    if "pack_public_key" in loaded.rejected:
        checks.append(Check("FAIL", "content packs", "pack_public_key is not a valid key (see the config line above): every "
                                                     "content pack is refused until it is fixed"))
    elif "pack_public_keys" in loaded.rejected and not config.pack_public_key:
        checks.append(Check("FAIL", "content packs", "pack_public_keys is not valid (see the config line above): every "
                                                     "content pack is refused until it is fixed"))
    elif config.pack_public_key or config.pack_public_keys:
        keys = [f"{key.key[:8]}…" + (f" ({', '.join(key.packs)} only)" if key.packs else "") for key in config.trusted_keys()]
        checks.append(Check("PASS", "content packs", f"only packs signed with the key {keys[0]} are installed" if len(keys) == 1
                            else f"only packs signed with one of the keys {', '.join(keys)} are installed"))
        if "pack_public_keys" in loaded.rejected:
            checks.append(Check("FAIL", "content packs", "pack_public_keys is not valid (see the config line above): packs "
                                                         "signed with those keys are refused until it is fixed"))
    elif config.allow_unsigned_packs and (config.content_inbox or config.content_store):
        where = config.content_inbox or config.content_store
        checks.append(Check("WARN", "content packs", "unsigned packs are accepted (allow_unsigned_packs: true): anyone who can "
                                                     f"write to {where} can change what patients see"))
    elif config.content_inbox:
        checks.append(Check("FAIL", "content packs", "content_inbox is set but pack_public_key is not: every pack dropped there "
                                                     "is refused. Set pack_public_key (from kiosk keygen), or "
                                                     "allow_unsigned_packs: true (never for a kiosk in a public place)"))
    elif config.content_store:
        checks.append(Check("WARN", "content packs", "no pack_public_key: kiosk install-pack refuses every pack. Set "
                                                     "pack_public_key (from kiosk keygen)"))
    if config.content_store:
        checks.append(_store_check(Path(config.content_store)))
    if config.content_inbox:
        inbox = Path(config.content_inbox)
        if not inbox.exists():
            checks.append(Check("WARN", "content inbox", f"{inbox} does not exist: create it, writable by the kiosk's user"))
        elif not inbox.is_dir():
            checks.append(Check("FAIL", "content inbox", f"{inbox} is a file, not a folder"))
        else:
            why = _write_problem(inbox)
            checks.append(Check("FAIL", "content inbox", f"{inbox}: user {_user()} cannot write here ({why}); packs dropped "
                                                         "there cannot be taken in or set aside") if why else
                          Check("PASS", "content inbox", f"{inbox} is writable"))
    return checks


def _store_check(root: Path) -> Check:
    """The kiosk opens ``root/.lock`` for writing at every start and installs by renaming into
    ``versions/``: a store it cannot write stops it (an install-pack run as root leaves one)."""
    if root.exists() and not root.is_dir():
        return Check("FAIL", "content store", f"{root} is a file, not a folder")
    why = None
    lock = root / ".lock"
    if os.path.lexists(lock):
        try:  # open it as the kiosk does, without creating anything (as root that would be root's)
            os.close(os.open(lock, os.O_RDWR))
        except OSError as exc:
            why = _why(exc)
    elif root.is_dir():
        try:  # as the kiosk would make it, then gone again
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            os.close(fd)
            os.unlink(lock)
        except OSError as exc:
            why = _why(exc)
    for folder in (root, root / "versions"):
        if why is None and (folder == root or folder.is_dir()):
            why = _write_problem(folder)
    if why:
        return Check("FAIL", "content store", f"{root}: user {_user()} cannot write here ({why}); the kiosk would stop at "
                                              f"every start. Give the folder to the kiosk's user (chown -R clinic-kiosk {root}) "
                                              "and run install-pack as that user")
    return Check("PASS", "content store", f"{root} is writable by user {_user()}")


def setup_checks(loaded: LoadedConfig) -> list[Check]:
    """The checks that need no Qt: the config's problems, the PIN, content packs, and the
    folders the kiosk writes (store, inbox, status files, its state folder)."""
    from ..core.paths import usage_file

    config = loaded.config
    checks = _config_checks(loaded)
    checks.append(_pin_check(loaded))
    checks.extend(_pack_checks(loaded))
    if config.status_dir:
        status = Path(config.status_dir)
        if status.exists() and not status.is_dir():
            checks.append(Check("FAIL", "status files", f"{status} is a file, not a folder: status.json and clinic_kiosk.prom "
                                                        "cannot be written there"))
        else:
            why = _write_problem(status)
            checks.append(Check("FAIL", "status files", f"{status}: user {_user()} cannot write here ({why})") if why else
                          Check("PASS", "status files", f"{status} is writable (status.json and clinic_kiosk.prom, readable by all)"))
    state = usage_file().parent
    blocked = state.exists() and not state.is_dir()
    why = "it is not a folder" if blocked else _write_problem(state)
    if why:
        level = "FAIL" if config.admin_pin_hash else "WARN"
        checks.append(Check(level, "state folder", f"{state}: user {_user()} cannot write here ({why}): the PIN lockout would "
                                                    "not survive a restart and usage counts are lost"))
    else:
        checks.append(Check("PASS", "state folder", f"{state} (usage counts, PIN lock) is writable"))
    return checks


def format_report(checks: list[Check]) -> str:
    lines = [f"{c.status:4}  {c.name}: {c.detail}" for c in checks]
    failed = sum(c.status == "FAIL" for c in checks)
    warned = sum(c.status == "WARN" for c in checks)
    lines.append(f"self-test: {'FAILED' if failed else 'passed'} ({failed} failed, {warned} warning(s))")
    return "\n".join(lines)


def report(loaded: LoadedConfig) -> str:
    """The admin screen's self-test (the running kiosk's own config and content), as text."""
    return format_report(run_checks(loaded))


def main(loaded: LoadedConfig, content_dirs: list[Path] | None) -> int:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen: check what can be checked
    from ..qt.app import make_application

    make_application()
    checks = run_checks(loaded, content_dirs)
    print(format_report(checks))
    return 1 if any(c.status == "FAIL" for c in checks) else 0
