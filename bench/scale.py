"""Scale benchmark: the kiosk with libraries of 6, 50 and 500 topics (issue 15, "Fast at any size").

Run: .venv/bin/python bench/scale.py [--runs N] [--sizes 6,50,500]
Makes synthetic libraries in a temporary folder by copying the bundled topics under new ids (five
languages each; the big ones in ten sections) and prints, in one run and beside the 6-topic figures:
`kiosk validate` time without and with its cache, the kiosk's first frame, the time its content is
ready, and its resident memory after the content is ready and a topic was opened. Goals (issue 15,
500 topics vs 6): first frame no later; content ready <= 1.5x; validate < 2 s; memory <= +60 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's kiosk, not an installed one
ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", PYTHONPATH=str(REPO))

LANGS = ("en", "es", "zh", "vi", "ar")


def _section_yaml(count: int) -> str:
    lines = ["sections:"]
    for i in range(count):
        lines += [f"  - id: part-{i + 1}", "    title:"]
        lines += [f'      {lang}: "Part {i + 1} ({lang})"' for lang in LANGS]
        lines.append("    picture: kit/spine-side.svg")
    return "\n".join(lines) + "\n"


def make_library(dest: Path, topics: int, sections: int = 0, source: Path | None = None) -> Path:
    """A valid content folder of ``topics`` topics: the bundled ones copied under new ids (the
    first copy keeps the bundled ids and related links); ``sections`` > 0 spreads them over that
    many sections, else the bundled pack's own sections are kept."""
    from kiosk.core.paths import bundled_content_dir

    source = source or bundled_content_dir()
    dest.mkdir(parents=True)
    shutil.copy2(source / "glossary.yaml", dest / "glossary.yaml")
    pack = (source / "pack.yaml").read_text(encoding="utf-8")
    if sections:
        pack = re.sub(r"(?ms)^sections:\n.*?(?=^\S|\Z)", "", pack) + _section_yaml(sections)
    (dest / "pack.yaml").write_text(pack, encoding="utf-8")
    (dest / "topics").mkdir()
    originals = sorted((source / "topics").glob("*.yaml"))
    for n in range(topics):
        path = originals[n % len(originals)]
        text = path.read_text(encoding="utf-8")
        copy = n // len(originals)
        if copy:
            text = re.sub(r"(?m)^id: (\S+)$", rf"id: \g<1>-{copy}", text)
            order = int(re.findall(r"(?m)^order: (\d+)$", text)[0]) + 100 * copy
            text = re.sub(r"(?m)^order: \d+$", f"order: {order}", text)
            text = re.sub(r"(?m)^related: .*\n", "", text)
        if sections:
            text = re.sub(r"(?m)^section: \S+\n", "", text)
            text = re.sub(r"(?m)^kind: ", f"section: part-{n % sections + 1}\nkind: ", text, count=1)
        (dest / "topics" / f"{copy:03d}-{path.name}").write_text(text, encoding="utf-8")
    return dest


# The same start-up path as `kiosk --windowed --content LIB` (bench/ui.py's KIOSK): prints the first
# frame's time, the first frame drawn with the content loaded, then opens a topic and prints the
# process's resident memory (kB) once that topic's page is drawn.
KIOSK = r"""
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from kiosk.qt.startup import start_kiosk
app, kiosk = start_kiosk(Path(sys.argv[1]), windowed=True, size=(1920, 1080))
frames = []
state = []
def rss_kb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
def frame():
    frames.append(time.time())
    if len(frames) == 1:
        print(frames[0], flush=True)
    if not state and kiosk.bridge.property("ready") and kiosk.page.property("packTitle"):
        state.append("ready")
        print(frames[-1], flush=True)
        def open_topic():
            kiosk.bridge.page.start()
            topics = kiosk.bridge.session.content.topics
            kiosk.bridge.page.openTopic(topics[len(topics) // 2].id)
            state.append("opened")
        QTimer.singleShot(0, open_topic)  # not inside frameSwapped
    elif len(state) == 2 and kiosk.page.property("pageTitle"):
        state.append("drawn")
        print(rss_kb(), flush=True)
        QTimer.singleShot(0, app.quit)  # not inside frameSwapped: quitting there can crash Qt
kiosk.window.frameSwapped.connect(frame)
app.exec()
"""


