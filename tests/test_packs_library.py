"""Several signed packs side by side: one slot per pack id, each with its own versions, rollback and removal.

Three departments' packs (made from the bundled content under three pack ids), each signed
with its department's key, which may sign only that department's pack. A refused pack must
leave every slot byte for byte as it was; a one-pack store from an older kiosk is migrated
(or read as it is until it can be), whatever moment a kill comes at.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO
from kiosk.core.config import load_config
from kiosk.core.contentsource import content_folders
from kiosk.core.packs.keys import TrustedKey, keygen
from kiosk.core.packs.making import content_validator, make_pack
from kiosk.core.packs.store import MIGRATE_STAGES, POINTERS, REMOVE_STAGES, ContentStore, pending_content
from kiosk.core.paths import bundled_content_dir
from test_packs import TRUST, Killed, assert_complete, assert_tidy, rezip

LIMIT = 50 * 1_000_000
SPINE, JOINT, HAND = "spine-fbss", "joint-replacement", "hand-surgery"


def department_content(shared: Path, pack_id: str, version: str, broken: bool = False) -> Path:
    """The bundled content as pack ``pack_id`` at ``version`` (``broken``: one topic no longer valid)."""
    target = shared / f"{pack_id}-{version}{'-broken' if broken else ''}"
    if target.exists():
        return target
    shutil.copytree(bundled_content_dir(), target)
    pack_yaml = target / "pack.yaml"
    lines = pack_yaml.read_text(encoding="utf-8").splitlines()
    lines = [f"id: {pack_id}" if line.startswith("id:") else f'version: "{version}"' if line.startswith("version:") else line
             for line in lines]
    pack_yaml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    topic = target / "topics" / "10-laminectomy.yaml"
    text = topic.read_text(encoding="utf-8")
    text = text.replace("summary:", f"# {pack_id} {version}\nsummary:", 1)
    if broken:
        text = text.replace("\nsummary:", "\nsummary: 12\nunknown_key: 1\nold_summary:", 1)
    topic.write_text(text, encoding="utf-8")
    return target


class Library:
    """The packs and keys every test here uses (made once per module)."""

    def __init__(self, shared: Path) -> None:
        self.keys: dict[str, str] = {}
        self.private: dict[str, bytes] = {}
        for who in ("spine", "joint", "it"):
            self.keys[who] = keygen(shared / who, shared / f"{who}.pub")
            self.private[who] = (shared / who).read_bytes()
        self.shared = shared

    def pack(self, pack_id: str, version: str, signer: str, broken: bool = False) -> Path:
        name = f"{pack_id}-{version}-{signer}{'-broken' if broken else ''}.zip"
        if not (self.shared / name).exists():
            folder = department_content(self.shared, pack_id, version, broken)
            make_pack(folder, self.shared / name, "Dr. A", self.private[signer], draft=True)
        return self.shared / name

    @property
    def trusted(self) -> list[TrustedKey]:
        """The spine and joint departments' keys limited to their packs; IT's key may sign any pack."""
        return [TrustedKey(self.keys["it"]), TrustedKey(self.keys["spine"], (SPINE,)), TrustedKey(self.keys["joint"], (JOINT,))]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return Library(tmp_path_factory.mktemp("library"))


def install(store: ContentStore, library: Library, pack: Path, validate: Callable[[Path], list[str]] = TRUST,
            allow_downgrade: bool = False) -> object:
    result = store.install(pack, library.trusted, LIMIT, validate, allow_downgrade=allow_downgrade)
    assert result.ok, result.reason
    return result


@pytest.fixture(params=["symlinks", "pointer-files"])
def three(request: pytest.FixtureRequest, tmp_path: Path, library: Library) -> ContentStore:
    """A store with three packs: spine 1.0 then 2.0 (rollback possible), joint 1.0 then 2.0, hand 1.0."""
    store = ContentStore(tmp_path / "store", use_symlinks=request.param == "symlinks", lock_timeout=2)
    for pack_id, version, signer in [(SPINE, "1.0", "spine"), (SPINE, "2.0", "spine"), (JOINT, "1.0", "joint"),
                                     (JOINT, "2.0", "joint"), (HAND, "1.0", "it")]:
        install(store, library, library.pack(pack_id, version, signer))
    return store


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under ``folder``: a link's target, a file's bytes, or that it is a folder (the lock file aside)."""
    out: dict[str, object] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel == ".lock":
            continue
        out[rel] = ("link", os.readlink(path)) if path.is_symlink() else ("file", path.read_bytes()) if path.is_file() else "dir"
    return out


