"""Content packs: make, sign, verify, install, roll back; every refusal; a kill at every install stage."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from kiosk.core.loader import load_content
from kiosk.core.paths import bundled_content_dir
from kiosk.core.packs import making, manifest, store as store_module
from kiosk.core.packs.inbox import InboxWatch, pending_content, process_inbox
from kiosk.core.packs.keys import keygen
from kiosk.core.packs.making import content_validator, make_pack
from kiosk.core.packs.store import STAGES, ContentStore, InstallResult

MB = 1_000_000
LIMIT = 50 * MB
VALIDATE = content_validator()


def TRUST(folder: Path) -> list[str]:
    """For setting a store up with packs other tests already validate: keeps the suite fast."""
    return []


class Killed(BaseException):
    """Stands for the process being killed: nothing catches it, nothing cleans up after it."""


# ---------------------------------------------------------------------------- helpers


def set_version(content: Path, version: str) -> None:
    pack_yaml = content / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("version:"))
    pack_yaml.write_text(text.replace(old, f'version: "{version}"'), encoding="utf-8")


def variant(content: Path, tmp: Path, version: str) -> Path:
    """A copy of ``content`` with another version and one changed summary (so files differ)."""
    import shutil

    target = tmp / f"content-{version}"
    shutil.copytree(content, target)
    set_version(target, version)
    topic = target / "topics" / "10-laminectomy.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(text.replace("summary:", f"# changed for {version}\nsummary:", 1), encoding="utf-8")
    return target


def rezip(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None] = lambda n, d: d,
          add: dict[str, bytes] | None = None) -> Path:
    """Copy a pack entry by entry; ``change`` may alter an entry's bytes or drop it (None)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info))
            if data is not None:
                zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def raw_pack(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], manifest_names: list[str] | None = None) -> Path:
    """A hand-made zip with a matching manifest, for entries kiosk pack would never write."""
    names = [e.filename if isinstance(e, zipfile.ZipInfo) else e for e, _ in entries]
    listed = manifest_names if manifest_names is not None else names
    data = dict(zip(names, (d for _, d in entries), strict=True))
    manifest = {"format": 1, "pack_id": "x", "content_version": "1", "date": "2026-01-01T00:00:00Z",
                "signed_off_by": "Tester", "files": {n: hashlib.sha256(data.get(n, b"")).hexdigest() for n in listed}}
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for entry, payload in entries:
            zf.writestr(entry, payload)
    return path


def assert_complete(folder: Path, version: str) -> None:
    """The folder is exactly one pack: its files are those its manifest lists, every hash matches, it validates."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["content_version"] == version
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"manifest.json", "manifest.sig"}
    on_disk = {name for name in on_disk if not name.startswith(".kiosk-cache/")}  # what the kiosk itself wrote
    assert on_disk == set(manifest["files"])
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    result = load_content(folder)
    assert result.ok, result.errors
    assert result.content is not None and result.content.pack.version == version


PACK = "spine-fbss"  # the bundled content's pack id: the slot every pack made from it goes into


def assert_tidy(store: ContentStore) -> None:
    """No work folders or temporary pointers; every slot is named by a pointer, every version folder too."""
    slots = sorted(store.packs.iterdir()) if store.packs.is_dir() else []
    for folder in (store.root, *slots):
        leftovers = [p.name for p in folder.iterdir() if p.name.startswith((".staging-", ".trash-")) or ".tmp-" in p.name]
        assert leftovers == []
    assert not (store.root / "versions").exists() and not (store.root / "current").exists()  # no one-pack layout left
    for folder in slots:
        slot = store.slot(folder.name)
        named = {f for f in (slot.current(), slot.previous(), slot.shown()) if f is not None}
        assert named and set(slot.versions.iterdir()) == named


@pytest.fixture(params=["symlinks", "pointer-files"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ContentStore:
    return ContentStore(tmp_path / "store", use_symlinks=request.param == "symlinks", lock_timeout=2)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for packs made once per module (tests only read them)."""
    import shutil

    folder = tmp_path_factory.mktemp("packs")
    shutil.copytree(bundled_content_dir(), folder / "content")
    return folder


@pytest.fixture(scope="module")
def two_packs(shared: Path) -> tuple[Path, Path]:
    """Pack A (version 2026.11.1, the bundled content) and pack B (2026.12.1)."""
    a = make_pack(shared / "content", shared / "a.zip", "Dr. A").path
    b = make_pack(variant(shared / "content", shared, "2026.12.1"), shared / "b.zip", "Dr. B").path
    return a, b


def install(store: ContentStore, pack: Path, key: str | None = None, max_bytes: int = LIMIT,
            validate: Callable[[Path], list[str]] = VALIDATE, allow_downgrade: bool = False) -> InstallResult:
    """Without a key, as a kiosk with allow_unsigned_packs: true (test kiosks)."""
    return store.install(pack, key, max_bytes, validate, allow_unsigned=key is None, allow_downgrade=allow_downgrade)


# ---------------------------------------------------------------------------- making packs


def test_core_packs_imports_no_qt() -> None:
    code = ("import sys, kiosk.core.packs.inbox, kiosk.core.packs.keys, kiosk.core.packs.making, kiosk.core.packs.manifest, "
            "kiosk.core.packs.store, kiosk.core.packs.zipcheck; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'kiosk.qt'))]; sys.exit(bool(bad))")
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO, check=False).returncode == 0


