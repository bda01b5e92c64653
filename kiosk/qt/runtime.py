"""Everything an unattended kiosk does besides showing content: forget patients who walk
away, let staff in, count anonymously, tell IT how it is, and never stay broken.

The rules (idle timing, the gesture, PIN lockout, counts, health figures) are in
:mod:`kiosk.core`; this module only wires them to Qt timers and events.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QEvent, QMessageLogContext, QObject, QtMsgType, QTimer, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QMouseEvent, QTouchEvent
from PySide6.QtQuick import QQuickWindow

from .. import __version__
from ..core import adminreport, sdnotify
from ..core.adminreport import AdminReport, PackEvent
from ..core.config import LoadedConfig
from ..core.gesture import AdminGesture, corner_of, corner_size
from ..core.health import content_packs, heartbeat_files, make_status, return_free_memory, rss_bytes, write_heartbeat
from ..core.idle import IdleState, IdleWatch
from ..core.paths import usage_file as default_usage_file
from ..core.pin import PinPad, hash_strength, is_valid_hash
from ..core.prefs import Defaults
from ..core.qtmessages import is_harmless
from ..core.reach import screen_from_config
from ..core.statefile import remove_leftovers
from ..core.usage import UsageCounts
from ..core import logsetup
from ..core.logsetup import RECENT
from .app import KioskWindow

log = logging.getLogger("kiosk.runtime")
ATTRACT_CYCLE_SECONDS = 8
ATTRACT_PACK_SECONDS = 60  # the attract screen shown this long, untouched: a good moment for new content
INBOX_LOOK_SECONDS = 10  # how often the inbox is looked at (to see which files have stopped changing)
FAULT_HOME_SECONDS = 5  # after a fault the patient goes home, at most this often (an error there cannot loop)
RESTART_AFTER_SECONDS = 3600  # no nightly restart within an hour of starting: no restart loop
TRIM_AFTER_SECONDS = 5  # the attract screen this long after a patient: their screens are freed by then


class _PackJob:
    """One inbox pack being checked and installed by ``kiosk install-pack --worker`` in its own process."""

    def __init__(self, process: subprocess.Popen[bytes], pack: Path, inbox: Path, output: Any, errors: Any, started: float) -> None:
        self.process, self.pack, self.inbox = process, pack, inbox
        self.output, self.errors = output, errors
        self.started = started


class KioskRuntime(QObject):
    # Seconds an inbox pack's check may take before its process is stopped and the pack refused.
    # A normal pack takes a few seconds; the limit only bounds a pack that would otherwise never end.
    pack_time_limit: float = 180.0

    def __init__(
        self,
        kiosk: KioskWindow,
        loaded: LoadedConfig,
        reload: Callable[[], Any],
        *,
        log_dir: Path | None = None,
        usage_file: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
        wall_clock: Callable[[], float] = time.time,
        self_test: Callable[[LoadedConfig], str] | None = None,
        ticking: bool = True,
        trim_memory: Callable[[], object] = return_free_memory,
    ) -> None:
        """``ticking`` False: no timer calls :meth:`tick` (tests call it themselves, moving ``clock`` by hand).
        ``trim_memory`` gives the freed heap back to the system, a few seconds after each idle reset."""
        super().__init__(kiosk)
        self.kiosk = kiosk
        self.loaded = loaded
        self.config = config = loaded.config
        self._reload = reload
        self._self_test = self_test  # the command layer's `kiosk self-test`: its report, as text
        self._trim_memory = trim_memory
        self._trim_due = False
        # Every time and date below comes from these three, so tests can drive them by hand:
        # ``clock`` for durations (monotonic), ``wall_clock`` for the time of day (seconds
        # since the epoch, local time) and ``today`` for dates.
        self.clock = clock
        self.wall_clock = wall_clock
        self.today = today
        self.started = clock()
        self.idle = IdleWatch(config.idle_seconds, config.countdown_seconds, clock)
        self.gesture = AdminGesture(clock)
        pin_hash = config.admin_pin_hash if config.admin_pin_hash and is_valid_hash(config.admin_pin_hash) else None
        if config.admin_pin_hash and pin_hash is None:
            log.error("admin_pin_hash in the config is not a hash from `kiosk set-pin`; the admin screen is locked")
        elif pin_hash is None:
            log.warning("no admin PIN is configured: the admin screen cannot be opened on this kiosk")
        elif hash_strength(pin_hash) == "weak":
            log.warning("the admin PIN's hash is from an older kiosk (cheaper to crack, perhaps under 6 digits): "
                        "set a new PIN with `kiosk set-pin`")
        # The wrong tries and the lock outlive a restart: kept beside the usage counts, by the wall clock.
        pin_state = (usage_file or default_usage_file()).with_name("pin-lock.json")
        kiosk.admin.pad = PinPad(pin_hash, wall_clock, pin_state)
        kiosk.admin.snapshot = self.report
        kiosk.admin.reloadRequested.connect(self.reload_content)
        kiosk.admin.selfTestRequested.connect(self.run_self_test)
        kiosk.admin.exitRequested.connect(self.exit_to_desktop)
        self.usage = UsageCounts(usage_file or default_usage_file(), today=today, enabled=config.usage_counts)
        kiosk.bridge.observer = self.usage.record
        kiosk.bridge.set_defaults(Defaults(language=config.default_language,
                                           languages=tuple(config.languages) if config.languages else None,
                                           reduced_motion=config.reduced_motion))
        kiosk.bridge.take_home = dict(config.take_home)
        kiosk.bridge.take_home_code = config.take_home_code
        kiosk.bridge.care_contact = config.care_contact
        kiosk.speech.set_preferred_voices(dict(config.voices))
        self.screen = screen_from_config(config.screen_height_mm, config.screen_bottom_mm)
        kiosk.set_screen_size(config.screen_height_mm)
        kiosk.set_orientation(config.orientation)
        self._reach: list[str] | None = None  # the controls out of reach; None until checked
        self._reach_pending = False
        self.store: Any = None
        self.pack_log: list[PackEvent] = []
        self._pack_job: _PackJob | None = None
        self._showing: list[Path] = []  # the store folders on screen (kept here too: a read-only store cannot record it)
        self._inbox_watch: Any = None
        self._attract_since: float | None = None
        self._last_pack_check = clock()
        self._last_inbox_look = clock() - INBOX_LOOK_SECONDS
        self._pack_poll = QTimer(self)
        self._pack_poll.setInterval(200)
        self._pack_poll.timeout.connect(self._poll_pack_job)
        kiosk.admin.rollbackRequested.connect(self.rollback_content)
        self.status_dir = Path(config.status_dir) if config.status_dir else log_dir
        self._last_home = clock() - FAULT_HOME_SECONDS
        self._attract_ticks = 0
        self._restart_day: date | None = None
        self._heartbeat_in_place = False  # the last heartbeat was rewritten in place (a full disk)
        self._content_watch: Any = None  # a ContentWatch of the content on screen, from the first heartbeat

        app = QGuiApplication.instance()
        if app is None:
            raise RuntimeError("the kiosk runtime needs the application first (make_application)")
        app.installEventFilter(self)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.tick)
        if ticking:
            self._tick.start()
        self._admin_refresh = QTimer(self)
        self._admin_refresh.setInterval(1000)
        self._admin_refresh.timeout.connect(kiosk.admin.refresh)
        self._admin_refresh.start()
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(config.heartbeat_seconds * 1000)
        self._heartbeat.timeout.connect(self.heartbeat)
        self._heartbeat.start()
        interval = sdnotify.watchdog_interval_ms()
        if interval:
            # A GUI-thread timer: if the event loop freezes, the pings stop and systemd restarts us.
            self._watchdog = QTimer(self)
            self._watchdog.setInterval(interval)
            self._watchdog.timeout.connect(lambda: sdnotify.notify("WATCHDOG=1"))
            self._watchdog.start()
            log.info("systemd watchdog: pinging every %d ms", interval)

    # ---- input ----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(watched, QQuickWindow):
            return False
        if kind == QEvent.Type.KeyPress:
            self.idle.touch()  # a keypad patient is as present as a finger (the keypad bridge answers the countdown)
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.kiosk.keypad.touched()  # any touch pauses the narrated walk-through
            self.idle.touch()
            if self.kiosk.bridge.idle_asking:
                self.kiosk.bridge.set_idle(False, 0)
            self.gesture.press(self._corner(event, watched))
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd) and self.gesture.release(self._corner(event, watched)):
            log.info("admin gesture recognised")
            self.kiosk.admin.open_pin_pad()
        return False

    def _corner(self, event: QEvent, window: QQuickWindow) -> str | None:
        if isinstance(event, QMouseEvent):
            pos = event.position()
        elif isinstance(event, QTouchEvent) and event.points():
            pos = event.points()[0].position()
        else:
            return None
        width, height = window.width(), window.height()
        return corner_of(pos.x(), pos.y(), width, height, corner_size(width, height))

    # ---- once a second ----------------------------------------------------
    def tick(self) -> None:
        logsetup.LIMITER.flush()  # the log's dropped counts, once their minute is over
        bridge, admin = self.kiosk.bridge, self.kiosk.admin
        if not bridge.loaded:
            return
        state = self.idle.state()
        staff = admin.staff_on_screen
        now = self.clock()
        if now - self._last_inbox_look >= INBOX_LOOK_SECONDS:
            self._look_at_inbox()
        if staff:
            self._attract_since = None
            bridge.set_idle(False, 0)
            if state is not IdleState.ACTIVE:  # staff walked away: close, no countdown for them
                admin.close_all()
                self.forget()
            return
        if bridge.on_attract:
            bridge.set_idle(False, 0)
            self.idle.touch()
            self._attract_ticks += 1
            if self._attract_ticks % ATTRACT_CYCLE_SECONDS == 0:
                bridge.advance_attract()
            if self._attract_since is None:
                self._attract_since = now
            if self._trim_due and now - self._attract_since >= TRIM_AFTER_SECONDS:
                self._trim_due = False
                self._trim_memory()  # the last patient's screens are gone: hand their memory back
            if now - self._attract_since >= ATTRACT_PACK_SECONDS and now - self._last_pack_check >= ATTRACT_PACK_SECONDS:
                self.check_packs()  # a minute of attract screen, nobody touching: a good moment for new content
            self._maybe_restart()
            return
        self._attract_since = None
        if state is IdleState.ACTIVE:
            bridge.set_idle(False, 0)
        elif state is IdleState.ASKING:
            bridge.set_idle(True, self.idle.remaining())
        else:
            self.forget()

    def forget(self) -> None:
        """The patient walked away: back to the attract screen, every choice reset."""
        log.info("idle: resetting to the attract screen")
        self.kiosk.bridge.set_idle(False, 0)
        self.kiosk.bridge.reset()
        self.kiosk.keypad.end()  # keypad mode, the narration and the patient's voice settings end too
        self.usage.record("idle_resets")
        self.usage.flush()
        self.idle.touch()
        self._attract_since = self.clock()
        self._trim_due = True
        self.check_packs()  # new content only ever appears between patients

    # ---- content packs ------------------------------------------------------
    def use_store(self, store: Any, shown: Path | list[Path] | None) -> None:
        """Install packs from the inbox and switch to new ones between patients (config content_store).

        ``shown``: the store folders on screen now. A store the kiosk cannot write
        (``store.problem``) is used for what it can read and shown on the admin screen. Packs a
        crashed or stopped check left in the inbox's processing/ folder are set aside first, so
        that no pack is tried twice.
        """
        self.store = store
        store.lock_timeout = min(store.lock_timeout, 1.0)  # the GUI thread never waits long for another installer
        self.kiosk.admin.set_can_rollback(True)
        folders = [] if shown is None else [shown] if isinstance(shown, Path) else list(shown)
        self._showing = [folder for folder in folders if folder in store.folders(self.config.packs)]
        store.mark_shown(self._showing)
        if self.config.content_inbox:
            from ..core.packs.inbox import sweep_processing

            self._record(sweep_processing(Path(self.config.content_inbox)))
            self._look_at_inbox()

    def swap_content(self, folders: Path | list[Path]) -> None:
        """Show the store folders ``folders`` (empty: the kiosk's own content, content_dir or the bundled content)."""
        from ..core.contentsource import fallback_folder, load_for_kiosk

        chosen = [folders] if isinstance(folders, Path) else list(folders)
        self.kiosk.set_content(load_for_kiosk(chosen or fallback_folder(self.loaded)))
        self._showing = chosen
        if self.store is not None:
            self.store.mark_shown(chosen)
        log.info("now showing content from %s", ", ".join(str(f) for f in chosen) or "the kiosk's own content folder")

    def pack_busy(self) -> bool:
        """True while an inbox pack is being checked (in its own process)."""
        return self._pack_job is not None

    def _look_at_inbox(self) -> list[Path]:
        """Look at the inbox (cheap: names, sizes, times, each file's last bytes); the files ready to install."""
        self._last_inbox_look = self.clock()
        if self.store is None or not self.config.content_inbox or self._pack_job is not None:
            return []
        from ..core.packs.inbox import InboxWatch

        inbox = Path(self.config.content_inbox)
        if self._inbox_watch is None or self._inbox_watch.inbox != inbox:
            self._inbox_watch = InboxWatch(inbox, clock=self.clock)
        ready: list[Path] = self._inbox_watch.look()
        return ready

    def check_packs(self) -> None:
        """Between patients: start checking the next ready inbox pack, or else switch to newly installed content.

        The check (the whole install with its validation and drawing checks) runs in a
        separate process with a time limit, never on the GUI thread: no pack can freeze or
        crash the kiosk. Its end is seen by ``_poll_pack_job``, which switches content only
        if nobody is using the kiosk by then.
        """
        self._last_pack_check = self.clock()
        if self.store is None or self._pack_job is not None:
            return
        from ..core.packs.inbox import claim, pending_content

        if self.config.content_inbox and (self.store.problem is None or self.store.recover(timeout=0)):
            ready = self._look_at_inbox()
            if ready:
                inbox = Path(self.config.content_inbox)
                claimed = claim(ready[0], inbox)  # out of the inbox before anything opens it
                if claimed is not None:
                    self._start_pack_job(claimed, inbox)
                    return
        folders = pending_content(self.store, self.config.packs)
        if folders is not None and folders != self._showing:
            self.swap_content(folders)

    def pack_worker_command(self, pack: Path) -> list[str]:
        """The command that checks and installs one pack: this program's own ``install-pack --worker``."""
        program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "kiosk"]
        return [*program, "--config", os.devnull, "install-pack", "--worker", str(pack)]

    def _start_pack_job(self, pack: Path, inbox: Path) -> None:
        from ..core.packs.inbox import settle_pack
        from ..core.packs.store import InstallResult

        keys = [{"key": key.key, "packs": list(key.packs)} for key in self.config.trusted_keys()]
        request = {"store": str(self.store.root), "inbox": str(inbox), "public_keys": keys,
                   "max_bytes": self.config.pack_max_mb * 1_000_000, "allow_unsigned": self.config.allow_unsigned_packs}
        env = {key: value for key, value in os.environ.items() if key not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID")}
        env["QT_QPA_PLATFORM"] = "offscreen"  # it draws nothing on screen
        if not getattr(sys, "frozen", False):  # the same kiosk package as this process, wherever it was started
            package_root = str(Path(__file__).resolve().parents[2])
            env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        output, errors, question = tempfile.TemporaryFile(), tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 - closed below and by _poll_pack_job
        try:
            question.write(json.dumps(request).encode("utf-8"))
            question.seek(0)
            process = subprocess.Popen(self.pack_worker_command(pack), stdin=question, stdout=output, stderr=errors,
                                       env=env, close_fds=True)
        except OSError as exc:
            log.error("content pack %s: cannot start its check: %s", pack.name, exc)
            output.close()
            errors.close()
            settle_pack(pack, inbox, InstallResult(False, None, str(exc), busy=True))  # back into the inbox: later
            return
        finally:
            question.close()
        log.info("content pack %s: checking it (process %d, at most %g s)", pack.name, process.pid, self.pack_time_limit)
        self._pack_job = _PackJob(process, pack, inbox, output, errors, self.clock())
        self._pack_poll.start()

    def _poll_pack_job(self) -> None:
        from ..core.packs.inbox import settle_pack
        from ..core.packs.store import InstallResult

        job = self._pack_job
        if job is None:
            self._pack_poll.stop()
            return
        code = job.process.poll()
        if code is None and self.clock() - job.started <= self.pack_time_limit:
            return
        if code is None:
            job.process.kill()
            job.process.wait()
            reason = (f"checking it took longer than {self.pack_time_limit:g} s, the limit (a drawing too complex to draw?); "
                      "the kiosk keeps its current content")
            result = InstallResult(False, None, reason)
            moved = settle_pack(job.pack, job.inbox, result) if job.pack.exists() else job.pack
        else:
            moved, result = self._job_result(job, code)
        job.output.close()
        job.errors.close()
        self._pack_job = None
        self._pack_poll.stop()
        self._record([(moved, result)])
        if self.kiosk.bridge.on_attract and not self.kiosk.admin.staff_on_screen:
            self.check_packs()  # still nobody here: switch now (or check the next pack)
        self.kiosk.admin.refresh()

    def stop_pack_check(self) -> None:
        """Stop a running check (the kiosk restarts or exits) and put its pack back in the inbox for next time.

        Stopping it is safe at any point (the store's invariant); the pack is not to blame.
        """
        from ..core.packs.inbox import settle_pack
        from ..core.packs.store import InstallResult

        job = self._pack_job
        if job is None:
            return
        self._pack_job = None
        self._pack_poll.stop()
        if job.process.poll() is None:
            job.process.kill()
            job.process.wait()
        if job.pack.exists():
            settle_pack(job.pack, job.inbox, InstallResult(False, None, "the kiosk stopped", busy=True))
        job.output.close()
        job.errors.close()
        log.info("content pack %s: check stopped; it stays in the inbox for the next time", job.pack.name)

    def _job_result(self, job: _PackJob, code: int) -> tuple[Path, Any]:
        """What the worker said (one line of JSON), or a refusal saying how it ended."""
        from ..core.packs.inbox import settle_pack
        from ..core.packs.store import InstallResult

        job.output.seek(0)
        job.errors.seek(0, os.SEEK_END)
        job.errors.seek(max(job.errors.tell() - 4096, 0))
        said = job.errors.read().decode("utf-8", "replace").strip().splitlines()
        try:
            answer = json.loads(job.output.read(1 << 20).decode("utf-8").strip().splitlines()[-1])
            result = InstallResult(bool(answer["ok"]), answer.get("version"), str(answer["reason"]), busy=bool(answer.get("busy")),
                                   pack_id=answer.get("pack_id") if isinstance(answer.get("pack_id"), str) else None)
            return Path(answer["moved"]), result
        except (ValueError, KeyError, IndexError, TypeError):
            last = said[-1] if said else "no message"
            log.error("content pack %s: the check ended without a result (exit code %s): %s", job.pack.name, code, last)
            result = InstallResult(False, None, f"the check stopped unexpectedly (exit code {code}: {last[:300]})")
            return (settle_pack(job.pack, job.inbox, result) if job.pack.exists() else job.pack), result

    def now(self) -> datetime:
        """The local date and time, from the injected wall clock."""
        return datetime.fromtimestamp(self.wall_clock())

    def _stamp(self) -> str:
        return self.now().strftime("%Y-%m-%d %H:%M")

    def _log_pack(self, event: PackEvent) -> None:
        self.pack_log.append(event)
        del self.pack_log[:-10]

    def _record(self, results: list[tuple[Path, Any]]) -> None:
        stamp = self._stamp()
        for path, result in results:
            if result.ok:
                log.info("content pack %s installed (version %s): %s", path.name, result.version, result.reason)
                version = f"{result.pack_id} {result.version}" if getattr(result, "pack_id", None) else result.version
                self._log_pack(adminreport.installed(stamp, path.name, version))
            elif result.busy:
                log.info("content pack %s waits: %s", path.name, result.reason)
            else:
                log.error("content pack %s refused: %s", path.name, result.reason)
                self._log_pack(adminreport.refused(stamp, path.name, result.reason))

    def rollback_content(self, pack_id: str = "") -> None:
        """The admin screen's "Roll back": one pack by id ("": the only installed pack)."""
        if self.store is None:
            return
        if self._pack_job is not None:
            self._log_pack(PackEvent(self._stamp(), "rollback not done: a pack is being checked; try again in a minute"))
            self.kiosk.admin.refresh()
            return
        result = self.store.rollback(pack_id or None)
        if result.ok:
            log.warning("admin: rolled %s back to %s", result.pack_id, result.version)
            self._log_pack(PackEvent(self._stamp(), f"rolled {result.pack_id} back to {result.version}"))
            folders = self.store.folders(self.config.packs)
            if folders != self._showing:
                self.swap_content(folders)
                self.kiosk.bridge.reset()
        else:
            log.error("admin: rollback failed: %s", result.reason)
            self._log_pack(PackEvent(self._stamp(), f"rollback failed: {result.reason}"))
        self.kiosk.admin.refresh()

    # ---- health -----------------------------------------------------------
    def content(self) -> Any:
        """The content on screen, or None before it is loaded."""
        bridge = self.kiosk.bridge
        return bridge.session.content if bridge.loaded else None

    def content_version(self) -> str:
        return adminreport.content_version(self.content())

    def remove_leftovers(self) -> list[Path]:
        """Remove what a kiosk killed in the middle of writing one of its files left (kill -9, a power
        cut, the watchdog's abort): the temporary files of its atomic writes. Once at start-up, and
        only with the one-kiosk lock held (a running kiosk's write under way looks the same)."""
        pin_state = self.kiosk.admin.pad.state_file
        owned = [self.usage.path, *([pin_state] if pin_state is not None else [])]
        if self.status_dir is not None:
            owned += heartbeat_files(self.status_dir)
        removed = remove_leftovers(owned)
        if removed:
            log.warning("removed %d temporary file(s) that a kiosk stopped in the middle of a write left behind: %s",
                        len(removed), ", ".join(str(path) for path in removed))
        return removed

    def heartbeat(self) -> None:
        self.usage.flush()
        self._watch_content()
        if self.status_dir is None:
            return
        # voice_rows, not voiced(): asking for a voice before the deferred engine starts would cache "none".
        languages = self.patient_languages()
        speech = bool(languages) and not any(problem for _, problem in self.kiosk.speech.voice_rows(languages))
        status = make_status(self.config.kiosk_name, self.started, __version__, self.content_version(), RECENT.last,
                             clock=self.clock, wall_clock=self.wall_clock, last_error_time=RECENT.last_time,
                             errors_total=RECENT.count, packs=content_packs(self.content(), self.today()),
                             speech_available=speech)
        try:
            if not write_heartbeat(self.status_dir, status):
                self._heartbeat_in_place = True
                log.error("the disk of %s is full: the heartbeat files are rewritten in place (not atomically) "
                          "until there is room", self.status_dir)
            elif self._heartbeat_in_place:
                self._heartbeat_in_place = False
                log.info("there is room in %s again: the heartbeat files are written atomically again", self.status_dir)
        except OSError as exc:
            log.error("cannot write the heartbeat to %s: %s", self.status_dir, exc)

    def _watch_content(self) -> None:
        """Say in the log when the content on screen is deleted or changed on disk (it stays on screen)."""
        from ..core.contentsource import ContentWatch

        content = self.content()
        if content is None:
            return
        if self._content_watch is None or self._content_watch.content is not content:
            self._content_watch = ContentWatch(content)  # what this content's files are now
            return
        for level, message in self._content_watch.check():
            log.log(level, "%s", message)

    def _maybe_restart(self) -> None:
        when = self.config.nightly_restart
        if not when:
            return
        now = self.now()
        if now.strftime("%H:%M") != when or self._restart_day == now.date():
            return
        if self.uptime() < RESTART_AFTER_SECONDS:
            return  # started less than an hour ago: no restart loop
        self._restart_day = now.date()
        log.info("nightly restart at %s", when)
        self.restart()

    def restart(self) -> None:
        """Start afresh in the same process slot (works with or without a supervisor)."""
        self.usage.flush()
        self.stop_pack_check()
        args = [sys.executable, *sys.argv[1:]] if getattr(sys, "frozen", False) else [sys.executable, "-m", "kiosk", *sys.argv[1:]]
        logsetup.LIMITER.flush(force=True)
        logging.shutdown()
        os.execv(args[0], args)  # noqa: S606 - the kiosk replaces itself with a fresh copy of itself, arguments as a list

    # ---- admin actions ----------------------------------------------------
    def uptime(self) -> float:
        return self.clock() - self.started

    def report(self) -> AdminReport:
        """The admin screen's report, built by the core from what the runtime knows now."""
        content = self.content()
        drafts = self.draft_reasons()
        return AdminReport(
            info=adminreport.info_rows(
                kiosk_name=self.config.kiosk_name, app_version=__version__, content=content, drafts=drafts,
                uptime_seconds=self.uptime(), memory_bytes=rss_bytes(), config_path=self.loaded.path,
                config_found=self.loaded.found, config_ok=self.loaded.ok),
            reviews=adminreport.review_rows(content, self.today()),
            reach=self.reach_report(),
            packs=self.pack_report(),
            voices=tuple(adminreport.Row(text, alert) for text, alert in self.kiosk.speech.voice_rows(self.patient_languages())),
            problems=adminreport.alert_rows([str(p) for p in self.loaded.problems] + self.kiosk.admin.pin_problems()),
            errors=adminreport.alert_rows(list(reversed(RECENT.records))[:8]),
            usage_today=adminreport.usage_rows(self.usage.totals(1)),
            usage_month=adminreport.usage_rows(self.usage.totals(30)),
        )

    def patient_languages(self) -> list[str]:
        """The languages patients can choose: the config's list, else all the content has."""
        if self.config.languages:
            return list(self.config.languages)
        content = self.content()
        return list(content.pack.languages) if content is not None else []

    def draft_reasons(self) -> list[str]:
        """What in the content on screen is not approved for patients (kiosk pack --draft, or a draft content folder)."""
        content = self.content()
        if content is None:
            return []
        from ..core.packs.making import draft_reasons

        return draft_reasons(content)

    def pack_report(self) -> tuple[adminreport.Row, ...]:
        drafts = self.draft_reasons()
        if self.store is None:
            return adminreport.pack_rows(drafts=drafts, store_set_up=False)
        job = self._pack_job
        from ..core.packs.summary import summarize

        packs = summarize(self.store.states(), self.config.packs)
        # "Roll back content" (below the report) is for a store of one pack; with several, each pack's row has its own.
        self.kiosk.admin.set_can_rollback(len(packs) <= 1)
        return adminreport.pack_rows(
            drafts=drafts, store_set_up=True, problem=self.store.problem,
            checking=(job.pack.name, self.clock() - job.started) if job is not None else None,
            packs=packs, missing=[p for p in self.config.packs if p not in {s.pack_id for s in packs}], today=self.today(),
            log=self.pack_log)

    def reach_report(self) -> tuple[adminreport.Row, ...]:
        """Controls outside the seated reach range (computed once, when the admin screen first opens)."""
        if self.screen is None:
            return adminreport.reach_rows(False, None)
        if self._reach is None and not self.kiosk.bridge.loaded:
            return ()
        if self._reach is None and not self._reach_pending:
            # Not from inside the tap that opened the admin screen: the check walks every
            # patient screen, which must not happen under the handler of an item it hides.
            self._reach_pending = True
            QTimer.singleShot(0, self._check_reach)
        return adminreport.reach_rows(True, self._reach)

    def set_screen(self, screen: Any) -> None:
        """The screen's physical size and height above the floor (a reach.Screen, or None); reach is checked afresh."""
        self.screen = screen
        self._reach = None

    def _check_reach(self) -> None:
        from .reachcheck import outside_reach

        self._reach_pending = False
        if self.screen is None:
            return
        self._reach = outside_reach(self.kiosk, self.screen)
        self.kiosk.admin.refresh()

    def reload_content(self) -> None:
        log.info("admin: reloading content")
        self._reload()
        self.kiosk.admin.refresh()

    def run_self_test(self) -> None:
        if self._self_test is None:
            self.kiosk.admin.show_report("No self-test was handed to this kiosk.")
            return
        # The content this config shows: the store's current pack first.
        self.kiosk.admin.show_report(self._self_test(self.loaded))

    def exit_to_desktop(self) -> None:
        self.usage.flush()
        self.stop_pack_check()
        self.kiosk.bridge.close_allowed = True
        app = QGuiApplication.instance()
        if app is not None:
            app.quit()

    # ---- faults -------------------------------------------------------------
    def go_home_after_fault(self) -> None:
        """After an error, land the patient on the home screen (at most every 5 s, so an error there cannot loop)."""
        now = self.clock()
        if now - self._last_home < FAULT_HOME_SECONDS:
            return
        self._last_home = now
        QTimer.singleShot(0, self._home_now)

    def _home_now(self) -> None:
        bridge = self.kiosk.bridge
        if bridge.loaded and not bridge.on_attract and bridge.session.screen != "home":
            bridge.page.home()

    def install_fault_handlers(self) -> tuple[Any, Any]:
        """Log every uncaught exception and QML error and go home; returns the previous (excepthook, Qt handler)."""
        previous_hook = sys.excepthook

        def excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
            log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)).rstrip())
            self.go_home_after_fault()

        sys.excepthook = excepthook

        def qt_messages(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
            if is_harmless(message):  # the shared list: the tests and the smoke test ignore these too
                log.debug("Qt (harmless): %s", message)
                return
            qml = ".qml:" in message or (context.file or "").endswith(".qml")
            if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) or (qml and mode == QtMsgType.QtWarningMsg):
                log.error("Qt: %s", message)
                if qml:
                    self.go_home_after_fault()
            elif mode == QtMsgType.QtWarningMsg:
                log.warning("Qt: %s", message)

        return previous_hook, qInstallMessageHandler(qt_messages)

