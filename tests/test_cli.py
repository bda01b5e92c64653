"""The ``kiosk`` command: validate, version, screenshots."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.commands.cli import main
from kiosk.core.paths import bundled_content_dir
from conftest import REPO


def test_validate_passes_on_bundled_content(kiosk_app: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(bundled_content_dir())]) == 0
    out = capsys.readouterr().out
    assert "OK: 6 topics" in out
    assert "error" not in out.replace("0 error", "")


def test_validate_reports_file_and_line_and_exits_1(kiosk_app: object, content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    topic = content_copy / "topics" / "10-laminectomy.yaml"
    lines = topic.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("summary:")) + 1
    assert lines[index].startswith("  en: ")
    lines[index] = "  en: no"
    topic.write_text("\n".join(lines) + "\n")
    glossary = content_copy / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "  - id: Bad Id\n    term: x\n    definition: y\n")
    assert main(["validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert f"10-laminectomy.yaml:{index + 1}: error: summary.en: expected text" in out
    assert "glossary.yaml:" in out and "lower-case letters" in out
    assert "Traceback" not in out


def use_as_tile(content: Path, drawing: str) -> None:
    """Make ``drawing`` the diskectomy topic's tile."""
    topic = content / "topics" / "40-diskectomy.yaml"
    text = topic.read_text()
    # the tile is a path or a mapping (a kit drawing with layer states): replace the whole entry
    topic.write_text(re.sub(r"^tile:.*\n(?:[ ]+.*\n)*", f"tile: {drawing}\n", text, count=1, flags=re.M))


def test_validate_rejects_a_drawing_qt_cannot_render(kiosk_app: object, content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drawing = content_copy / "bad.svg"
    drawing.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><clipPath id="c"><rect width="5" height="5"/></clipPath></defs>'
        '<rect width="10" height="10" clip-path="url(#c)"/></svg>'
    )
    use_as_tile(content_copy, "bad.svg")
    assert main(["validate", str(content_copy)]) == 1
    assert "40-diskectomy.yaml:" in capsys.readouterr().out


def test_validate_as_a_process_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(tmp_path)], capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "pack.yaml" in done.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("kiosk ") and "content spine-fbss " in out


def test_screenshots_render_every_screen(kiosk_app: object, tmp_path: Path, bundled_content: object) -> None:
    assert main(["screenshots", str(tmp_path), "--size", "960x540"]) == 0
    files = sorted(tmp_path.glob("*.png"))
    pages = sum(t.page_count + 1 for t in bundled_content.topics)  # type: ignore[attr-defined]
    assert len(files) >= 2 + pages
    image = QImage(str(files[0]))
    assert (image.width(), image.height()) == (960, 540)
    # Not blank: a rendered screen has many colours.
    colours = {image.pixel(x, y) for x in range(0, 960, 37) for y in range(0, 540, 29)}
    assert len(colours) > 3


