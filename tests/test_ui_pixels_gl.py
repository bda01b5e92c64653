"""The pixel tests under Qt's hardware scene graph too.

Kiosks with a GPU draw with Qt Quick's RHI renderer (OpenGL), not the software one the suite
uses. Here the pixel tests of tests/test_ui_pixels.py run again in a separate process on a
virtual X screen (Xvfb) with OpenGL through Mesa's llvmpipe: Spanish and Arabic (the languages
whose pages scroll most), normal and largest text, landscape.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO


def test_pixels_under_the_opengl_scene_graph() -> None:
    assert shutil.which("xvfb-run"), "xvfb-run is missing: tools/setup.sh installs xvfb"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QT_QUICK_BACKEND", "DISPLAY")}
    env.update(KIOSK_TEST_SCENE_GRAPH="opengl", QT_QPA_PLATFORM="xcb", LIBGL_ALWAYS_SOFTWARE="1")
    done = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_ui_pixels.py", "-k", "landscape and -es- or landscape and -ar- or icons_are_drawn",
         "-o", "addopts=--strict-markers --strict-config"],
        capture_output=True, text=True, cwd=REPO, env=env, timeout=600, check=False)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    assert done.returncode == 0, f"{summary}\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    assert "5 passed" in summary, summary
