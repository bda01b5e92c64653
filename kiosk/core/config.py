"""The one config file IT writes: where it lives, what it may say, and safe defaults.

A bad or missing config never stops the kiosk. A bad key falls back to its own
default and every other key keeps its value (one slip never costs the admin PIN,
the log folder or the signing key); only a file that is not readable YAML runs
on the defaults. The kiosk logs each problem with file and line, and the admin
screen and ``kiosk self-test`` show them (patients never see them).
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, Field, model_validator

from .. import APP_NAME
from .loader import Problem, validate_doc
from .model import LangCode, Slug, Strict
from .yamlsrc import YamlDocument, YamlError, line_of, read_yaml

if TYPE_CHECKING:
    from .packs.keys import TrustedKey

ENV_VAR = "KIOSK_CONFIG"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _clock_time(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError("write a time of day as \"HH:MM\" in quotes, for example \"03:30\"")
    return value


ClockTime = Annotated[str, AfterValidator(_clock_time)]


def _pin_hash(value: str) -> str:
    from .pin import is_valid_hash

    if not is_valid_hash(value):
        raise ValueError("is not a hash from `kiosk set-pin` (run it and paste the whole line it prints)")
    return value


def _public_key(value: str) -> str:
    from .packs.keys import load_public_key

    try:
        load_public_key(value)
    except ValueError as exc:
        raise ValueError(f"is not an Ed25519 public key from `kiosk keygen` ({exc}); every content pack is refused "
                         "until it is fixed") from None
    return value


def _department_key(value: str) -> str:
    from .packs.keys import load_public_key

    try:
        load_public_key(value)
    except ValueError as exc:
        raise ValueError(f"is not an Ed25519 public key from `kiosk keygen` ({exc}); until it is fixed the kiosk trusts "
                         "none of pack_public_keys") from None
    return value


PinHash = Annotated[str, AfterValidator(_pin_hash)]
PublicKey = Annotated[str, AfterValidator(_public_key)]
DepartmentKey = Annotated[str, AfterValidator(_department_key)]


class SigningKey(Strict):
    """One department's key in ``pack_public_keys``: the key, and the packs it may sign."""

    key: DepartmentKey = Field(description="Ed25519 public key from `kiosk keygen`.")
    packs: list[Slug] = Field(default_factory=list,
                              description="The pack ids (pack.yaml's id) this key may sign; empty: any pack.")


def _no_repeats(values: list[str]) -> list[str]:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"names {', '.join(repeated)} more than once")
    return values