def test_bad_content_at_start_falls_back_to_the_bundled_content(content_copy: Path, caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.core.contentsource import load_for_kiosk

    (content_copy / "topics" / "10-laminectomy.yaml").write_text("id: [broken\n")
    content = load_for_kiosk(content_copy)
    assert content.root == bundled_content_dir()
    assert "10-laminectomy.yaml:2: error: not valid YAML" in caplog.text
    assert "showing the bundled content instead" in caplog.text


def test_kiosk_shows_its_window_first_then_loads_content(kiosk_app: object, qtbot: object) -> None:
    from kiosk.qt.startup import start_kiosk

    _app, kiosk = start_kiosk(None, windowed=True, size=(800, 600))
    try:
        assert kiosk.window.isVisible()
        assert kiosk.page.property("screen") == "attract"
        kiosk.page.start()  # a tap before the content is there is ignored, not a crash
        qtbot.waitUntil(lambda: kiosk.bridge.property("ready"), timeout=5000)  # type: ignore[attr-defined]
        assert kiosk.page.property("screen") == "attract"
        assert kiosk.page.property("packTitle")
    finally:
        kiosk.dispose()


def test_set_pin_prints_a_config_line_that_verifies(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.core.pin import verify_pin

    answers = iter(["135792", "135792"])
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or next(answers))
    assert main(["set-pin"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith('admin_pin_hash: "scrypt$65536$') and "135792" not in line
    assert verify_pin("135792", line.split('"')[1])
    assert prompts[0] == "New admin PIN (6-12 digits): "
    answers = iter(["135792", "975312"])
    assert main(["set-pin"]) == 1
    assert capsys.readouterr().err.strip() == "kiosk: the two PINs differ; nothing changed"
    # A 4- or 5-digit PIN falls to a stolen hash in minutes: at least 6 digits, said at once.
    for short in ("13579", "2468", "12345a"):
        answers = iter([short])
        assert main(["set-pin"]) == 1
        assert capsys.readouterr().err.strip() == "kiosk: a PIN is 6 to 12 digits; nothing changed"


def test_config_example_and_usage_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "--example"]) == 0
    assert "idle_seconds: 90" in capsys.readouterr().out
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from kiosk.core.paths import usage_file
    from kiosk.core.usage import UsageCounts

    counts = UsageCounts(usage_file())
    counts.record("finished", "diskectomy")
    counts.flush()
    assert main(["usage", "--csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("date,metric,key,count\n") and ",finished,diskectomy,1" in out


def test_self_test_passes_on_bundled_content_and_fails_on_broken(
    kiosk_app: object, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{tmp_path / "logs"}"\n')
    assert main(["--config", str(config), "self-test"]) == 0
    out = capsys.readouterr().out
    assert "PASS  content" in out and "PASS  fonts" in out and "self-test: passed" in out
    # With several packs, IT must see which one is not reviewed yet.
    assert "WARN  clinical review: spine-fbss: not yet reviewed by a clinician: overview" in out
    (content_copy / "glossary.yaml").write_text("terms: []\n")
    assert main(["--config", str(config), "--content", str(content_copy), "self-test"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  content" in out and "self-test: FAILED" in out


def test_self_test_fails_an_admin_s_slips_one_line_each(kiosk_app: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """It said PASS for a PIN hash that is not one, a status_dir that is a file, a store the
    kiosk cannot write and an inbox with no key; now each is a FAIL line of its own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    status = tmp_path / "status"
    status.write_text("a file")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(f'log_dir: "{tmp_path / "logs"}"\nadmin_pin_hash: "hunter2"\nstatus_dir: "{status}"\n'
                      f'content_inbox: "{inbox}"\ncontent_store: "/proc"\nidle_seconds: 5\n')
    assert main(["--config", str(config), "self-test"]) == 1
    out = capsys.readouterr().out
    fails = [line for line in out.splitlines() if line.startswith("FAIL")]
    assert [line.split(":")[0] for line in fails] == ["FAIL  config"] * 2 + [
        "FAIL  admin PIN", "FAIL  content packs", "FAIL  content store", "FAIL  status files"], fails
    assert "config.yaml:2: error: admin_pin_hash: is not a hash" in fails[0]
    assert "config.yaml:6: error: idle_seconds: Input should be greater than or equal to 15; using the default (90)" in fails[1]
    assert "PASS  content: " in out and "self-test: FAILED (6 failed" in out


def test_validate_rejects_words_baked_into_a_drawing(kiosk_app: object, content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drawing = content_copy / "labelled.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text x="1" y="5">Lamina</text></svg>')
    use_as_tile(content_copy, "labelled.svg")
    assert main(["validate", str(content_copy)]) == 1
    assert "words in a drawing cannot be translated" in capsys.readouterr().out


def test_gallery_renders_every_step_and_a_sheet_per_topic(kiosk_app: object, tmp_path: Path, bundled_content: object) -> None:
    assert main(["gallery", str(tmp_path)]) == 0
    for topic in bundled_content.topics:  # type: ignore[attr-defined]
        steps = sorted(tmp_path.glob(f"{topic.id}-[0-9][0-9].png"))
        assert len(steps) == topic.page_count
        sheet = QImage(str(tmp_path / f"{topic.id}-sheet.png"))
        assert not sheet.isNull() and sheet.width() == 1920


def test_the_single_instance_lock_is_per_user(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    from kiosk.qt.startup import lock_path

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert lock_path() == tmp_path / "clinic-kiosk.lock"
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert lock_path().name == f"clinic-kiosk-{os.getuid()}.lock", "a stale lock of another user cannot block this one"


# ---- every command honours --config and --content ---------------------------------------------
def config_with(tmp_path: Path, **keys: str) -> Path:
    config = tmp_path / "config.yaml"
    lines = [f'log_dir: "{tmp_path / "logs"}"', "usage_counts: false"] + [f'{k}: "{v}"' for k, v in keys.items()]
    config.write_text("\n".join(lines) + "\n")
    return config


def test_new_topic_and_screenshots_use_the_config_s_content_folder(
    kiosk_app: object, content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = config_with(tmp_path, content_dir=str(content_copy))
    before = sorted(bundled_content_dir().rglob("*"))
    assert main(["--config", str(config), "new-topic", "cord-stimulator"]) == 0
    assert list((content_copy / "topics").glob("*cord-stimulator.yaml")), "written into the config's content folder"
    assert sorted(bundled_content_dir().rglob("*")) == before, "never into the app's own content"
    shots = tmp_path / "shots"
    assert main(["--config", str(config), "screenshots", str(shots), "--size", "640x360"]) == 0
    assert list(shots.glob("*-cord-stimulator-01.png")), "the screenshots show the config's content"


def test_new_topic_never_writes_into_an_installed_pack(kiosk_app: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = config_with(tmp_path, content_store=str(tmp_path / "store"))
    before = sorted(bundled_content_dir().rglob("*"))
    assert main(["--config", str(config), "new-topic", "cord-stimulator"]) == 1
    assert "kiosk --content DIR new-topic ID" in capsys.readouterr().err
    assert sorted(bundled_content_dir().rglob("*")) == before


def test_smoke_walks_the_config_s_content(content_copy: Path, tmp_path: Path) -> None:
    config = config_with(tmp_path, content_dir=str(content_copy))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software")
    done = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(config), "--smoke"],
                          capture_output=True, text=True, cwd=REPO, env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"smoke: content {content_copy} " in done.stdout
    assert ", 0 problem(s)" in done.stdout


def test_screenshots_in_every_language_a_folder_each(kiosk_app: object, tmp_path: Path, bundled_content: object,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screenshots", str(tmp_path), "--size", "480x320", "--language", "all"]) == 0
    languages = bundled_content.pack.languages  # type: ignore[attr-defined]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(languages)
    counts = {code: len(list((tmp_path / code).glob("*.png"))) for code in languages}
    assert len(set(counts.values())) == 1 and counts["en"] > 50, counts
    # A contact sheet per topic in every language, for a translator or clinician to read through.
    topics = bundled_content.topics  # type: ignore[attr-defined]
    for code in languages:
        sheets = sorted((tmp_path / code).glob("*-sheet.png"))
        assert len(sheets) == len(topics), code
        sheet = QImage(str(sheets[0]))
        assert sheet.width() == 3 * 640 and sheet.height() >= 2 * 360
    # The same screen differs between languages: the words are translated.
    home = {code: QImage(str(tmp_path / code / "01-home.png")) for code in languages}
    assert home["es"] != home["en"] and home["ar"] != home["en"]


def test_screenshots_refuse_an_unknown_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["screenshots", "out", "--language", "xx"])
    assert "is not a language code the kiosk knows" in capsys.readouterr().err
