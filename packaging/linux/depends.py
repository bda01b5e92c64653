"""Work out the Debian packages a PyInstaller bundle's binaries load from the system.

Usage: python packaging/linux/depends.py BUNDLE_DIR [--recommend PKG ...]
Prints two lines, `Depends: ...` and `Recommends: ...` (package names, sorted). For every ELF
file in the bundle, the libraries it links directly (readelf's NEEDED) that ldd resolves outside
the bundle are looked up with `dpkg-query -S` (exact path match, /lib and /usr/lib both tried:
Debian merged them); what those libraries need in turn, their own packages depend on. Packages
named with --recommend go to Recommends (optional features: speech). A library ldd cannot find
is an error unless it belongs to a recommended package's feature (then say so with --optional-lib).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(\S+)\s+\(")
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found")


def elf_files(bundle: Path) -> list[Path]:
    files = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def system_libraries(bundle: Path) -> tuple[set[str], set[str]]:
    """Resolved paths outside the bundle, and names ldd could not find."""
    inside = str(bundle.resolve())
    found, missing = set(), set()
    for path in elf_files(bundle):
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
        needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic))
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if (m := NOT_FOUND.match(line)) and m.group(1) in needed:
                missing.add(m.group(1))
            elif (m := LDD_LINE.match(line)) and m.group(1) in needed and not os.path.realpath(m.group(2)).startswith(inside):
                found.add(m.group(2))
    return found, missing


def _variants(path: str) -> list[str]:
    out = []
    for p in (path, os.path.realpath(path)):
        out += [p, p.removeprefix("/usr")] if p.startswith("/usr/") else [p, "/usr" + p]
    return list(dict.fromkeys(out))


def owners(paths: set[str]) -> dict[str, str]:
    """Library path -> the Debian package that installed it (one dpkg-query for all)."""
    variants = {v: path for path in paths for v in _variants(path)}
    out = subprocess.run(["dpkg-query", "-S", *variants], capture_output=True, text=True, check=False).stdout
    result: dict[str, str] = {}
    for line in out.splitlines():
        packages, _, owned = line.rpartition(": ")
        if owned in variants:  # exact match only (dpkg-query -S also matches substrings)
            result.setdefault(variants[owned], packages.split(",")[0].strip().split(":")[0])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--recommend", action="append", default=[], metavar="PKG")
    parser.add_argument("--optional-lib", action="append", default=[], metavar="SONAME")
    args = parser.parse_args()
    found, missing = system_libraries(args.bundle)
    missing -= set(args.optional_lib)
    if missing:
        print(f"depends: ldd cannot find {', '.join(sorted(missing))}; install them and build again", file=sys.stderr)
        return 1
    owned = owners(found)
    packages, unowned = set(owned.values()), sorted(found - set(owned))
    if unowned:
        print(f"depends: no Debian package owns {', '.join(unowned)}", file=sys.stderr)
        return 1
    recommends = set(args.recommend)
    print("Depends: " + ", ".join(sorted(packages - recommends)))
    print("Recommends: " + ", ".join(sorted(recommends)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