class Config(Strict):
    """Every key of config.yaml. Unknown keys are errors."""

    kiosk_name: str = Field("Clinic kiosk", description="Shown on the admin screen and in logs and health files.")
    idle_seconds: int = Field(90, ge=15, le=3600, description="Seconds without a touch before 'Are you still there?'.")
    countdown_seconds: int = Field(30, ge=20, le=300,
                                   description="Seconds the question stays before the kiosk resets (20 or more, WCAG 2.2.1).")
    default_language: LangCode | None = Field(None, description="Language after every reset; empty means the content's default (English).")
    languages: list[LangCode] | None = Field(None, min_length=1,
                                             description="Languages patients can choose, e.g. [en, es]; empty means all the content has.")
    content_dir: str | None = Field(None, description="Installed content folder; empty means the content bundled with the app.")
    admin_pin_hash: PinHash | None = Field(None, description="From `kiosk set-pin`. Empty means the admin screen cannot be opened.")
    orientation: Literal["auto", "landscape", "portrait"] = Field(
        "auto", description="auto follows the screen; landscape or portrait for a screen mounted that way.")
    hide_cursor: bool = Field(True, description="Hide the mouse pointer (touch screens).")
    log_dir: str | None = Field(None, description="Empty means the platform's log folder.")
    status_dir: str | None = Field(None, description="Where the heartbeat and Prometheus files go; empty means the log folder.")
    usage_counts: bool = Field(True, description="Keep anonymous daily counts (no personal data).")
    reduced_motion: bool = Field(False, description="Start every patient with animations off (patients can still change it).")
    nightly_restart: ClockTime | None = Field(None, description="Restart at this quiet time each night, e.g. \"03:30\"; empty for never.")
    heartbeat_seconds: int = Field(60, ge=10, le=3600, description="How often status.json and clinic_kiosk.prom are written.")
    screen_height_mm: int | None = Field(None, ge=100, le=3000,
                                         description="Height of the screen's picture in millimetres (for seated reach and 15 mm targets).")
    screen_bottom_mm: int | None = Field(None, ge=0, le=2500,
                                         description="Height of the picture's bottom edge above the floor, in millimetres.")
    content_store: str | None = Field(None, description="Folder where installed content packs live (current and previous); "
                                                         "when set, the kiosk shows the current pack there.")
    content_inbox: str | None = Field(None, description="Folder IT drops content packs (.zip) into; the kiosk installs them itself.")
    pack_public_key: PublicKey | None = Field(None, description="Ed25519 public key (from `kiosk keygen`) that may sign any pack; "
                                                          "when set, unsigned or wrongly signed packs are refused.")
    pack_public_keys: list[SigningKey] = Field(
        default_factory=list,
        description="More trusted keys, one per department, each limited to the packs it may sign: "
                    "[{key: \"...\", packs: [spine-fbss]}, ...] (no packs: any pack). A pack signed by none of "
                    "these keys (nor by pack_public_key) is refused.",
        json_schema_extra={"example": '[{key: "MCowBQYDK2VwAyEA...", packs: [joint-replacement]}]'})
    packs: Annotated[list[Slug], AfterValidator(_no_repeats)] = Field(
        default_factory=list,
        description="The installed packs this kiosk shows, by pack id, in this order, e.g. [spine-fbss, joint-replacement]; "
                    "empty: every installed pack, in pack id order.")
    allow_unsigned_packs: bool = Field(False, description="true: accept content packs without a signature when no pack_public_key is set "
                                                          "(never for a kiosk in a public place).")
    pack_max_mb: int = Field(200, ge=1, le=10000, description="Largest total unpacked size a content pack may have, in MB.")
    take_home: dict[str, str] = Field(default_factory=dict,
                                      description="Per topic id, an address (e.g. the clinic's own page) shown as a QR code at the end.",
                                      json_schema_extra={"example": '{spinal-fusion: "https://example.org/spinal-fusion"}'})
    take_home_code: bool = Field(True, description="true: the finish screen shows a QR code holding the topic's questions for the "
                                                   "care team and its key points as plain text in the patient's language "
                                                   "(no address, nothing about the patient); false: no such code.")
    voices: dict[LangCode, str] = Field(default_factory=dict,
                                        description="Per language, the voice that reads it aloud, by the name `kiosk self-test` "
                                                    "lists; a language not named here gets the best voice installed.",
                                        json_schema_extra={"example": '{zh: "Chinese (Mandarin, latin as English)"}'})
    care_contact: str | dict[LangCode, str] | None = Field(
        None, description="The clinic's own line for questions on every finish screen, written and approved by the clinic, "
                          "e.g. \"Questions? Call the spine clinic at 555-0100.\"; one text, or one per language "
                          "({en: ..., es: ...}). Overrides the content pack's; empty: the pack's, else \"Ask your care team\".",
        json_schema_extra={"example": '{en: "Questions? Call the spine clinic at 555-0100."}'})
    read_aloud_required: bool = Field(False, description="true: `kiosk self-test` fails when a language patients can choose "
                                                         "has no voice; false: it warns.")

    def trusted_keys(self) -> list[TrustedKey]:
        """The keys content packs are checked with: pack_public_key (any pack), then pack_public_keys."""
        from .packs.keys import TrustedKey

        keys = [TrustedKey(self.pack_public_key)] if self.pack_public_key else []
        return keys + [TrustedKey(entry.key, tuple(entry.packs)) for entry in self.pack_public_keys]

    @model_validator(mode="after")
    def _take_home_addresses(self) -> Config:
        for topic, address in self.take_home.items():
            if not address.startswith(("https://", "http://")):
                raise ValueError(f"take_home.{topic}: write a web address starting with https://")
        return self

    @model_validator(mode="after")
    def _default_language_enabled(self) -> Config:
        if self.default_language and self.languages and self.default_language not in self.languages:
            raise ValueError(f"default_language '{self.default_language}' is not in languages")
        return self


def system_config_path() -> Path:
    """Linux: /etc/<app>/config.yaml; Windows: %ProgramData%\\<app>\\config.yaml; macOS: /Library/Application Support."""
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / APP_NAME / "config.yaml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME / "config.yaml"
    return Path("/etc") / APP_NAME / "config.yaml"


