"""``kiosk pack``, ``kiosk keygen``, ``kiosk install-pack``, ``kiosk rollback``, ``kiosk remove-pack`` and ``kiosk packs``.

One-line messages, exit 0 on success and 1 otherwise; bad input never shows a
traceback. The work itself is in ``kiosk.core.packs``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.config import LoadedConfig
    from ..core.loader import PictureCheck
    from ..core.packs.store import ContentStore, Validate


WORKER_MEMORY = 2 * 1024**3  # address space for the kiosk's pack check (it needs about 100 MB)


def _say(message: str) -> None:
    print(message)


def _fail(command: str, message: str) -> int:
    print(f"kiosk {command}: {message}", file=sys.stderr)
    return 1


def svg_check() -> PictureCheck:
    """Qt's SVG check of a drawing, as ``kiosk validate`` uses it (headless: no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ..qt.app import make_application
    from ..qt.svgcheck import check_svg

    make_application()
    return check_svg


def checked_validator() -> Validate:
    """What install-pack checks a pack with: everything ``kiosk validate`` checks, drawings included."""
    from ..core.packs.making import content_validator

    return content_validator(svg_check())


def main(command: str, args: argparse.Namespace, loaded_config: LoadedConfig) -> int:
    try:
        if command == "pack":
            return cmd_pack(args.dir, args.out, args.signed_off_by, args.key, draft=getattr(args, "draft", False))
        if command == "keygen":
            return cmd_keygen(args.private, args.public)
        if command == "install-pack":
            if getattr(args, "worker", False):
                return cmd_inbox_worker(args.file)
            return cmd_install(args.file, loaded_config, allow_downgrade=getattr(args, "allow_downgrade", False))
        if command == "rollback":
            return cmd_rollback(loaded_config, getattr(args, "pack_id", None))
        if command == "remove-pack":
            return cmd_remove(loaded_config, args.pack_id)
        if command == "packs":
            return cmd_packs(loaded_config)
    except KeyboardInterrupt:
        return _fail(command, "interrupted")
    except Exception as exc:  # noqa: BLE001 - a bug or an input nobody foresaw: one line, never a traceback
        text = " ".join(str(exc).split())
        return _fail(command, f"error: {type(exc).__name__}: {text[:500]}" if text else f"error: {type(exc).__name__}")
    raise AssertionError(command)


def cmd_pack(folder: Path, out: Path, signed_off_by: str, key_file: Path | None, draft: bool = False) -> int:
    from ..core.loader import load_content
    from ..core.packs.making import draft_reasons, make_pack

    if not folder.is_dir():
        return _fail("pack", f"{folder} is not a folder")
    if out.suffix.lower() != ".zip":
        return _fail("pack", f"name the pack with .zip at the end ({out})")
    if not signed_off_by.strip():
        return _fail("pack", "say who signed the content off: --signed-off-by NAME")
    key = None
    if key_file is not None:
        try:
            key = key_file.read_bytes()
        except OSError as exc:
            return _fail("pack", f"cannot read the key {key_file}: {exc.strerror or exc}")
    result = load_content(folder, picture_check=svg_check())
    if result.errors:
        for problem in result.problems:
            print(problem)
        return _fail("pack", f"not packed: {folder} has {len(result.errors)} error(s); fix them and pack again")
    if result.content is None:  # the loader returns content whenever it reports no error
        raise RuntimeError(f"{folder}: no error and no content")
    drafts = draft_reasons(result.content)
    if drafts and not draft:
        more = f"; and {len(drafts) - 3} more" if len(drafts) > 3 else ""
        return _fail("pack", f"not packed: {folder} is not approved for patients: {'; '.join(drafts[:3])}{more}. "
                             "Have it reviewed (review.status: approved, translations approved in pack.yaml), "
                             "or pack it with --draft for a test kiosk")
    try:
        made = make_pack(folder, out, signed_off_by, key, draft=bool(drafts))
    except (ValueError, OSError) as exc:
        return _fail("pack", f"not packed: {exc}")
    warnings = len(result.warnings)
    what = " ".join(part for part in (made.pack_id, made.version) if part)
    _say(f"wrote {made.path}: content {what}, {made.files} files, "
         f"{'signed' if made.signed else 'unsigned'}, {'a DRAFT (not approved for patients), ' if made.draft else ''}"
         f"signed off by {signed_off_by.strip()}"
         + (f" ({warnings} warning(s): run kiosk validate {folder})" if warnings else ""))
    return 0


def cmd_keygen(private: Path, public: Path) -> int:
    from ..core.packs.keys import keygen

    try:
        text = keygen(private, public)
    except (FileExistsError, OSError) as exc:
        return _fail("keygen", str(exc) if isinstance(exc, FileExistsError) else f"cannot write the key: {exc}")
    _say(f"wrote the private key {private} (keep it secret; sign packs with kiosk pack --key {private}) "
         f"and the public key {public}")
    _say(f'put this line in every kiosk\'s config: pack_public_key: "{text}"')
    return 0


