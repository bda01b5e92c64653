"""The kiosk's start-up: show the window, then load the content; one kiosk per machine.

``kiosk`` (``kiosk run``) comes here from the command line. The window is shown before the
content is read and validated, so the attract screen is not held up by pydantic and YAML.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from .. import APP_NAME, __version__
from .app import KioskWindow, WindowOptions, make_application
from .once import once

if TYPE_CHECKING:  # the config's models import pydantic: not on the way to the first frame
    from ..core.config import LoadedConfig
    from .runtime import KioskRuntime
    from .stopsignal import StopOnSignal

log = logging.getLogger("kiosk")


def start_kiosk(folder: Path | Sequence[Path] | None, *, windowed: bool, size: tuple[int, int],
                then: Callable[[KioskWindow], Path | Sequence[Path] | None] | None = None,
                ) -> tuple[QGuiApplication, KioskWindow]:
    """Create the app and show the window; the bridges and screens go into it, and the content
    (one folder, or one per pack) loads, on the first turns of the event loop after its first frame.

    The window comes first and the rest right after: the attract screen's invitation appears
    without waiting for the bridges, the other screens or the content (read and validated).
    ``then`` runs once the bridges are made, just before the content loads (the config, the log
    and the runtime); what it returns is the content to load instead of ``folder`` (None: ``folder``).
    If it fails, the kiosk logs why and exits with code 1: it never runs without its runtime.
    """
    began = time.monotonic()
    app = make_application(sys.argv[:1])
    kiosk = KioskWindow(None, WindowOptions(windowed=windowed, width=size[0], height=size[1], defer_speech=True,
                                                   warm_up=True),
                        defer=True)
    kiosk.show()
    completed: list[bool] = []
    failed: list[bool] = []
    content: list[Path | Sequence[Path] | None] = [folder]
    drawn: list[float] = []  # when the first frame was drawn, until the log can say so

    def say_drawn() -> None:
        # IT's and CI's sign that the kiosk came up (tools/cleanroom.sh looks for it). After
        # ``then``, which sets up the log from the config.
        log.info("first frame drawn, %d ms after start-up began", drawn.pop() * 1000)

    def complete() -> None:
        if completed:
            return
        completed.append(True)
        kiosk.complete()
        if then is not None:
            try:
                chosen = then(kiosk)
            except Exception:
                log.critical("the kiosk could not start", exc_info=True)
                failed.append(True)
                app.exit(1)
                return
            if chosen is not None:
                content[0] = chosen
        if drawn:
            say_drawn()

    def load() -> None:
        complete()
        if failed or kiosk.bridge.property("ready"):
            return
        from ..core.contentsource import load_for_kiosk

        try:
            kiosk.set_content(load_for_kiosk(content[0]))
        except SystemExit as exc:
            log.critical("%s", exc)
            app.exit(2)

    def first_frame() -> None:
        drawn.append(time.monotonic() - began)
        if completed:  # (a platform that reported no frame within the second: the rest is done)
            say_drawn()
        QTimer.singleShot(0, kiosk.engine, complete)
        QTimer.singleShot(0, kiosk.engine, load)

    # After the first frame is on screen; a timer covers platforms that never report frames.
    # (Timed on the engine: a kiosk disposed of before then takes its timers with it.)
    once(kiosk.window.frameSwapped, first_frame)
    QTimer.singleShot(1000, kiosk.engine, load)
    if os.environ.get("KIOSK_BENCH_EXIT_AFTER_FIRST_FRAME"):  # bench/bundle.py times the frozen start-up
        def bench_exit() -> None:
            print(f"first-frame {time.time():.6f}", flush=True)
            QTimer.singleShot(0, lambda: app.exit(0))  # not inside frameSwapped: exiting there can crash Qt

        once(kiosk.window.frameSwapped, bench_exit)
    return app, kiosk


def lock_path() -> Path:
    """One lock per user and machine: the runtime folder where there is one, else the temp folder."""
    import getpass
    import tempfile

    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return Path(runtime) / f"{APP_NAME}.lock"
    # The shared temp folder: name the lock after the user, so that a lock another user
    # left behind (which this user may not remove) cannot stop this user's kiosk.
    user = str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()
    return Path(tempfile.gettempdir()) / f"{APP_NAME}-{user}.lock"


def run_kiosk(read_config: Callable[[], LoadedConfig], content: Path | None, *, windowed: bool,
              size: tuple[int, int], self_test: Callable[[LoadedConfig], str] | None = None) -> int:
    """Run the kiosk until it exits; returns the exit code.

    ``read_config``: reads the config, called after the window's first frame (the config's
    models import pydantic, and the YAML loader, which took the command's first frame from
    1.0x to 2.7x a Qt Quick hello world: bench/ui.py); ``content``: a folder given on the
    command line (wins over the config's); ``self_test``: what the admin screen's self-test
    button runs (the command layer's ``kiosk self-test``, handed down so that this layer
    never imports it).
    """
    from PySide6.QtCore import QLockFile

    if os.environ.get("KIOSK_DIE_WITH_PARENT") == "1":  # under `kiosk session`: never outlive cage
        from ..core.deathsig import die_with_parent

        die_with_parent()
    configured: list[tuple[LoadedConfig, Path | None]] = []

    def configure() -> tuple[LoadedConfig, Path | None]:
        """The config and the log, once: after the first frame, or for a launch that stops."""
        if not configured:
            from ..core import logsetup  # (logging.handlers, sockets and pickle: 20 ms)

            loaded = read_config()
            log_dir = loaded.config.log_dir
            log_file = logsetup.setup_logging(Path(log_dir) if log_dir else None)
            log.info("kiosk %s starting; config %s; log %s", __version__, loaded.path, log_file)
            for problem in loaded.problems:
                (log.warning if problem.severity == "warning" else log.error)("config: %s", problem.in_full())
            configured.append((loaded, log_file))
        return configured[0]

    runtimes: list[KioskRuntime] = []
    stoppers: list[StopOnSignal] = []

    def start(kiosk: KioskWindow) -> Path | Sequence[Path] | None:
        """After the first frame, once the bridges are made: systemd's stop, the config, the log,
        the runtime and the lockdown's hidden pointer; returns the content to load (every pack,
        in the config's order). (Before that frame a stop ends the kiosk by the signal's default,
        which systemd counts as a clean stop: nothing is held to flush yet. The sockets the stop
        and systemd's notifications need took 10 ms of that frame.)"""
        from ..core import sdnotify
        from ..core.contentsource import load_for_kiosk
        from .runtime import KioskRuntime
        from .stopsignal import StopOnSignal

        def stop() -> None:
            sdnotify.notify("STOPPING=1")
            QGuiApplication.exit(0)  # (quit() would ask the window, which refuses to close to a patient)

        stoppers.append(StopOnSignal(stop))  # systemd's stop: flush, log and exit 0, as a closed window does
        loaded, log_file = configure()
        config = loaded.config
        folder = content or (Path(config.content_dir) if config.content_dir else None)
        store = None
        shown: list[Path] = []
        if config.content_store and content is None:
            from ..core.packs.store import ContentStore

            store = ContentStore(Path(config.content_store))
            store.recover()  # finish or undo an install that a power cut interrupted (and give a one-pack store slots)
            shown = store.folders(config.packs)

        def reload() -> None:
            installed = store.folders(config.packs) if store is not None else []
            kiosk.set_content(load_for_kiosk(installed or folder))

        runtime = KioskRuntime(kiosk, loaded, reload, log_dir=log_file.parent if log_file else None, self_test=self_test)
        runtime.install_fault_handlers()
        runtime.remove_leftovers()  # (the lock is held: this runs on the event loop, after tryLock below)
        if store is not None:
            runtime.use_store(store, shown)
        once(kiosk.bridge.changed, lambda: sdnotify.notify("READY=1"))
        QTimer.singleShot(2000, runtime.heartbeat)
        runtimes.append(runtime)
        if config.hide_cursor and not windowed:
            # (Here, not before the first frame: naming the blank cursor builds PySide6's whole Qt
            # namespace, about 15 ms; nothing of the kiosk is on screen before that frame anyway.)
            from PySide6 import QtCore
            from PySide6.QtGui import QCursor

            QGuiApplication.setOverrideCursor(QCursor(QtCore.Qt.CursorShape.BlankCursor))
        return shown or folder

    app, kiosk = start_kiosk(None, windowed=windowed, size=size, then=start)
    # One kiosk per machine: a second launch says so and leaves.
    lock = QLockFile(str(lock_path()))
    lock.setStaleLockTime(0)
    if not lock.tryLock(100):
        message = "kiosk: another kiosk is already running on this machine; not starting a second one"
        configure()  # (so that the kiosk's log says it too)
        log.error(message)
        if sys.stderr is not None:
            print(message, file=sys.stderr)
        kiosk.dispose()
        return 3

    code = app.exec()
    for stopper in stoppers:
        stopper.close()
    for runtime in runtimes:
        runtime.usage.flush()
    kiosk.shut_down()
    lock.unlock()
    log.info("kiosk exiting with code %s", code)
    from ..core import logsetup

    logsetup.LIMITER.flush(force=True)  # what the log's rate limit dropped in its last minute
    return code