def kiosk_run(library: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Seconds from spawning the kiosk to its first frame and to its content on screen; RSS (kB)."""
    start = time.time()
    done = subprocess.run([sys.executable, "-c", KIOSK, str(library)], env=env, cwd=REPO, capture_output=True,
                          text=True, check=True, timeout=900)
    first, ready, rss = done.stdout.split()[:3]
    return float(first) - start, float(ready) - start, int(rss)


def validate_run(library: Path, env: dict[str, str]) -> float:
    start = time.time()
    subprocess.run([sys.executable, "-m", "kiosk", "validate", str(library)], env=env, cwd=REPO,
                   capture_output=True, text=True, check=False, timeout=3600)
    return time.time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="kiosk start-ups per library (default 5)")
    parser.add_argument("--sizes", default="6,50,500", help="library sizes in topics (default 6,50,500; the first is the base)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          "offscreen + software Qt Quick")
    rows = []
    with tempfile.TemporaryDirectory(prefix="kiosk-scale-") as tmp:
        libraries = []
        for size in sizes:
            library = make_library(Path(tmp) / f"lib{size}", size, sections=10 if size > 6 else 0)
            env = dict(ENV, KIOSK_CACHE_DIR=str(Path(tmp) / f"cache{size}"))
            cold_validate = validate_run(library, env)  # minutes at 500 topics: it lays out every page
            warm_validate = validate_run(library, env)  # with the cache the first run made
            # The kiosk's own cache (another check mode than validate's): its first start makes it.
            first_start = kiosk_run(library, env)
            libraries.append((size, library, env, cold_validate, warm_validate, first_start))
            print(f"  {size} topics: validated, cache made", flush=True)
        # Start-ups taken in turns, so that the machine's other load falls on every size alike.
        runs: dict[int, list[tuple[float, float, int]]] = {size: [] for size in sizes}
        for _ in range(args.runs):
            for size, library, env, *_rest in libraries:
                runs[size].append(kiosk_run(library, env))
        for size, _library, _env, cold_validate, warm_validate, first_start in libraries:
            rows.append((size, cold_validate, warm_validate, first_start,
                         statistics.median(r[0] for r in runs[size]), statistics.median(r[1] for r in runs[size]),
                         statistics.median(r[2] for r in runs[size])))
    base = rows[0]
    print(f"\nlibraries of {', '.join(map(str, sizes))} topics in 5 languages; kiosk: median of {args.runs} start-ups "
          "with its cache (the first start, which makes it, in brackets); ratios to the first size")
    print(f"{'topics':>6} | {'validate cold':>13} | {'validate cached':>15} | {'first frame':>17} | "
          f"{'content ready':>24} | {'memory (RSS)':>20}")
    for size, cold, warm, first_start, frame, ready, rss in rows:
        print(f"{size:>6} | {cold:>11.2f} s | {warm:>13.2f} s | {frame * 1000:>6.0f} ms ({frame / base[4]:.2f}x) | "
              f"{ready * 1000:>6.0f} ms ({ready / base[5]:.2f}x) [{first_start[1]:.1f} s] | "
              f"{rss / 1024:>5.0f} MB ({(rss - base[6]) / 1024:+.0f} MB)")
    biggest = rows[-1]
    print(f"\nissue 15 goals at {biggest[0]} topics: first frame no later "
          f"({'met' if biggest[4] <= base[4] * 1.05 else 'NOT met'}, within 5 %); content ready <= 1.5x "
          f"({'met' if biggest[5] <= 1.5 * base[5] else 'NOT met'}); validate < 2 s "
          f"({'met' if biggest[2] < 2 else 'NOT met'}, cached); memory <= +60 MB "
          f"({'met' if biggest[6] - base[6] <= 60 * 1024 else 'NOT met'})")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