def test_make_pack_writes_every_file_with_its_hash_in_a_fixed_order(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "drawings").mkdir()
    (content_copy / "drawings" / "own.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (content_copy / ".DS_Store").write_bytes(b"junk")
    (content_copy / "topics" / ".10-laminectomy.yaml.swp").write_bytes(b"junk")
    made = make_pack(content_copy, tmp_path / "out" / "pack.zip", "  Dr. Signer ")
    assert (made.version, made.pack_id, made.signed) == ("2026.11.1", "spine-fbss", False)
    with zipfile.ZipFile(made.path) as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
        infos = zf.infolist()
    files = sorted(p.relative_to(content_copy).as_posix() for p in content_copy.rglob("*")
                   if p.is_file() and "/." not in "/" + p.relative_to(content_copy).as_posix())
    assert names == ["manifest.json", *files]
    assert "drawings/own.svg" in files and ".DS_Store" not in names
    assert manifest["files"] == {f: hashlib.sha256((content_copy / f).read_bytes()).hexdigest() for f in files}
    assert manifest["content_version"] == "2026.11.1" and manifest["signed_off_by"] == "Dr. Signer"
    assert manifest["date"].endswith("Z") and manifest["format"] == 1
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    again = make_pack(content_copy, tmp_path / "again.zip", "Dr. Signer")
    with zipfile.ZipFile(again.path) as zf:
        assert zf.namelist() == names


def test_make_pack_refuses_a_link_a_blank_signer_and_a_zip_inside_the_folder(content_copy: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="signed the content off"):
        make_pack(content_copy, tmp_path / "p.zip", " ")
    with pytest.raises(ValueError, match="outside the content folder"):
        make_pack(content_copy, content_copy / "p.zip", "Dr. A")
    (content_copy / "secret.yaml").symlink_to("/etc/hostname")
    with pytest.raises(ValueError, match="plain files only"):
        make_pack(content_copy, tmp_path / "p.zip", "Dr. A")
    assert not (tmp_path / "p.zip").exists()


def test_keygen_writes_a_private_key_only_its_owner_reads_and_a_base64_public_key(tmp_path: Path) -> None:
    public = keygen(tmp_path / "k", tmp_path / "k.pub")
    assert len(base64.b64decode(public)) == 32
    assert (tmp_path / "k.pub").read_text().strip() == public
    if os.name != "nt":
        assert stat.S_IMODE((tmp_path / "k").stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in (tmp_path / "k").read_bytes()
    with pytest.raises(FileExistsError):
        keygen(tmp_path / "k", tmp_path / "other.pub")


# ---------------------------------------------------------------------------- install and rollback


def test_pack_install_rollback_round_trip(store: ContentStore, content_copy: Path, tmp_path: Path, two_packs: tuple[Path, Path]) -> None:
    a, b = make_pack(content_copy, tmp_path / "a.zip", "Dr. A").path, two_packs[1]
    assert store.current() is None and store.previous() is None and pending_content(store) is None
    first = install(store, a)
    assert first.ok and first.version == "2026.11.1", first.reason
    assert store.current() == first.folder and store.previous() is None
    assert_complete(first.folder, "2026.11.1")
    assert list((first.folder / ".kiosk-cache").glob("index-*.json")), "the checked index the kiosk loads is written at install"
    for rel in json.loads((first.folder / "manifest.json").read_text())["files"]:
        assert (first.folder / rel).read_bytes() == (content_copy / rel).read_bytes()

    second = install(store, b)
    assert second.ok and second.reason == "installed spine-fbss 2026.12.1 (was 2026.11.1)" and second.pack_id == PACK
    assert (store.current(), store.previous()) == (second.folder, first.folder)
    assert_complete(second.folder, "2026.12.1")
    if store.use_symlinks:
        assert os.readlink(store.packs / PACK / "current") == f"versions/{second.folder.name}"
    else:
        assert (store.packs / PACK / "current").read_text().strip() == f"versions/{second.folder.name}"

    back = store.rollback()
    assert back.ok and back.reason == "rolled spine-fbss back to 2026.11.1 (from 2026.12.1)"
    assert (store.current(), store.previous()) == (first.folder, second.folder)
    forward = store.rollback()
    assert forward.ok and store.current() == second.folder
    assert store.manifest(store.current())["signed_off_by"] == "Dr. B"  # type: ignore[index]
    assert_tidy(store)


def test_installing_the_current_pack_again_changes_nothing(store: ContentStore, two_packs: tuple[Path, Path]) -> None:
    a, b = two_packs
    install(store, a)
    folder = install(store, b).folder
    again = install(store, b)
    assert again.ok and "already installed" in again.reason and again.folder == folder
    assert store.previous() is not None and store.previous() != folder
    older = install(store, a)  # the previous pack again: a downgrade, refused
    assert not older.ok and "content 2026.11.1 is older than the installed 2026.12.1" in older.reason
    assert store.current() == folder
    previous_again = install(store, a, allow_downgrade=True)  # IT forces it: reused, becomes current
    assert previous_again.ok and store.current() == previous_again.folder and store.previous() == folder


def test_rollback_without_a_previous_version_is_refused(store: ContentStore, two_packs: tuple[Path, Path]) -> None:
    assert not store.rollback().ok
    install(store, two_packs[0])
    result = store.rollback()
    assert not result.ok and "no previous version" in result.reason and store.current() is not None


def test_old_versions_are_pruned_but_not_the_one_on_screen(store: ContentStore, content_copy: Path, tmp_path: Path) -> None:
    packs_ = [make_pack(variant(content_copy, tmp_path, f"3.{i}"), tmp_path / f"p{i}.zip", "Dr. A").path for i in range(4)]
    shown = install(store, packs_[0]).folder
    assert store.mark_shown(shown)
    install(store, packs_[1])
    install(store, packs_[2])
    versions = store.slot(PACK).versions
    assert {p.name for p in versions.iterdir()} == {f.name for f in (store.current(), store.previous(), shown) if f}
    assert len(list(versions.iterdir())) == 3  # current, previous and what the kiosk still shows
    store.mark_shown(store.current())
    install(store, packs_[3])
    assert len(list(versions.iterdir())) == 2
    assert_tidy(store)


def test_pending_content_tells_the_runtime_when_to_swap(store: ContentStore, two_packs: tuple[Path, Path]) -> None:
    a, b = two_packs
    assert pending_content(store) is None
    folder_a = install(store, a).folder
    assert pending_content(store) == [folder_a]
    assert store.mark_shown(folder_a) and store.shown() == folder_a
    assert pending_content(store) is None
    folder_b = install(store, b).folder
    assert pending_content(store) == [folder_b]
    store.mark_shown([folder_b])
    store.rollback()
    assert pending_content(store) == [folder_a]
    store.mark_shown(None)  # the kiosk fell back to other content
    assert store.shown() is None and pending_content(store) == [folder_a]


# ---------------------------------------------------------------------------- signatures


def test_signed_pack_is_accepted_with_the_right_key(tmp_path: Path, content_copy: Path) -> None:
    public = keygen(tmp_path / "k", tmp_path / "k.pub")
    private = (tmp_path / "k").read_bytes()
    made = make_pack(content_copy, tmp_path / "signed.zip", "Dr. A", private)
    assert made.signed
    with zipfile.ZipFile(made.path) as zf:
        assert zf.namelist()[:2] == ["manifest.json", "manifest.sig"]
    store = ContentStore(tmp_path / "store")
    result = install(store, made.path, public)
    assert result.ok, result.reason
    assert (result.folder / "manifest.sig").is_file()


@pytest.fixture
def signed(tmp_path: Path, content_copy: Path) -> tuple[Path, str, ContentStore]:
    keygen(tmp_path / "k", tmp_path / "k.pub")
    pack = make_pack(content_copy, tmp_path / "signed.zip", "Dr. A", (tmp_path / "k").read_bytes()).path
    store = ContentStore(tmp_path / "store")
    return pack, (tmp_path / "k.pub").read_text(), store


def _tamper_file(name: str, data: bytes) -> bytes:
    return data.replace(b"summary:", b"summary: ", 1) if name == "topics/10-laminectomy.yaml" else data


def _tamper_manifest(name: str, data: bytes) -> bytes:
    return data.replace(b"Dr. A", b"Dr. Z") if name == "manifest.json" else data


@pytest.mark.parametrize(("case", "reason"), [
    ("unsigned", "not signed (no manifest.sig)"),
    ("wrong key", "signature does not match"),
    ("tampered file", "does not match its SHA-256"),
    ("tampered manifest", "signature does not match"),
    ("garbage signature", "not a base64 signature"),
    ("bad configured key", "pack_public_key"),
])
def test_signature_refusals(signed: tuple[Path, str, ContentStore], tmp_path: Path, content_copy: Path, case: str, reason: str) -> None:
    pack, public, store = signed
    key = public
    if case == "unsigned":
        pack = make_pack(content_copy, tmp_path / "unsigned.zip", "Dr. A").path
    elif case == "wrong key":
        key = keygen(tmp_path / "other", tmp_path / "other.pub")
    elif case == "tampered file":
        pack = rezip(pack, tmp_path / "t.zip", _tamper_file)
    elif case == "tampered manifest":
        pack = rezip(pack, tmp_path / "t.zip", _tamper_manifest)
    elif case == "garbage signature":
        pack = rezip(pack, tmp_path / "t.zip", lambda n, d: b"!!not base64!!" if n == "manifest.sig" else d)
    elif case == "bad configured key":
        key = "AAAA"
    result = install(store, pack, key)
    assert not result.ok and reason in result.reason, result.reason
    assert store.current() is None
    assert not store.packs.exists() or list(store.packs.iterdir()) == []  # a refused pack never reaches a slot
    assert not [p for p in store.root.iterdir() if p.name.startswith(".staging-")]


def test_without_a_configured_key_a_tampered_file_is_still_refused(signed: tuple[Path, str, ContentStore], tmp_path: Path) -> None:
    pack, _public, store = signed
    result = install(store, rezip(pack, tmp_path / "t.zip", _tamper_file), None)
    assert not result.ok and "'topics/10-laminectomy.yaml' does not match its SHA-256" in result.reason


# ---------------------------------------------------------------------------- unsafe and broken zips


def _link(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _zip_case(case: str, tmp_path: Path, good: Path) -> Path:
    path = tmp_path / f"{case.replace(' ', '-')}.zip"
    if case == "absolute path":
        return raw_pack(path, [("/etc/cron.d/evil", b"x")])
    if case == "dot dot":
        return raw_pack(path, [("topics/../../evil.yaml", b"x")])
    if case == "drive letter":
        return raw_pack(path, [("C:/evil.yaml", b"x")])
    if case == "backslash":
        return raw_pack(path, [("..\\evil.yaml", b"x")])
    if case == "symlink entry":
        return raw_pack(path, [(_link("glossary.yaml"), b"/etc/passwd")])
    if case == "duplicate name":
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate, which is the point
            return raw_pack(path, [("pack.yaml", b"a"), ("pack.yaml", b"b")])
    if case == "case-insensitive duplicate":
        return raw_pack(path, [("pack.yaml", b"a"), ("Pack.yaml", b"b")])
    if case == "file inside a file":
        return raw_pack(path, [("topics", b"a"), ("topics/a.yaml", b"b")])
    if case == "oversize total":
        return raw_pack(path, [("a.bin", b"\0" * 600_000), ("b.bin", b"\0" * 600_000)])
    if case == "extra file":
        return rezip(good, path, add={"topics/99-extra.yaml": b"id: extra\n"})
    if case == "missing file":
        return rezip(good, path, lambda n, d: None if n == "glossary.yaml" else d)
    if case == "no manifest":
        return rezip(good, path, lambda n, d: None if n == "manifest.json" else d)
    if case == "not a zip":
        path.write_bytes(b"PK\x03\x04 this is not really a zip")
        return path
    raise AssertionError(case)


@pytest.mark.parametrize(("case", "reason"), [
    ("absolute path", "zip entry '/etc/cron.d/evil' has an absolute path"),
    ("dot dot", "zip entry 'topics/../../evil.yaml' uses '..'"),
    ("drive letter", "starts with a drive letter"),
    ("backslash", "uses backslashes"),
    ("symlink entry", "zip entry 'glossary.yaml' is a symbolic link"),
    ("duplicate name", "zip entry 'pack.yaml' appears twice"),
    ("case-insensitive duplicate", "zip entry 'Pack.yaml' appears twice"),
    ("file inside a file", "lies inside the file 'topics'"),
    ("oversize total", "unpacks to more than the 1 MB limit"),
    ("extra file", "'topics/99-extra.yaml' is in the pack but not in the manifest"),
    ("missing file", "'glossary.yaml' is listed in the manifest but missing from the pack"),
    ("no manifest", "no manifest.json"),
    ("not a zip", "not a readable zip file"),
])
def test_unsafe_or_broken_zips_are_refused_and_the_store_keeps_its_content(
    store: ContentStore, two_packs: tuple[Path, Path], tmp_path: Path, case: str, reason: str,
) -> None:
    a, b = two_packs
    before = install(store, a, validate=TRUST).folder
    result = store.install(_zip_case(case, tmp_path, b), None, 1 * MB, VALIDATE, allow_unsigned=True)
    assert not result.ok and reason in result.reason, result.reason
    assert store.current() == before
    assert not (tmp_path / "evil.yaml").exists() and not (store.root / "evil.yaml").exists()
    assert_tidy(store)
    assert_complete(before, "2026.11.1")


def test_the_size_limit_is_also_counted_while_unpacking(store: ContentStore, two_packs: tuple[Path, Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Declared sizes can lie; the bytes actually unpacked are counted too."""
    real = store_module.check_zip
    monkeypatch.setattr(store_module, "check_zip", lambda zf, max_bytes: real(zf, 10**12))
    result = store.install(two_packs[0], None, 20_000, VALIDATE, allow_unsigned=True)
    assert not result.ok and "unpacks to more than the 0.02 MB limit" in result.reason
    assert store.current() is None and not [p for p in store.root.iterdir() if p.name.startswith(".staging-")]


def test_invalid_content_is_refused_with_file_and_line(store: ContentStore, content_copy: Path, tmp_path: Path) -> None:
    topic = content_copy / "topics" / "10-laminectomy.yaml"
    lines = topic.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("summary:")) + 1
    lines[index] = "  en: no"  # YAML reads this as false
    topic.write_text("\n".join(lines) + "\n")
    result = install(store, make_pack(content_copy, tmp_path / "bad.zip", "Dr. A").path)
    assert not result.ok
    assert result.reason.startswith("the content is not valid: "), result.reason
    assert f"topics/10-laminectomy.yaml:{index + 1}: summary.en: expected text" in result.reason
    assert "does not exist" not in result.reason, "no knock-on message about the topics that name it"
    assert store.current() is None


def test_a_manifest_version_other_than_pack_yaml_is_refused(store: ContentStore, content_copy: Path, tmp_path: Path) -> None:
    result = install(store, make_pack(content_copy, tmp_path / "v.zip", "Dr. A", version="9.9").path)
    assert not result.ok and "content version 9.9 but pack.yaml says 2026.11.1" in result.reason


def test_a_validator_that_raises_refuses_the_pack(store: ContentStore, two_packs: tuple[Path, Path]) -> None:
    def broken(folder: Path) -> list[str]:
        raise RuntimeError("boom")

    result = store.install(two_packs[0], None, LIMIT, broken, allow_unsigned=True)
    assert not result.ok and "the check itself failed (boom)" in result.reason


# ---------------------------------------------------------------------------- a kill at every stage


@pytest.fixture(scope="module")
def three_packs(shared: Path) -> list[Path]:
    """Packs of versions 1.0 (oldest), 2.0 (the old content), 3.0 (the new content)."""
    return [make_pack(variant(shared / "content", shared, v), shared / f"{v}.zip", "Dr. A").path for v in ("1.0", "2.0", "3.0")]


def _expected_after_kill(stage: str) -> str:
    return "3.0" if STAGES.index(stage) >= STAGES.index("switched-current") else "2.0"


def _check_after_kill(root: Path, stage: str, three: list[Path], use_symlinks: bool) -> None:
    store = ContentStore(root, use_symlinks=use_symlinks)  # a new process: the kiosk restarts
    expected = _expected_after_kill(stage)
    current = store.current()
    assert current is not None
    assert_complete(current, expected)  # the complete old or the complete new content, never a mix
    assert store.recover()
    assert store.current() == current
    assert_tidy(store)
    if stage == "switched-previous":
        assert store.previous() is None  # previous had become equal to current: dropped by the repair
    again = install(store, three[2], validate=TRUST)
    assert again.ok, again.reason
    assert_complete(store.current(), "3.0")  # type: ignore[arg-type]
    assert_tidy(store)


@pytest.mark.parametrize("stage", STAGES)
def test_a_kill_at_each_install_stage_leaves_old_or_new_content(store: ContentStore, three_packs: list[Path], stage: str) -> None:
    install(store, three_packs[0], validate=TRUST)
    install(store, three_packs[1], validate=TRUST)  # current 2.0, previous 1.0: installing 3.0 prunes 1.0 ("trashed")

    def fail_at(name: str) -> None:
        if name == stage:
            raise Killed(name)

    dying = ContentStore(store.root, fail_at=fail_at, use_symlinks=store.use_symlinks)
    with pytest.raises(Killed):
        install(dying, three_packs[2])
    _check_after_kill(store.root, stage, three_packs, store.use_symlinks)


@pytest.mark.parametrize("stage", STAGES)
def test_a_real_process_exit_at_each_install_stage_leaves_old_or_new_content(
    tmp_path: Path, three_packs: list[Path], stage: str,
) -> None:
    root = tmp_path / "store"
    store = ContentStore(root)
    install(store, three_packs[0], validate=TRUST)
    install(store, three_packs[1], validate=TRUST)
    child = textwrap.dedent(f"""
        import os, sys
        from kiosk.core.packs.store import ContentStore
        def fail_at(name):
            if name == {stage!r}:
                os._exit(137)
        ContentStore({str(root)!r}, fail_at=fail_at).install({str(three_packs[2])!r}, None, {LIMIT}, lambda folder: [], allow_unsigned=True)
        sys.exit(0)
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 137, done.stderr
    _check_after_kill(root, stage, three_packs, True)


@pytest.mark.parametrize("stage", ["switched-previous", "switched-current"])
def test_a_kill_during_rollback_leaves_old_or_new_content(store: ContentStore, three_packs: list[Path], stage: str) -> None:
    install(store, three_packs[1], validate=TRUST)
    install(store, three_packs[2], validate=TRUST)

    def fail_at(name: str) -> None:
        if name == stage:
            raise Killed(name)

    with pytest.raises(Killed):
        ContentStore(store.root, fail_at=fail_at, use_symlinks=store.use_symlinks).rollback()
    assert store.recover()
    assert_complete(store.current(), "3.0" if stage == "switched-previous" else "2.0")  # type: ignore[arg-type]
    assert_tidy(store)


def test_recover_repairs_broken_pointers(store: ContentStore, two_packs: tuple[Path, Path]) -> None:
    a, b = two_packs
    folder_a = install(store, a).folder
    folder_b = install(store, b).folder
    import shutil

    shutil.rmtree(folder_b)  # someone deleted the current version by hand
    slot = store.packs / PACK
    (slot / "shown").write_text("../../etc\n")  # and wrote nonsense into a pointer
    (store.root / ".staging-left-over").mkdir()
    (slot / ".current.tmp-abcd").write_text("versions/x\n")
    assert store.current() is None  # a dangling pointer never names a folder
    assert store.recover()
    assert store.current() == folder_a and store.previous() is None and store.shown() is None
    assert not (slot / "shown").exists()
    assert_tidy(store)


def test_a_busy_store_is_reported_not_waited_for_forever(store: ContentStore, two_packs: tuple[Path, Path]) -> None:
    other = ContentStore(store.root, lock_timeout=0.1)
    with store.lock():
        result = other.install(two_packs[0], None, LIMIT, VALIDATE)
        assert not result.ok and result.busy and "another process" in result.reason
        assert not other.recover(timeout=0)
    assert install(other, two_packs[0]).ok


# ---------------------------------------------------------------------------- the inbox


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def _drop(pack: Path, inbox: Path, name: str, age: int) -> Path:
    import shutil

    target = inbox / name
    shutil.copy(pack, target)
    when = 1_700_000_000 + age
    os.utime(target, (when, when))
    return target


def test_inbox_installs_good_packs_and_sets_bad_ones_aside_with_a_reason(
    store: ContentStore, two_packs: tuple[Path, Path], inbox: Path, tmp_path: Path,
) -> None:
    a, b = two_packs
    _drop(a, inbox, "zz-first.zip", 1)  # oldest: installed first although its name sorts last
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    _drop(tmp_path / "junk.zip", inbox, "broken.zip", 2)
    _drop(rezip(b, tmp_path / "t.zip", _tamper_file), inbox, "tampered.zip", 3)
    _drop(b, inbox, "aa-second.zip", 4)
    (inbox / "notes.txt").write_text("not a pack")
    (inbox / ".copying.zip").write_bytes(b"partial")

    results = process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True)
    assert [(p.name, r.ok) for p, r in results] == [
        ("zz-first.zip", True), ("broken.zip", False), ("tampered.zip", False), ("aa-second.zip", True)]
    assert sorted(p.name for p in (inbox / "installed").iterdir()) == ["aa-second.zip", "zz-first.zip"]
    assert sorted(p.name for p in (inbox / "rejected").iterdir()) == [
        "broken.zip", "broken.zip.reason.txt", "tampered.zip", "tampered.zip.reason.txt"]
    assert "not a readable zip file" in (inbox / "rejected" / "broken.zip.reason.txt").read_text()
    assert "does not match its SHA-256" in (inbox / "rejected" / "tampered.zip.reason.txt").read_text()
    assert sorted(p.name for p in inbox.iterdir()) == [".copying.zip", "installed", "notes.txt", "processing", "rejected"]
    assert list((inbox / "processing").iterdir()) == []
    assert store.manifest(store.current())["content_version"] == "2026.12.1"  # type: ignore[index]
    assert store.manifest(store.previous())["content_version"] == "2026.11.1"  # type: ignore[index]

    _drop(b, inbox, "zz-first.zip", 5)  # the same name again: kept beside the first, not over it
    _drop(tmp_path / "junk.zip", inbox, "broken.zip", 6)
    again = process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True)
    assert [r.ok for _, r in again] == [True, False]
    assert len(list((inbox / "installed").iterdir())) == 3
    assert len([p for p in (inbox / "rejected").iterdir() if p.suffix == ".txt"]) == 3


def test_inbox_leaves_new_files_and_a_busy_store_for_later(store: ContentStore, two_packs: tuple[Path, Path], inbox: Path) -> None:
    import shutil

    clock = [1000.0]
    watch = InboxWatch(inbox, settle_seconds=5, clock=lambda: clock[0])
    shutil.copy(two_packs[0], inbox / "fresh.zip")  # just copied: maybe not complete yet
    assert process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == [], "one look is not enough"
    clock[0] += 2
    assert process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == [], "nor two looks 2 s apart"
    with store.lock():
        clock[0] += 10
        assert process_inbox(inbox, ContentStore(store.root), None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == []
    assert (inbox / "fresh.zip").exists()
    assert process_inbox(inbox / "missing", store, None, LIMIT, VALIDATE, allow_unsigned=True) == []
    [(moved, result)] = process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch)
    assert result.ok and moved == inbox / "installed" / "fresh.zip"


def test_inbox_refuses_unsigned_packs_when_a_key_is_configured(
    signed: tuple[Path, str, ContentStore], content_copy: Path, inbox: Path, tmp_path: Path,
) -> None:
    pack, public, store = signed
    _drop(make_pack(content_copy, tmp_path / "u.zip", "Dr. A").path, inbox, "unsigned.zip", 1)
    _drop(pack, inbox, "signed.zip", 2)
    results = process_inbox(inbox, store, public, LIMIT, VALIDATE)
    assert [r.ok for _, r in results] == [False, True]
    assert "not signed" in (inbox / "rejected" / "unsigned.zip.reason.txt").read_text()


# ---------------------------------------------------------------------------- the kiosk commands


@pytest.fixture
def config_file(tmp_path: Path) -> Callable[..., Path]:
    def write(**values: str) -> Path:
        path = tmp_path / "config.yaml"
        path.write_text("".join(f'{k}: "{v}"\n' for k, v in values.items()))
        return path

    return write


def test_kiosk_keygen_pack_install_and_rollback_commands(
    kiosk_app: object, content_copy: Path, tmp_path: Path, config_file: Callable[..., Path], capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.commands.cli import main

    assert main(["keygen", str(tmp_path / "k"), str(tmp_path / "k.pub")]) == 0
    public = (tmp_path / "k.pub").read_text().strip()
    assert f'pack_public_key: "{public}"' in capsys.readouterr().out
    assert main(["keygen", str(tmp_path / "k"), str(tmp_path / "k2.pub")]) == 1
    assert "already exists" in capsys.readouterr().err

    assert main(["pack", str(content_copy), str(tmp_path / "a.zip"), "--signed-off-by", "Dr. A", "--key", str(tmp_path / "k"),
                 "--draft"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wrote {tmp_path / 'a.zip'}: content spine-fbss 2026.11.1, 8 files, signed, "
                          "a DRAFT (not approved for patients), signed off by Dr. A")
    newer = variant(content_copy, tmp_path, "2026.12.1")
    assert main(["pack", str(newer), str(tmp_path / "b.zip"), "--signed-off-by", "Dr. B", "--key", str(tmp_path / "k"), "--draft"]) == 0
    assert main(["pack", str(newer), str(tmp_path / "u.zip"), "--signed-off-by", "Dr. B", "--draft"]) == 0
    capsys.readouterr()

    config = config_file(content_store=str(tmp_path / "store"), pack_public_key=public)
    assert main(["--config", str(config), "install-pack", str(tmp_path / "a.zip")]) == 0
    assert "installed spine-fbss 2026.11.1" in capsys.readouterr().out
    assert main(["--config", str(config), "install-pack", str(tmp_path / "u.zip")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kiosk install-pack: refused u.zip: the pack is not signed") and err.count("\n") == 1
    assert main(["--config", str(config), "install-pack", str(tmp_path / "b.zip")]) == 0
    assert "installed spine-fbss 2026.12.1 (was 2026.11.1)" in capsys.readouterr().out
    assert main(["--config", str(config), "rollback"]) == 0
    assert "rolled spine-fbss back to 2026.11.1" in capsys.readouterr().out
    store = ContentStore(tmp_path / "store")
    assert store.manifest(store.current())["content_version"] == "2026.11.1"  # type: ignore[index]


def test_kiosk_pack_refuses_invalid_content_with_file_and_line(
    kiosk_app: object, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.commands.cli import main

    drawing = content_copy / "bad.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><clipPath id="c"><rect width="5" height="5"/>'
                       '</clipPath></defs><rect width="10" height="10" clip-path="url(#c)"/></svg>')
    topic = content_copy / "topics" / "40-diskectomy.yaml"
    text = topic.read_text()
    topic.write_text(re.sub(r"^tile:.*\n(?:[ ]+.*\n)*", "tile: bad.svg\n", text, count=1, flags=re.M))
    assert main(["pack", str(content_copy), str(tmp_path / "p.zip"), "--signed-off-by", "Dr. A"]) == 1
    captured = capsys.readouterr()
    assert "40-diskectomy.yaml:" in captured.out and "clipPath" in captured.out
    assert "not packed" in captured.err and not (tmp_path / "p.zip").exists()


def test_kiosk_pack_commands_say_what_is_wrong_in_one_line(
    kiosk_app: object, content_copy: Path, tmp_path: Path, config_file: Callable[..., Path], capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.commands.cli import main

    no_store = config_file(kiosk_name="x")
    assert main(["--config", str(no_store), "install-pack", str(tmp_path / "x.zip")]) == 1
    assert "no content_store in the config" in capsys.readouterr().err
    assert main(["--config", str(no_store), "rollback"]) == 1
    assert "no content_store" in capsys.readouterr().err
    config = config_file(content_store=str(tmp_path / "store"))
    assert main(["--config", str(config), "install-pack", str(tmp_path / "missing.zip")]) == 1
    assert "is not a file" in capsys.readouterr().err
    assert main(["--config", str(config), "rollback"]) == 1
    assert "no content pack is installed" in capsys.readouterr().err
    assert main(["pack", str(content_copy), str(tmp_path / "p.zip"), "--signed-off-by", "Dr. A", "--key", str(tmp_path / "none")]) == 1
    assert "cannot read the key" in capsys.readouterr().err
    (tmp_path / "notakey").write_text("hello")
    assert main(["pack", str(content_copy), str(tmp_path / "p.zip"), "--signed-off-by", "Dr. A", "--key", str(tmp_path / "notakey"),
                 "--draft"]) == 1
    assert "not packed: not an unencrypted PEM private key" in capsys.readouterr().err
    assert main(["pack", str(tmp_path / "nowhere"), str(tmp_path / "p.zip"), "--signed-off-by", "Dr. A"]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_install_pack_as_a_process_has_no_traceback(tmp_path: Path, config_file: Callable[..., Path]) -> None:
    (tmp_path / "junk.zip").write_bytes(b"junk")
    config = config_file(content_store=str(tmp_path / "store"))
    with open(config, "a") as handle:
        handle.write("allow_unsigned_packs: true\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "install-pack", str(tmp_path / "junk.zip")],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert "refused junk.zip: not a readable zip file" in done.stderr


# ---------------------------------------------------------------------------- issue 13: versions, keys, drafts, the inbox


@pytest.mark.parametrize(("older", "newer"), [
    ("2026.11.9", "2026.11.10"), ("2026.11.1", "2026.12.1"), ("1.0", "1.0.1"), ("2026.9.30", "2026.10.1"),
    ("2026.11.1-rc1", "2026.11.1-rc2"), ("2026.11.1-rc1", "2026.11.1.1"), ("9" * 5000, "1" + "0" * 5000),
])
def test_versions_compare_as_people_read_them(older: str, newer: str) -> None:
    assert manifest.version_key(older) < manifest.version_key(newer)
    assert manifest.version_key("2026.11.01") == manifest.version_key("2026.11.1")


def test_an_older_pack_replayed_is_refused_and_rollback_stays_the_undo(
    store: ContentStore, three_packs: list[Path], content_copy: Path, tmp_path: Path,
) -> None:
    """A correctly signed older pack no longer rolls a kiosk back ("installed content 2026.11.1 (was 2026.11.3)")."""
    install(store, three_packs[1], validate=TRUST)
    newest = install(store, three_packs[2], validate=TRUST)
    old = install(store, three_packs[0], validate=TRUST)
    assert not old.ok and old.reason.startswith("content 1.0 is older than the installed 3.0; a kiosk takes only newer content")
    assert "kiosk install-pack --allow-downgrade" in old.reason
    assert store.current() == newest.folder
    back = store.rollback()  # the undo: to 2.0; the previous (3.0) still sets the floor
    assert back.ok and back.version == "2.0"
    assert not install(store, three_packs[0], validate=TRUST).ok, "after a rollback, older content is still refused"
    forced = install(store, three_packs[0], validate=TRUST, allow_downgrade=True)
    assert forced.ok and forced.reason == "installed spine-fbss 1.0 (was 2.0)"


def test_another_pack_with_the_same_version_is_refused(store: ContentStore, content_copy: Path, tmp_path: Path) -> None:
    """Two contents under one number made rollback report "2026.11.1 (from 2026.11.1)"."""
    first = install(store, make_pack(content_copy, tmp_path / "one.zip", "Dr. A").path)
    assert first.ok
    same = variant(content_copy, tmp_path, "2026.11.1")  # other files, the same version
    result = install(store, make_pack(same, tmp_path / "two.zip", "Dr. A").path)
    assert not result.ok and result.reason == ("content 2026.11.1 is already installed from another pack with the same "
                                               "version; give the new pack a higher version in pack.yaml")
    assert install(store, tmp_path / "one.zip").reason == "spine-fbss 2026.11.1 is already installed", "the very same pack: nothing to do"
    assert store.current() == first.folder and store.previous() is None


def test_without_a_public_key_every_pack_is_refused_unless_the_config_allows_unsigned(
    store: ContentStore, two_packs: tuple[Path, Path], inbox: Path,
) -> None:
    refused = store.install(two_packs[0], None, LIMIT, VALIDATE)
    assert not refused.ok and refused.reason == (
        "this kiosk has no pack_public_key or pack_public_keys, so it takes no content packs: make a key pair with "
        "kiosk keygen and put pack_public_key in the config (for a test kiosk only: allow_unsigned_packs: true)")
    assert store.current() is None
    _drop(two_packs[0], inbox, "from-it.zip", 1)
    [(moved, result)] = process_inbox(inbox, store, None, LIMIT, VALIDATE)
    assert not result.ok and "no pack_public_key or pack_public_keys" in result.reason and moved.parent.name == "rejected"
    assert store.install(two_packs[0], None, LIMIT, VALIDATE, allow_unsigned=True).ok


def test_the_config_says_allow_unsigned_packs(tmp_path: Path) -> None:
    from kiosk.core.config import load_config

    path = tmp_path / "config.yaml"
    path.write_text("allow_unsigned_packs: true\n")
    assert load_config(path).config.allow_unsigned_packs is True
    path.write_text("kiosk_name: x\n")
    assert load_config(path).config.allow_unsigned_packs is False


def test_a_stalled_copy_waits_in_the_inbox_instead_of_being_refused(store: ContentStore, two_packs: tuple[Path, Path], inbox: Path) -> None:
    """A copy that stalled for over 10 s was taken half-written, refused, and never installed."""
    clock = [0.0]
    watch = InboxWatch(inbox, settle_seconds=5, clock=lambda: clock[0])
    data = two_packs[0].read_bytes()
    target = inbox / "slow.zip"
    target.write_bytes(data[: len(data) // 2])  # half copied, then the copy stalls for minutes
    (inbox / "renamed-later.zip.part").write_bytes(data)  # IT's other way: copy under another name, rename when done
    for _ in range(10):
        assert process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == []
        clock[0] += 60
    assert target.exists() and not (inbox / "rejected").exists()
    with open(target, "ab") as handle:  # the copy goes on
        handle.write(data[len(data) // 2:])
    assert process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == [], "changed: look again later"
    clock[0] += 6
    [(moved, result)] = process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch)
    assert result.ok and moved == inbox / "installed" / "slow.zip", result.reason
    assert (inbox / "renamed-later.zip.part").exists(), "files not named .zip are left alone"


def test_a_file_that_never_becomes_a_zip_is_refused_after_an_hour(store: ContentStore, inbox: Path) -> None:
    clock = [0.0]
    watch = InboxWatch(inbox, settle_seconds=5, clock=lambda: clock[0])
    (inbox / "junk.zip").write_bytes(b"this is not a zip at all")
    assert process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == []
    clock[0] += 3599
    assert process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch) == []
    clock[0] += 2
    [(moved, result)] = process_inbox(inbox, store, None, LIMIT, VALIDATE, allow_unsigned=True, watch=watch)
    assert not result.ok and "not a readable zip file" in result.reason and moved.parent.name == "rejected"


def approve(content: Path) -> None:
    """Mark every topic and every translation approved by a (made-up) reviewer."""
    for topic in (content / "topics").glob("*.yaml"):
        text = topic.read_text(encoding="utf-8")
        approved = '  status: approved\n  reviewed_by: "Dr. Reviewer"\n  reviewed_on: 2026-11-01\n'
        topic.write_text(text.replace("  status: draft\n", approved), encoding="utf-8")
    pack_yaml = content / "pack.yaml"
    text = re.sub(r'status: draft, note: "[^"]*"', 'status: approved, reviewed_by: "Dr. Translator", reviewed_on: 2026-11-01',
                  pack_yaml.read_text(encoding="utf-8"))
    pack_yaml.write_text(text, encoding="utf-8")


def test_kiosk_pack_refuses_draft_content_unless_draft_and_the_manifest_says_which(
    kiosk_app: object, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.commands.cli import main

    assert main(["pack", str(content_copy), str(tmp_path / "d.zip"), "--signed-off-by", "Dr. A"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kiosk pack: not packed: {content_copy} is not approved for patients: "
                          "topic 'overview' is a draft (review.status: draft); ") and err.count("\n") == 1
    assert "pack it with --draft for a test kiosk" in err and not (tmp_path / "d.zip").exists()
    assert main(["pack", str(content_copy), str(tmp_path / "d.zip"), "--signed-off-by", "Dr. A", "--draft"]) == 0
    assert "a DRAFT (not approved for patients)" in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "d.zip") as zf:
        assert json.loads(zf.read("manifest.json"))["draft"] is True

    approve(content_copy)
    assert main(["pack", str(content_copy), str(tmp_path / "ok.zip"), "--signed-off-by", "Dr. A"]) == 0
    assert "DRAFT" not in capsys.readouterr().out
    with zipfile.ZipFile(tmp_path / "ok.zip") as zf:
        assert json.loads(zf.read("manifest.json"))["draft"] is False
    assert make_pack(content_copy, tmp_path / "core.zip", "Dr. A").draft is False
    assert make_pack(bundled_content_dir(), tmp_path / "core-draft.zip", "Dr. A").draft is True


def test_a_translation_not_approved_is_a_draft(content_copy: Path) -> None:
    approve(content_copy)
    pack_yaml = content_copy / "pack.yaml"
    text = pack_yaml.read_text()
    pack_yaml.write_text(re.sub(r"^  es: \{status.*$", "  es: {status: draft}", text, count=1, flags=re.M))
    result = load_content(content_copy)
    assert result.content is not None
    assert making.draft_reasons(result.content) == ["the Spanish (es) translation is not approved"]


def test_install_pack_allow_downgrade_is_for_it_on_the_command_line(
    kiosk_app: object, three_packs: list[Path], tmp_path: Path, config_file: Callable[..., Path], capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.commands.cli import main

    config = config_file(content_store=str(tmp_path / "store"))
    with open(config, "a") as handle:
        handle.write("allow_unsigned_packs: true\n")
    assert main(["--config", str(config), "install-pack", str(three_packs[1])]) == 0
    capsys.readouterr()
    assert main(["--config", str(config), "install-pack", str(three_packs[0])]) == 1
    assert "is older than the installed 2.0" in capsys.readouterr().err
    assert main(["--config", str(config), "install-pack", "--allow-downgrade", str(three_packs[0])]) == 0
    assert "installed spine-fbss 1.0 (was 2.0)" in capsys.readouterr().out


def test_every_pack_command_says_an_unexpected_failure_in_one_line(
    kiosk_app: object, two_packs: tuple[Path, Path], tmp_path: Path, config_file: Callable[..., Path],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.commands import packcli
    from kiosk.commands.cli import main

    config = config_file(content_store=str(tmp_path / "store"))
    with open(config, "a") as handle:
        handle.write("allow_unsigned_packs: true\n")

    def raising(folder: Path) -> list[str]:
        raise ValueError("Exceeds the limit (4300 digits) for integer string conversion\nsecond line")

    monkeypatch.setattr(packcli, "checked_validator", lambda: raising)
    assert main(["--config", str(config), "install-pack", str(two_packs[0])]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("kiosk install-pack: refused a.zip: the content is not valid: the check itself failed (Exceeds the limit")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(ContentStore, "rollback", broken)
    monkeypatch.setattr(making, "make_pack", broken)
    assert main(["--config", str(config), "rollback"]) == 1
    assert capsys.readouterr().err == "kiosk rollback: error: RuntimeError: the disk caught fire\n"
    approved = tmp_path / "approved"
    import shutil

    shutil.copytree(bundled_content_dir(), approved)
    assert main(["pack", str(approved), str(tmp_path / "x.zip"), "--signed-off-by", "Dr. A", "--draft"]) == 1
    assert capsys.readouterr().err == "kiosk pack: error: RuntimeError: the disk caught fire\n"


def test_install_pack_of_a_topic_with_a_huge_integer_prints_no_traceback(
    content_copy: Path, tmp_path: Path, config_file: Callable[..., Path],
) -> None:
    """Item 17: an integer of more than 4,300 digits in a topic gave a traceback."""
    topic = content_copy / "topics" / "10-laminectomy.yaml"
    topic.write_text(re.sub(r"^order: .*$", "order: " + "7" * 5000, topic.read_text(), count=1, flags=re.M))
    pack = make_pack(content_copy, tmp_path / "huge.zip", "Dr. A", draft=True).path
    config = config_file(content_store=str(tmp_path / "store"))
    with open(config, "a") as handle:
        handle.write("allow_unsigned_packs: true\n")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "install-pack", str(pack)],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120,
                          check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith("kiosk install-pack: refused huge.zip: ") and done.stderr.count("\n") == 1, done.stderr


def test_a_store_the_kiosk_cannot_write_is_reported_not_raised(tmp_path: Path, two_packs: tuple[Path, Path],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 6: the admin ran install-pack as root; the kiosk's user gets PermissionError on .lock."""
    root = tmp_path / "store"
    good = ContentStore(root)
    folder = install(good, two_packs[0]).folder
    real_open = os.open

    def no_lock(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_lock)
    store = ContentStore(root)
    assert store.recover() is False
    assert store.problem is not None and "cannot write the content store" in store.problem and "Permission denied" in store.problem
    assert store.current() == folder, "what it can read, it still shows"
    assert store.mark_shown(folder) is False
    result = store.install(two_packs[1], None, LIMIT, VALIDATE, allow_unsigned=True)
    assert not result.ok and "Permission denied" in result.reason
    assert process_inbox(tmp_path, store, None, LIMIT, VALIDATE, allow_unsigned=True) == []
    proc = ContentStore(Path("/proc"))
    assert proc.recover() is False and proc.problem is not None and proc.current() is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root, as the admin in issue 13 was")
def test_install_pack_as_root_into_the_kiosk_users_store_is_refused(
    two_packs: tuple[Path, Path], tmp_path: Path, config_file: Callable[..., Path], capsys: pytest.CaptureFixture[str],
) -> None:
    """Files root leaves in the store (.lock, versions/) stopped the kiosk's own user on every start."""
    from kiosk.commands.cli import main

    store = tmp_path / "store"
    store.mkdir()
    os.chown(store, 65534, 65534)
    config = config_file(content_store=str(store))
    with open(config, "a") as handle:
        handle.write("allow_unsigned_packs: true\n")
    for command in (["install-pack", str(two_packs[0])], ["rollback"]):
        assert main(["--config", str(config), *command]) == 1
        err = capsys.readouterr().err
        assert "run it as the store's owner, not as root: sudo -u " in err and err.count("\n") == 1
    assert list(store.iterdir()) == []


def test_content_a_newer_kiosk_made_says_so_when_this_kiosk_refuses_it(store: ContentStore, content_copy: Path, tmp_path: Path) -> None:
    """A pack made by a newer kiosk may hold what only that kiosk knows (teach-back questions were
    refused by 0.1.0 naming only the unknown field): the refusal says to upgrade this kiosk."""
    from kiosk import __version__

    made = make_pack(content_copy, tmp_path / "made.zip", "Dr. A").path
    with zipfile.ZipFile(made) as zf:
        assert json.loads(zf.read("manifest.json"))["made_by_kiosk"] == __version__

    def unknown_field(folder: Path) -> list[str]:
        return ["topics/10-laminectomy.yaml:12: questions: not a field this kiosk knows"]

    def by(version: str) -> Callable[[str, bytes], bytes]:
        def change(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["made_by_kiosk"] = version
            return json.dumps(manifest).encode()
        return change

    newer = store.install(rezip(made, tmp_path / "newer.zip", by("99.1")), None, LIMIT, unknown_field, allow_unsigned=True)
    assert not newer.ok
    assert newer.reason.startswith(f"the pack was made by kiosk 99.1, newer than this kiosk ({__version__}), and its content "
                                   f"is not valid here (upgrade this kiosk first, or make the pack with kiosk {__version__}): "
                                   "topics/10-laminectomy.yaml:12: questions:"), newer.reason
    for version in (__version__, "0.0.1", "", "9" * 200):  # the same kiosk, an older one, nonsense: the plain refusal
        plain = store.install(rezip(made, tmp_path / "plain.zip", by(version)), None, LIMIT, unknown_field, allow_unsigned=True)
        assert plain.reason.startswith("the content is not valid: topics/10-laminectomy.yaml:12"), (version, plain.reason)
