"""Bundle benchmark: the frozen kiosk's size on disk, compressed, and its start-up time.

Run after `bash tools/build.sh`:  .venv/bin/python bench/bundle.py [--runs N] [--bundle DIR]
Start-up is process start to first frame, headless (offscreen, software Qt Quick, 1920x1080),
median of N runs after one warm-up; the same is measured for `python -m kiosk` from source
in the same run, for comparison. The kiosk prints its first frame's time when
KIOSK_BENCH_EXIT_AFTER_FIRST_FRAME is set (kiosk/qt/startup.py start_kiosk) and exits; the clock
starts just before the process is spawned. The README records the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's kiosk, not an installed one
from kiosk.buildtools.childenv import kiosk_child_env  # noqa: E402 - after sys.path

MIB = 1024 * 1024


def size(n: int) -> str:
    return f"{n / MIB:.1f} MiB ({n / 1e6:.1f} MB)"


def disk_usage(folder: Path) -> tuple[int, int]:
    """(bytes allocated on disk, as du counts them; apparent bytes, the sum of file sizes)."""
    allocated = apparent = 0
    seen: set[int] = set()
    for path in [folder, *folder.rglob("*")]:
        st = path.lstat()
        if st.st_ino in seen:
            continue
        seen.add(st.st_ino)
        allocated += st.st_blocks * 512
        apparent += st.st_size
    return allocated, apparent


def compressed_sizes(folder: Path) -> dict[str, int]:
    """tar.gz (gzip's default level 6) and zip (deflate, level 6) of the whole bundle folder."""
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        tgz = Path(tmp) / "kiosk.tar.gz"
        with tarfile.open(tgz, "w:gz", compresslevel=6) as tar:
            tar.add(folder, arcname=folder.name)
        sizes["tar.gz"] = tgz.stat().st_size
        tgz.unlink()
        archive = Path(tmp) / "kiosk.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(folder.rglob("*")):
                name = str(path.relative_to(folder.parent))
                if path.is_symlink():  # stored as a link, as `zip -y` does (Linux bundles have a few)
                    info = zipfile.ZipInfo(name)
                    info.create_system = 3  # Unix
                    info.external_attr = 0o120777 << 16
                    zf.writestr(info, os.readlink(path))
                elif path.is_file():
                    zf.write(path, name)
        sizes["zip"] = archive.stat().st_size
    return sizes


def start_up(command: list[str], runs: int, workdir: Path) -> list[float]:
    """Seconds from spawning `command` to its first frame, for each of `runs` runs after a warm-up."""
    config = workdir / "config.yaml"
    config.write_text(f'log_dir: "{workdir / "logs"}"\nusage_counts: false\n', encoding="utf-8")
    # Its own lock, state and config: a kiosk running on this machine does not interfere.
    env = kiosk_child_env(workdir, config, KIOSK_BENCH_EXIT_AFTER_FIRST_FRAME="1")
    times = []
    for run in range(runs + 1):
        start = time.time()
        proc = subprocess.run(
            [*command, "--windowed", "--size", "1920x1080"], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        stamps = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("first-frame ")]
        if proc.returncode != 0 or not stamps:
            sys.exit(f"bench: {' '.join(command)} exited {proc.returncode} without a first frame:\n{proc.stderr[-2000:]}")
        if run > 0:  # the first run warms the file cache
            times.append(float(stamps[0]) - start)
    return times


def describe(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return f"median {statistics.median(ms):.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f}, {len(ms)} runs)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "kiosk")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-source", action="store_true", help="skip the from-source comparison")
    args = parser.parse_args()
    exe = args.bundle / ("kiosk.exe" if sys.platform == "win32" else "kiosk")
    if not exe.is_file():
        sys.exit(f"bench: no {exe}; build it first with: bash tools/build.sh")

    allocated, apparent = disk_usage(args.bundle)
    print(f"bundle {args.bundle}: {size(allocated)} on disk, {size(apparent)} of file contents; goal < 150 MB")
    for kind, packed in compressed_sizes(args.bundle).items():
        print(f"bundle compressed ({kind}): {size(packed)}; goal < 60 MB")
    for deb in sorted((REPO / "dist").glob("clinic-kiosk_*.deb")):
        print(f"debian package {deb.name}: {size(deb.stat().st_size)}")

    with tempfile.TemporaryDirectory() as tmp:
        frozen = start_up([str(exe)], args.runs, Path(tmp))
        print(f"start-up to first frame, frozen: {describe(frozen)}")
        if not args.no_source:
            source = start_up([sys.executable, "-m", "kiosk"], args.runs, Path(tmp))
            print(f"start-up to first frame, from source (python -m kiosk): {describe(source)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