def config_path(explicit: Path | None = None) -> Path:
    """--config beats $KIOSK_CONFIG beats the system location."""
    if explicit is not None:
        return explicit
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    return system_config_path()


@dataclass
class LoadedConfig:
    """The config to run with, and what was wrong with the file.

    ``problems`` holds one line per slip (with file and line); ``rejected`` names the keys that
    were ignored or fell back to their default because of one."""

    config: Config
    path: Path
    problems: list[Problem] = field(default_factory=list)
    found: bool = True
    rejected: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


# A config is a few KB (the fully commented example is about 4 KB); a larger file is not read.
MAX_CONFIG_BYTES = 64_000
WHOLE_FILE = "; using the defaults for every key"
# Keys checked together with others (model validators): dropped, in this order, when the
# combination fails although each key passed alone.
_CROSS_FIELD = ("default_language",)


def load_config(path: Path) -> LoadedConfig:
    """The config at ``path``. A bad key falls back to its default alone and the rest stays;
    only a file that cannot be read as YAML key: value lines means the defaults for every key."""
    def whole_file(line: int | None, message: str, found: bool = True) -> LoadedConfig:
        return LoadedConfig(Config(), path, [Problem(path, line, message + WHOLE_FILE)], found=found)

    try:
        info = path.stat()
    except OSError:
        return LoadedConfig(Config(), path, [Problem(path, None, "no config file here; using the defaults", "warning")], found=False)
    if stat.S_ISDIR(info.st_mode):
        return whole_file(None, "this is a folder, not a config file")
    if not stat.S_ISREG(info.st_mode):
        return whole_file(None, "this is not a regular file")
    if info.st_size > MAX_CONFIG_BYTES:
        return whole_file(None, f"the file has {info.st_size:,} bytes; a config has at most {MAX_CONFIG_BYTES // 1000} KB")
    try:
        doc = read_yaml(path)  # keys written twice come back as a list: each costs its own key only
    except YamlError as exc:
        return whole_file(exc.line, exc.message)
    except (RecursionError, MemoryError, ValueError) as exc:  # a parser's last resort; never a crash
        return whole_file(None, f"not valid YAML ({type(exc).__name__})")
    if doc.data is None:
        return LoadedConfig(Config(), path, [])
    if not isinstance(doc.data, dict):
        kinds = {list: "a list", str: "text", int: "a number", float: "a number", bool: "a yes/no value"}
        kind = kinds.get(type(doc.data), "not key: value lines")
        return whole_file(1, f"the config is {kind}; write it as key: value lines")
    return _load_keys(doc)


def _default_text(name: str) -> str:
    default = Config.model_fields[name].get_default(call_default_factory=True)
    return "empty" if default is None else _yaml_value(default).strip('"')


# pydantic names the branch of a union (care_contact: text or one per language) in the error's
# location, e.g. "care_contact.dict[function-after[_lang(), str],str].xx"; people never wrote it.
_BRANCH = re.compile(r"^(?P<key>\w+)\.(?P<branch>str|int|bool|float|none|list\[[^.]*\]|dict\[[^.]*\])(?=[.:\[ ])")


def _one_problem(key: str, value: Any, found: list[Problem]) -> Problem:
    """One line for one bad key, however many things pydantic found in it."""
    kind = "dict" if isinstance(value, dict) else "list" if isinstance(value, list) else "str" if isinstance(value, str) else ""
    messages: list[tuple[str, str]] = []  # (branch, message)
    for problem in found:
        match = _BRANCH.match(problem.message)
        if match:
            messages.append((match["branch"], key + problem.message[match.end():]))
        else:
            messages.append(("", problem.message))
    if any(branch for branch, _ in messages):  # a union: only the branch of the value's own kind
        mine = [m for m in messages if m[0].startswith(kind)] if kind else []
        messages = mine or messages[:1]
    texts = list(dict.fromkeys(text for _, text in messages))
    text = "; ".join(texts[:2]) + (f" (and {len(texts) - 2} more)" if len(texts) > 2 else "")
    line = min((p.line for p in found if p.line), default=None)
    return Problem(found[0].path, line, f"{text}; using the default ({_default_text(key)})")


