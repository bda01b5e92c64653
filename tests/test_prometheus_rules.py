"""The fleet monitoring files: packaging/prometheus/clinic-kiosk.rules.yml (checked and unit-tested
with promtool, packaging/prometheus/tests/) and packaging/grafana/clinic-kiosk-fleet.json, against
the metrics the kiosk really writes (kiosk/core/health.py) and the README's reference.

promtool comes from Debian's prometheus package, which tools/setup.sh installs: these tests FAIL
without it (never skip), so CI's clean root cannot pass them by accident."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from conftest import REPO
from kiosk.core.health import make_status, pack_health, prometheus_text

RULES = REPO / "packaging" / "prometheus" / "clinic-kiosk.rules.yml"
RULE_TESTS = sorted((REPO / "packaging" / "prometheus" / "tests").glob("*.yml"))
DASHBOARD = REPO / "packaging" / "grafana" / "clinic-kiosk-fleet.json"
README = REPO / "README.md"
NAME = re.compile(r"\b(clinic_kiosk[a-z0-9_:]*)")


def promtool(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("promtool")
    assert tool, "promtool is missing: tools/setup.sh installs it (Debian package prometheus)"
    return subprocess.run([tool, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False)


def kiosk_metrics() -> str:
    """Every family the kiosk writes (one pack, so the per-pack ones are there too)."""
    return prometheus_text(make_status("Lobby", 0.0, "1.0", "spine 1", "boom", last_error_time=1.0, errors_total=1,
                                       packs=[pack_health("spine", "1", [date(2027, 1, 1)], date(2026, 12, 6))]))


def written_names() -> set[str]:
    return set(re.findall(r"^# TYPE (\S+) ", kiosk_metrics(), re.M))


def rules() -> list[dict[str, Any]]:
    data = yaml.safe_load(RULES.read_text())
    return [rule for group in data["groups"] for rule in group["rules"]]


def recorded_names() -> set[str]:
    return {rule["record"] for rule in rules() if "record" in rule}


def dashboard_exprs() -> Iterator[str]:
    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "expr" and isinstance(value, str):
                    yield value
                else:
                    yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    yield from walk(json.loads(DASHBOARD.read_text()))


# ---- promtool ---------------------------------------------------------------------------------
def test_promtool_checks_the_rules() -> None:
    done = promtool("check", "rules", str(RULES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(rules())} rules found" in done.stdout


def test_promtool_unit_tests_of_every_alert_pass() -> None:
    assert RULE_TESTS, "no rule unit tests"
    done = promtool("test", "rules", *map(str, RULE_TESTS))
    assert done.returncode == 0, done.stdout + done.stderr
    tested = {test["alertname"] for path in RULE_TESTS
              for case in yaml.safe_load(path.read_text())["tests"] for test in case.get("alert_rule_test", [])}
    assert tested == {rule["alert"] for rule in rules() if "alert" in rule}, "every alert has a unit test"


def test_a_broken_rule_fails_its_unit_test(tmp_path: Path) -> None:
    """The unit tests can fail: a heartbeat alert at 10 minutes instead of 5 is caught."""
    text = RULES.read_text()
    assert "clinic_kiosk_heartbeat_timestamp_seconds > 300" in text
    (tmp_path / RULES.name).write_text(text.replace("clinic_kiosk_heartbeat_timestamp_seconds > 300",
                                                    "clinic_kiosk_heartbeat_timestamp_seconds > 600"))
    (tmp_path / "tests").mkdir()
    for path in RULE_TESTS:
        shutil.copy(path, tmp_path / "tests" / path.name)
    done = promtool("test", "rules", *(f"tests/{path.name}" for path in RULE_TESTS), cwd=tmp_path)
    assert done.returncode != 0 and "ClinicKioskHeartbeatStale" in done.stdout + done.stderr


def test_promtool_accepts_the_kiosk_metrics_file() -> None:
    """The textfile the kiosk writes lints clean (names, units, counter suffix, HELP)."""
    tool = shutil.which("promtool")
    assert tool, "promtool is missing: tools/setup.sh installs it (Debian package prometheus)"
    done = subprocess.run([tool, "check", "metrics"], input=kiosk_metrics(), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_dashboards_queries_are_valid_promql(tmp_path: Path) -> None:
    exprs = [expr.replace("$kiosk", ".*") for expr in dashboard_exprs()]
    assert exprs
    groups = {"groups": [{"name": "dashboard", "rules": [{"record": f"dashboard:query{n}", "expr": expr}
                                                         for n, expr in enumerate(exprs)]}]}
    path = tmp_path / "dashboard.rules.yml"
    path.write_text(yaml.safe_dump(groups))
    done = promtool("check", "rules", str(path))
    assert done.returncode == 0, done.stdout + done.stderr


# ---- names: rules, dashboard and README agree with what the kiosk writes -------------------------
def test_every_metric_the_rules_use_is_written_by_the_kiosk() -> None:
    used = {name for rule in rules() for name in NAME.findall(rule["expr"])}
    assert used - recorded_names() <= written_names(), used - recorded_names() - written_names()


def test_every_alert_says_what_it_means_and_where_the_runbook_is() -> None:
    anchors = {re.sub(r"[^a-z0-9 -]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
               for line in README.read_text().splitlines() if line.startswith("#")}
    for rule in rules():
        if "alert" not in rule:
            continue
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        notes = rule["annotations"]
        assert notes["summary"] and len(notes["description"]) > 60, rule["alert"]
        assert notes["runbook"] == f"README.md#{rule['alert'].lower()}", rule["alert"]
        assert rule["alert"].lower() in anchors, f"README has no section {rule['alert']}"


def test_dashboard_is_json_and_queries_only_documented_metrics() -> None:
    board = json.loads(DASHBOARD.read_text())
    assert board["uid"] == "clinic-kiosk-fleet" and board["panels"]
    used = {name for expr in dashboard_exprs() for name in NAME.findall(expr)}
    assert used <= written_names() | recorded_names(), used - written_names() - recorded_names()
    # it shows each thing IT watches
    for name in ["clinic_kiosk_heartbeat_timestamp_seconds", "clinic_kiosk_memory_bytes", "clinic_kiosk_errors_total",
                 "clinic_kiosk_info", "clinic_kiosk_content_review_overdue", "clinic_kiosk_speech_available"]:
        assert name in used, name
    ids = [panel["id"] for panel in board["panels"]]
    assert len(ids) == len(set(ids)), "panel ids are unique"


def test_readme_documents_every_metric_and_alert() -> None:
    text = README.read_text()
    start = text.index("### Metrics and alerts")
    section = text[start:text.index("\n## ", start)] if "\n## " in text[start:] else text[start:]
    for name in written_names() | recorded_names():
        assert f"`{name}`" in section, f"README, Metrics and alerts: {name} is not documented"
    for rule in rules():
        if "alert" in rule:
            assert f"#### {rule['alert']}" in section, rule["alert"]


def test_the_deb_ships_the_rules_and_the_dashboard(tmp_path: Path) -> None:
    """tools/build.sh's own line, run into an empty package root (tools/debcheck.sh checks the installed files)."""
    build = (REPO / "tools" / "build.sh").read_text()
    found = re.search(r'^install -D -m 0644 -t "\$ROOT/usr/share/clinic-kiosk/monitoring" \\\n.*$', build, re.M)
    assert found, "tools/build.sh no longer installs the monitoring files"
    subprocess.run(["bash", "-euc", found.group(0)], env={**os.environ, "ROOT": str(tmp_path)}, cwd=REPO, check=True)
    shipped = tmp_path / "usr" / "share" / "clinic-kiosk" / "monitoring"
    assert sorted(p.name for p in shipped.iterdir()) == [DASHBOARD.name, RULES.name]
    assert (shipped / RULES.name).read_bytes() == RULES.read_bytes()
    assert (shipped / DASHBOARD.name).stat().st_mode & 0o777 == 0o644