def versions(store: ContentStore) -> dict[str, tuple[str | None, str | None]]:
    return {s.pack_id: (s.version, s.previous_version) for s in store.states()}


# ---------------------------------------------------------------------------- one among three


def test_install_roll_back_and_remove_one_pack_among_three(three: ContentStore, library: Library) -> None:
    store = three
    assert store.pack_ids() == [HAND, JOINT, SPINE]
    assert versions(store) == {SPINE: ("2.0", "1.0"), JOINT: ("2.0", "1.0"), HAND: ("1.0", None)}
    for pack_id in (SPINE, JOINT, HAND):
        folder = store.current(pack_id)
        assert folder is not None and folder.parent == store.packs / pack_id / "versions"
    assert_tidy(store)

    others = {pack_id: snapshot(store.packs / pack_id) for pack_id in (SPINE, HAND)}
    newer = store.install(library.pack(JOINT, "3.0", "joint"), library.trusted, LIMIT, TRUST)
    assert newer.ok and newer.pack_id == JOINT and newer.reason == "installed joint-replacement 3.0 (was 2.0)"
    assert versions(store)[JOINT] == ("3.0", "2.0")
    assert {pack_id: snapshot(store.packs / pack_id) for pack_id in (SPINE, HAND)} == others

    back = store.rollback(SPINE)
    assert back.ok and back.reason == "rolled spine-fbss back to 1.0 (from 2.0)"
    assert versions(store) == {SPINE: ("1.0", "2.0"), JOINT: ("3.0", "2.0"), HAND: ("1.0", None)}
    unrolled = store.rollback(HAND)
    assert not unrolled.ok and unrolled.reason == "hand-surgery has no previous version to go back to"
    several = store.rollback()
    assert not several.ok and "several packs are installed (hand-surgery, joint-replacement, spine-fbss)" in several.reason

    kept = {pack_id: snapshot(store.packs / pack_id) for pack_id in (SPINE, JOINT)}
    removed = store.remove(HAND)
    assert removed.ok and removed.reason == "removed hand-surgery 1.0"
    assert store.pack_ids() == [JOINT, SPINE] and not (store.packs / HAND).exists()
    assert {pack_id: snapshot(store.packs / pack_id) for pack_id in (SPINE, JOINT)} == kept
    again = store.remove(HAND)
    assert not again.ok and again.reason == "no pack hand-surgery is installed (installed: joint-replacement, spine-fbss)"
    assert_tidy(store)
    assert_complete(store.current(SPINE), "1.0")  # type: ignore[arg-type]