def _load_keys(doc: YamlDocument) -> LoadedConfig:
    """Validate key by key: each bad key is reported and falls back to its default."""
    path, data = doc.path, doc.data
    problems: list[Problem] = []
    rejected: set[str] = set()
    # Unknown keys, found in the file's own key nodes (so that 1, null or a date as a key is
    # reported as written, on its line).
    root = doc.root if isinstance(doc.root, yaml.MappingNode) else None
    for key_node, _value in root.value if root is not None else []:
        text = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a list or mapping"
        if not (key_node.tag == "tag:yaml.org,2002:str" and text in Config.model_fields):
            problems.append(Problem(path, key_node.start_mark.line + 1,
                                    f"'{text[:60]}' is not a config key (check the spelling); ignored"))
            rejected.add(text[:60])
    # A key written twice (at the top, or inside its value): which one was meant is unknown, so
    # that key runs on its default.
    doubled: set[str] = set()
    for error in doc.duplicates:
        for key_node, value_node in root.value if root is not None else []:
            if key_node.start_mark.line + 1 <= (error.line or 0) <= value_node.end_mark.line + 1 or \
                    (isinstance(key_node, yaml.ScalarNode) and f"'{key_node.value}' appears twice" in error.message
                     and key_node.start_mark.line + 1 == error.line):
                name = key_node.value if isinstance(key_node, yaml.ScalarNode) else ""
                if name in Config.model_fields and name not in doubled:
                    doubled.add(name)
                    problems.append(Problem(path, error.line, f"{error.message}; using the default for {name} "
                                                              f"({_default_text(name)})"))
                break
    rejected |= doubled
    accepted: dict[str, Any] = {}
    for key, value in data.items():
        if not (isinstance(key, str) and key in Config.model_fields) or key in doubled:
            continue
        found: list[Problem] = []
        if validate_doc(YamlDocument(path, {key: value}, doc.root), Config, {}, found) is None:
            problems.append(_one_problem(key, value, found))
            rejected.add(key)
        else:
            accepted[key] = value
    # A key meant to guard the packs that is not valid never turns into "accept unsigned packs".
    bad_keys = sorted({"pack_public_key", "pack_public_keys"} & rejected)
    if bad_keys and accepted.get("allow_unsigned_packs") is True:
        problems.append(Problem(path, line_of(doc.root, ["allow_unsigned_packs"]),
                                f"allow_unsigned_packs: ignored while {' and '.join(bad_keys)} is set but not valid (never accept "
                                "unsigned packs by mistake); using the default (false)"))
        rejected.add("allow_unsigned_packs")
        del accepted["allow_unsigned_packs"]
    # Rules between keys (each key passed alone): drop the dependent key.
    for key in _CROSS_FIELD:
        found = []
        if validate_doc(YamlDocument(path, accepted, doc.root), Config, {}, found) is not None:
            break
        if key in accepted:
            message = "; ".join(p.message for p in found)
            message = message if message.startswith(key) else f"{key}: {message}"
            problems.append(Problem(path, line_of(doc.root, [key]), f"{message}; using the default ({_default_text(key)})"))
            rejected.add(key)
            del accepted[key]
    found = []
    config = validate_doc(YamlDocument(path, accepted, doc.root), Config, {}, found)
    if config is None:  # a rule between keys not listed in _CROSS_FIELD: say so, run on the defaults
        return LoadedConfig(Config(), path, problems + [Problem(p.path, p.line, p.message + WHOLE_FILE) for p in found],
                            rejected=rejected | set(accepted))
    problems.sort(key=lambda p: p.line or 0)
    return LoadedConfig(config, path, problems, rejected=rejected)


def example_config() -> str:
    """A fully commented config.yaml with every key at its default."""
    lines = [
        f"# {APP_NAME} configuration. Every key is optional. A misspelt key is reported and ignored; a bad",
        "# value is reported and that key alone runs on its default (kiosk self-test lists them).",
        "# Location: /etc/clinic-kiosk/config.yaml (Linux), %ProgramData%\\clinic-kiosk\\config.yaml (Windows),",
        f"# or the file named by --config PATH or ${ENV_VAR}. Check it with: kiosk --config PATH self-test",
        "# Quote text that YAML could misread: times (\"03:30\"), yes/no, numbers meant as text.",
        "",
    ]
    for name, info in Config.model_fields.items():
        default = info.get_default(call_default_factory=True)
        if info.description:
            lines.append(f"# {info.description}")
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        example = f"  # for example {extra['example']}" if "example" in extra else ""
        lines.append(f"{name}: {_yaml_value(default)}{example}")
        lines.append("")
    return "\n".join(lines)


def _yaml_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{}" if not value else str(value)
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)