def _store(command: str, loaded_config: LoadedConfig) -> ContentStore | int:
    from ..core.packs.store import ContentStore

    root = loaded_config.config.content_store
    if not root:
        hint = " (the config has problems; see kiosk self-test)" if loaded_config.problems and loaded_config.found else ""
        return _fail(command, f"no content_store in the config {loaded_config.path}{hint}; "
                              "set content_store: \"/path/to/store\" first")
    owner = _other_owner(Path(root))
    if owner is not None:
        return _fail(command, f"run it as the store's owner, not as root: sudo -u {owner} kiosk {command} ...; "
                              "files root makes in the store would stop the kiosk installing packs")
    return ContentStore(Path(root))


def _other_owner(root: Path) -> str | None:
    """The store's owner, when this command runs as root and the store belongs to someone else (the kiosk's user)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    try:
        uid = root.stat().st_uid
    except OSError:
        return None
    if uid == 0:
        return None
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def cmd_install(file: Path, loaded_config: LoadedConfig, allow_downgrade: bool = False) -> int:
    store = _store("install-pack", loaded_config)
    if isinstance(store, int):
        return store
    if not file.is_file():
        return _fail("install-pack", f"{file} is not a file")
    config = loaded_config.config
    result = store.install(file, config.trusted_keys(), config.pack_max_mb * 1_000_000, checked_validator(),
                           allow_unsigned=config.allow_unsigned_packs, allow_downgrade=allow_downgrade)
    if not result.ok:
        return _fail("install-pack", f"refused {file.name}: {result.reason}; the kiosk keeps its current content")
    _say(f"{result.reason} into {result.folder}; {_when_shown(config.packs, result.pack_id)}")
    return 0


def _when_shown(packs: list[str], pack_id: str | None) -> str:
    if packs and pack_id not in packs:
        return (f"this kiosk does not show it: its config lists packs: [{', '.join(packs)}] (add {pack_id} there to show it)")
    return "the kiosk shows it from its next idle reset"


def cmd_inbox_worker(file: Path) -> int:
    """The running kiosk's check of one inbox pack, in a process of its own (``kiosk install-pack --worker``).

    kiosk.qt.runtime starts it with a time limit, so that no pack can freeze or crash the
    kiosk: it reads the request as JSON on stdin (store, inbox, public_key, max_bytes,
    allow_unsigned), installs ``file`` (already in the inbox's processing/ folder) with every
    check ``kiosk install-pack`` makes, never as a downgrade, moves it to installed/ or
    rejected/, and prints the result as one line of JSON.
    """
    import json

    from ..core.packs.inbox import settle_pack
    from ..core.packs.store import ContentStore

    try:  # a pack that would take gigabytes ends this process, not the kiosk (it shares the machine's memory)
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # Windows, or a lower limit already
    from ..core.packs.keys import TrustedKey

    request = json.loads(sys.stdin.read(1 << 16))
    store = ContentStore(Path(request["store"]))
    keys = [TrustedKey(str(entry["key"]), tuple(str(p) for p in entry.get("packs") or ())) for entry in request.get("public_keys") or []]
    if request.get("public_key"):  # a request from a kiosk of before pack_public_keys (one key, any pack)
        keys.insert(0, TrustedKey(str(request["public_key"])))
    result = store.install(file, keys, int(request["max_bytes"]), checked_validator(),
                           allow_unsigned=bool(request.get("allow_unsigned")))
    moved = settle_pack(file, Path(request["inbox"]), result)
    print(json.dumps({"ok": result.ok, "version": result.version, "reason": result.reason, "busy": result.busy,
                      "pack_id": result.pack_id, "moved": str(moved)}), flush=True)
    return 0


def cmd_rollback(loaded_config: LoadedConfig, pack_id: str | None = None) -> int:
    store = _store("rollback", loaded_config)
    if isinstance(store, int):
        return store
    result = store.rollback(pack_id)
    if not result.ok:
        return _fail("rollback", result.reason + ("; run kiosk rollback PACK_ID" if "say which" in result.reason else ""))
    _say(f"{result.reason}; the kiosk shows it from its next idle reset")
    return 0


def cmd_remove(loaded_config: LoadedConfig, pack_id: str) -> int:
    store = _store("remove-pack", loaded_config)
    if isinstance(store, int):
        return store
    result = store.remove(pack_id)
    if not result.ok:
        return _fail("remove-pack", result.reason)
    left = store.folders(loaded_config.config.packs)
    _say(f"{result.reason}; the kiosk stops showing it at its next idle reset"
         + ("" if left else " and shows its other content (content_dir, else the bundled content)"))
    return 0


def cmd_packs(loaded_config: LoadedConfig) -> int:
    """One line per installed pack: id, version, who signed it off and when, rollback, whether this kiosk shows it."""
    from ..core.packs.summary import pack_lines

    store = _store("packs", loaded_config)
    if isinstance(store, int):
        return store
    states = store.states()
    if not states:
        _say(f"no content packs are installed in {store.root}")
        return 0
    for line in pack_lines(states, loaded_config.config.packs):
        _say(line)
    return 0