def test_the_config_order_decides_what_the_kiosk_shows_and_a_removed_pack_is_switched_away(three: ContentStore) -> None:
    store = three
    assert store.folders() == [store.current(HAND), store.current(JOINT), store.current(SPINE)]  # no order: by pack id
    order = [SPINE, "not-installed", JOINT]
    wanted = [store.current(SPINE), store.current(JOINT)]
    assert store.folders(order) == wanted
    assert pending_content(store, order) == wanted
    assert store.mark_shown(wanted)  # type: ignore[arg-type]
    assert pending_content(store, order) is None
    store.remove(HAND)  # not shown by this kiosk: nothing to switch
    assert pending_content(store, order) is None
    store.rollback(JOINT)
    assert pending_content(store, order) == [store.current(SPINE), store.current(JOINT)]
    store.mark_shown(store.folders(order))
    shown_spine = store.current(SPINE)
    store.remove(SPINE)
    assert (store.packs / SPINE).is_dir() and store.shown(SPINE) == shown_spine, "kept while it is on screen"
    assert pending_content(store, order) == [store.current(JOINT)]
    store.mark_shown(store.folders(order))
    assert store.recover() and not (store.packs / SPINE).exists()
    store.remove(JOINT)
    assert pending_content(store, order) == [], "nothing installed any more: back to the kiosk's own content"
    store.mark_shown([])
    assert store.recover() and list(store.packs.iterdir()) == []


def test_content_folders_follow_the_config(three: ContentStore, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f'content_store: "{three.root}"\npacks: [joint-replacement, spine-fbss]\n')
    assert content_folders(load_config(config)) == [three.current(JOINT), three.current(SPINE)]
    config.write_text(f'content_store: "{three.root}"\n')
    assert content_folders(load_config(config)) == [three.current(HAND), three.current(JOINT), three.current(SPINE)]
    config.write_text(f'content_store: "{three.root}"\npacks: [not-here]\ncontent_dir: "{tmp_path / "own"}"\n')
    assert content_folders(load_config(config)) == [tmp_path / "own"]
    assert content_folders(load_config(config), tmp_path / "explicit") == [tmp_path / "explicit"]


# ---------------------------------------------------------------------------- refusals touch nothing


@pytest.mark.parametrize(("case", "reason"), [
    ("bad signature", "the signature does not match"),
    ("unsigned", "the pack is not signed"),
    ("wrong key for that pack id", "pack joint-replacement is signed with a key that may sign only spine-fbss"),
    ("invalid content", "the content is not valid"),
    ("older version", "content 1.5 is older than the installed 2.0"),
    ("a new pack signed by another department", "pack knee-surgery is signed with a key that may sign only joint-replacement"),
])
def test_a_refused_pack_leaves_every_slot_byte_for_byte_untouched(
    three: ContentStore, library: Library, tmp_path: Path, case: str, reason: str,
) -> None:
    before = snapshot(three.root)
    validate = TRUST
    if case == "bad signature":
        pack = rezip(library.pack(JOINT, "3.0", "joint"), tmp_path / "t.zip",
                     lambda n, d: d.replace(b"Dr. A", b"Dr. Z") if n == "manifest.json" else d)
    elif case == "unsigned":
        made = department_content(tmp_path, JOINT, "3.0")
        pack = make_pack(made, tmp_path / "unsigned.zip", "Dr. A", draft=True).path
    elif case == "wrong key for that pack id":
        pack = library.pack(JOINT, "3.0", "spine")
    elif case == "invalid content":
        pack, validate = library.pack(JOINT, "3.0", "joint", broken=True), content_validator()
    elif case == "older version":
        pack = library.pack(JOINT, "1.5", "joint")
    else:
        pack = library.pack("knee-surgery", "1.0", "joint")
    result = three.install(pack, library.trusted, LIMIT, validate)
    assert not result.ok and reason in result.reason, result.reason
    assert snapshot(three.root) == before


def test_without_limits_a_key_signs_any_pack_and_a_single_key_text_still_works(tmp_path: Path, library: Library) -> None:
    store = ContentStore(tmp_path / "store")
    pack = library.pack("knee-surgery", "1.0", "it")
    assert store.install(pack, library.keys["it"], LIMIT, TRUST).ok  # pack_public_key alone, as before
    assert store.install(library.pack(HAND, "1.0", "it"), [TrustedKey(library.keys["it"])], LIMIT, TRUST).ok
    assert store.pack_ids() == [HAND, "knee-surgery"]


# ---------------------------------------------------------------------------- kills


