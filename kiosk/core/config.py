"""The one config file IT writes: where it lives, what it may say, and safe defaults.

A bad or missing config never stops the kiosk: it runs with the defaults, logs
why, and the admin screen shows the problems (patients never see them).
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from .. import APP_NAME
from .loader import Problem, validate_doc
from .model import LangCode, Strict
from .yamlsrc import YamlError, load_yaml

ENV_VAR = "KIOSK_CONFIG"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _clock_time(value: str) -> str:
    if not _TIME.match(value):
        raise ValueError("write a time of day as \"HH:MM\" in quotes, for example \"03:30\"")
    return value


ClockTime = Annotated[str, AfterValidator(_clock_time)]


class Config(Strict):
    """Every key of config.yaml. Unknown keys are errors."""

    kiosk_name: str = Field("Clinic kiosk", description="Shown on the admin screen and in logs and health files.")
    idle_seconds: int = Field(90, ge=15, le=3600, description="Seconds without a touch before 'Are you still there?'.")
    countdown_seconds: int = Field(30, ge=20, le=300, description="Seconds the question stays before the kiosk resets (20 or more, WCAG 2.2.1).")
    default_language: LangCode | None = Field(None, description="Language after every reset; empty means the content's default (English).")
    languages: list[LangCode] | None = Field(None, min_length=1, description="Languages patients can choose, e.g. [en, es]; empty means all the content has.")
    content_dir: str | None = Field(None, description="Installed content folder; empty means the content bundled with the app.")
    admin_pin_hash: str | None = Field(None, description="From `kiosk set-pin`. Empty means the admin screen cannot be opened.")
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
    pack_public_key: str | None = Field(None, description="Ed25519 public key (from `kiosk keygen`); when set, unsigned or "
                                                          "wrongly signed packs are refused.")
    allow_unsigned_packs: bool = Field(False, description="true: accept content packs without a signature when no pack_public_key is set (never for a kiosk in a public place).")
    pack_max_mb: int = Field(200, ge=1, le=10000, description="Largest total unpacked size a content pack may have, in MB.")
    take_home: dict[str, str] = Field(default_factory=dict,
                                      description="Per topic id, an address (e.g. the clinic's own page) shown as a QR code at the end.",
                                      json_schema_extra={"example": '{spinal-fusion: "https://example.org/spinal-fusion"}'})
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
        return Path(os.environ.get("ProgramData", r"C:\ProgramData")) / APP_NAME / "config.yaml"
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
    config: Config
    path: Path
    problems: list[Problem] = field(default_factory=list)
    found: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems


def load_config(path: Path) -> LoadedConfig:
    """The config at ``path``, or the defaults with the reasons they are used."""
    if not path.is_file():
        return LoadedConfig(Config(), path, [Problem(path, None, "no config file here; using the defaults", "warning")], found=False)
    try:
        doc = load_yaml(path)
    except YamlError as exc:
        return LoadedConfig(Config(), path, [Problem(exc.path, exc.line, exc.message + "; using the defaults")])
    if doc.data is None:
        return LoadedConfig(Config(), path, [])
    problems: list[Problem] = []
    config = validate_doc(doc, Config, {}, problems)
    if config is None:
        return LoadedConfig(Config(), path, [Problem(p.path, p.line, p.message + "; using the defaults") for p in problems])
    return LoadedConfig(config, path, [])


def example_config() -> str:
    """A fully commented config.yaml with every key at its default."""
    lines = [
        f"# {APP_NAME} configuration. Every key is optional; unknown keys are errors.",
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