@pytest.mark.parametrize("stage", REMOVE_STAGES)
def test_a_kill_while_removing_a_pack_leaves_it_installed_or_removed_and_the_others_untouched(
    three: ContentStore, stage: str,
) -> None:
    others = {pack_id: snapshot(three.packs / pack_id) for pack_id in (SPINE, HAND)}

    def fail_at(name: str) -> None:
        if name == stage:
            raise Killed(name)

    with pytest.raises(Killed):
        ContentStore(three.root, fail_at=fail_at, use_symlinks=three.use_symlinks).remove(JOINT)
    store = ContentStore(three.root, use_symlinks=three.use_symlinks)
    if stage == "removed-previous":
        assert versions(store)[JOINT] == ("2.0", None), "still installed, without a rollback; never back to 1.0"
    else:
        assert JOINT not in store.pack_ids()
    assert store.recover()
    assert_tidy(store)
    assert {pack_id: snapshot(store.packs / pack_id) for pack_id in (SPINE, HAND)} == others


# ---------------------------------------------------------------------------- a store from an older kiosk


def make_one_pack_store(store: ContentStore, library: Library) -> dict[str, str]:
    """A store as kiosks before slots wrote it (root/versions, root/current ...): spine 2.0 current, 1.0 previous,
    1.0 on screen. Returns each pointer's version folder name."""
    install(store, library, library.pack(SPINE, "1.0", "spine"))
    store.mark_shown(store.current(SPINE))
    install(store, library, library.pack(SPINE, "2.0", "spine"))
    slot = store.packs / SPINE
    os.replace(slot / "versions", store.root / "versions")
    names = {}
    for name in POINTERS:
        names[name] = (slot / name).readlink().name if (slot / name).is_symlink() else (slot / name).read_text().strip().split("/")[1]
        os.replace(slot / name, store.root / name)
    slot.rmdir()
    store.packs.rmdir()
    return names


@pytest.mark.parametrize("use_symlinks", [True, False], ids=["symlinks", "pointer-files"])
def test_a_one_pack_store_is_read_as_it_is_then_migrated_into_its_slot(tmp_path: Path, library: Library, use_symlinks: bool) -> None:
    store = ContentStore(tmp_path / "store", use_symlinks=use_symlinks)
    names = make_one_pack_store(store, library)
    old = {name: snapshot(store.root / "versions" / version) for name, version in names.items()}
    # Read compatibly, before any repair (a store the kiosk cannot write stays so).
    assert store.pack_ids() == [SPINE] and store.current() == store.root / "versions" / names["current"]
    assert store.previous(SPINE) == store.root / "versions" / names["previous"]
    assert store.folders([SPINE]) == [store.root / "versions" / names["current"]]
    assert store.recover()  # start-up: migrated
    slot = store.packs / SPINE / "versions"
    assert (store.current(SPINE), store.previous(SPINE), store.shown(SPINE)) == tuple(slot / names[n] for n in POINTERS)
    assert {name: snapshot(slot / version) for name, version in names.items()} == old
    assert_tidy(store)
    assert versions(store) == {SPINE: ("2.0", "1.0")}
    install(store, library, library.pack(JOINT, "1.0", "joint"))  # and it takes packs side by side
    assert store.rollback(SPINE).ok and versions(store) == {SPINE: ("1.0", "2.0"), JOINT: ("1.0", None)}


@pytest.mark.parametrize("stage", MIGRATE_STAGES)
def test_a_kill_at_each_migration_stage_leaves_the_old_content_readable_and_the_next_start_finishes(
    tmp_path: Path, library: Library, stage: str,
) -> None:
    store = ContentStore(tmp_path / "store")
    names = make_one_pack_store(store, library)
    current = snapshot(store.root / "versions" / names["current"])

    def fail_at(name: str) -> None:
        if name == stage:
            raise Killed(name)

    with pytest.raises(Killed):
        ContentStore(store.root, fail_at=fail_at).recover()
    after = ContentStore(store.root)  # the kiosk restarts
    assert after.pack_ids() == [SPINE]
    assert snapshot(after.current(SPINE)) == current  # type: ignore[arg-type]
    assert after.recover()
    assert_tidy(after)
    assert versions(after) == {SPINE: ("2.0", "1.0")} and after.shown(SPINE) == after.packs / SPINE / "versions" / names["shown"]


def test_a_real_process_exit_during_migration(tmp_path: Path, library: Library) -> None:
    store = ContentStore(tmp_path / "store")
    make_one_pack_store(store, library)
    child = textwrap.dedent(f"""
        import os
        from kiosk.core.packs.store import ContentStore
        def fail_at(name):
            if name == "migrated":
                os._exit(137)
        ContentStore({str(store.root)!r}, fail_at=fail_at).recover()
    """)
    done = subprocess.run([sys.executable, "-c", child], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 137, done.stderr
    assert store.recover() and versions(store) == {SPINE: ("2.0", "1.0")}
    assert_tidy(store)


# ---------------------------------------------------------------------------- the command line


def test_pack_commands_for_several_packs_say_what_happened_with_their_exit_codes(
    kiosk_app: object, tmp_path: Path, library: Library, capsys: pytest.CaptureFixture[str],
) -> None:
    from kiosk.commands.cli import main

    config = tmp_path / "config.yaml"
    config.write_text(f'content_store: "{tmp_path / "store"}"\npack_public_key: "{library.keys["it"]}"\n'
                      f'pack_public_keys:\n  - {{key: "{library.keys["spine"]}", packs: [spine-fbss]}}\n'
                      f'  - {{key: "{library.keys["joint"]}", packs: [joint-replacement]}}\n'
                      "packs: [spine-fbss, joint-replacement, knee-surgery]\n")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--config", str(config), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("packs") == (0, f"no content packs are installed in {tmp_path / 'store'}\n", "")
    code, out, _ = run("install-pack", str(library.pack(SPINE, "1.0", "spine")))
    assert code == 0 and out.startswith("installed spine-fbss 1.0 into ") and out.endswith("the kiosk shows it from its next idle reset\n")
    assert run("install-pack", str(library.pack(JOINT, "1.0", "joint")))[0] == 0
    code, out, _ = run("install-pack", str(library.pack(HAND, "1.0", "it")))
    assert code == 0 and "this kiosk does not show it: its config lists packs: [spine-fbss, joint-replacement, knee-surgery]" in out
    code, _, err = run("install-pack", str(library.pack(JOINT, "3.0", "spine")))
    assert code == 1 and err.startswith("kiosk install-pack: refused joint-replacement-3.0-spine.zip: pack joint-replacement is "
                                        "signed with a key that may sign only spine-fbss") and err.count("\n") == 1
    assert run("install-pack", str(library.pack(SPINE, "2.0", "spine")))[0] == 0

    code, _, err = run("rollback")
    assert code == 1 and err == ("kiosk rollback: several packs are installed (hand-surgery, joint-replacement, spine-fbss): "
                                 "say which one to roll back; run kiosk rollback PACK_ID\n")
    assert run("rollback", SPINE) == (0, "rolled spine-fbss back to 1.0 (from 2.0); the kiosk shows it from its next idle reset\n", "")
    assert run("rollback", HAND) == (1, "", "kiosk rollback: hand-surgery has no previous version to go back to\n")
    assert run("rollback", "Not_An_Id")[0] == 1

    code, out, _ = run("packs")
    lines = out.splitlines()
    assert code == 0 and [line.split(":")[0] for line in lines] == ["spine-fbss 1.0", "joint-replacement 1.0", "hand-surgery 1.0",
                                                                     "knee-surgery"]
    assert lines[3] == "knee-surgery: listed in the config's packs but not installed"
    assert "6 topics, DRAFT (6 not reviewed), next review due 2027-05-27" in lines[0] and "rollback to 2.0" in lines[0]
    assert lines[2].endswith("no rollback; NOT shown by this kiosk (not in the config's packs)")

    # The commands that work on "the content in use" see every pack the kiosk shows, in its order.
    assert run("--version")[1].splitlines()[1] == "content spine-fbss 1.0, joint-replacement 1.0"
    code, out, _ = run("self-test")
    contents = [line for line in out.splitlines() if "  content: " in line and "topics, version" in line]
    assert [line.split(": ")[-1].split(",")[0] for line in contents] == ["spine-fbss", "joint-replacement"], out

    code, out, _ = run("remove-pack", HAND)
    assert code == 0 and out == "removed hand-surgery 1.0; the kiosk stops showing it at its next idle reset\n"
    assert run("remove-pack", HAND) == (1, "", "kiosk remove-pack: no pack hand-surgery is installed "
                                                "(installed: joint-replacement, spine-fbss)\n")
    config.write_text("kiosk_name: no store\n")
    for args in (("packs",), ("remove-pack", SPINE), ("rollback", SPINE)):
        code, _, err = run(*args)
        assert code == 1 and "no content_store in the config" in err


# ---------------------------------------------------------------------------- config


def test_the_config_names_the_packs_shown_and_the_department_keys(tmp_path: Path, library: Library) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f'pack_public_key: "{library.keys["it"]}"\npacks: [spine-fbss, joint-replacement]\n'
                      f'pack_public_keys:\n  - key: "{library.keys["spine"]}"\n    packs: [spine-fbss]\n'
                      f'  - {{key: "{library.keys["joint"]}"}}\n')
    loaded = load_config(config)
    assert loaded.ok, loaded.problems
    assert loaded.config.packs == [SPINE, JOINT]
    assert loaded.config.trusted_keys() == [TrustedKey(library.keys["it"]), TrustedKey(library.keys["spine"], (SPINE,)),
                                            TrustedKey(library.keys["joint"])]


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("packs: [spine-fbss, spine-fbss]\n", 1, "packs: names spine-fbss more than once; using the default ([])"),
    ("packs: [Spine Surgery]\n", 1, "use lower-case letters, digits and single dashes only"),
    ("packs: spine-fbss\n", 1, "packs: "),
    ('pack_public_keys:\n  - {key: "AAAA", packs: [spine-fbss]}\n', 2,
     "pack_public_keys item 1, key: is not an Ed25519 public key from `kiosk keygen` (has 3 bytes; an Ed25519 public key "
     "has 32); until it is fixed the kiosk trusts none of pack_public_keys; using the default ([])"),
    ('pack_public_keys:\n  - {key: "KEY", pakcs: [spine-fbss]}\n', 2, "pakcs"),
    ('pack_public_keys: "KEY"\n', 1, "pack_public_keys: "),
])
def test_a_bad_packs_or_pack_public_keys_falls_back_alone_with_file_and_line(
    tmp_path: Path, library: Library, text: str, line: int, fragment: str,
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(text.replace("KEY", library.keys["spine"]) + "kiosk_name: Lobby\n")
    loaded = load_config(config)
    (problem,) = loaded.problems
    assert problem.line == line and fragment in problem.message, problem
    assert loaded.config.kiosk_name == "Lobby" and loaded.config.packs == [] and loaded.config.pack_public_keys == []


def test_a_bad_department_key_never_turns_into_accepting_unsigned_packs(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text('pack_public_keys: [{key: "AAAA"}]\nallow_unsigned_packs: true\n')
    loaded = load_config(config)
    assert not loaded.config.allow_unsigned_packs and loaded.config.trusted_keys() == []
    assert any("allow_unsigned_packs: ignored while pack_public_keys is set but not valid" in p.message for p in loaded.problems)
