"""Check that pyproject.toml and the lock files agree (``make lock-check``).

The lock files (``requirements.lock`` for the product, ``requirements-dev.lock`` for the
product and its tests) are made by ``make lock`` with pip-compile from pyproject.toml.
They disagree with it when a dependency was added, removed or given a range that its
pinned version falls outside of, and ``make lock`` was not run again. Also checked:
both files pin shared packages to the same versions, and every pin carries hashes.

With ``--installed`` the running environment is checked too: every locked package
installed at its locked version (so the suite runs with what a fresh clone installs).

Exit status 1 and one line a problem when anything disagrees. Needs only the standard
library and ``packaging`` (pip's own copy will do, so it runs before anything is
installed).
"""

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # a bare virtualenv: pip carries its own copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = "requirements.lock"
DEV_LOCK = "requirements-dev.lock"
DEV_EXTRA = "dev"
# What pip-compile writes beside a package that pyproject.toml asks for by name.
DIRECT = re.compile(r"^\S+ \(pyproject\.toml\)$")
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


@dataclass
class Pin:
    version: str
    hashes: int = 0
    via: list[str] = field(default_factory=list)

    @property
    def direct(self) -> bool:
        return any(DIRECT.match(source) for source in self.via)


def read_lock(path: Path) -> dict[str, Pin]:
    """The lock's pins by canonical name, with their hash count and ``# via`` sources."""
    pins: dict[str, Pin] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        match = PIN.match(raw)
        if match:
            current = pins[canonicalize_name(match[1])] = Pin(match[2])
            current.hashes += raw.count("--hash=")
        elif current is not None and line.startswith("--hash="):
            current.hashes += 1
        elif current is not None and line.startswith("# via "):
            current.via.append(line.removeprefix("# via ").strip())
        elif current is not None and line.startswith("#   "):
            current.via.append(line.removeprefix("#").strip())
        elif line == "#" or not line:
            continue
    return pins


def read_requirements(pyproject: Path) -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(spec) for spec in project.get("dependencies", [])]
    extra = project.get("optional-dependencies", {}).get(DEV_EXTRA, [])
    return runtime, [Requirement(spec) for spec in extra]


def compare(requirements: list[Requirement], pins: dict[str, Pin], lock_name: str) -> list[str]:
    """What differs between one set of pyproject requirements and one lock file."""
    problems = []
    wanted = {canonicalize_name(req.name): req for req in requirements}
    for name, req in sorted(wanted.items()):
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{lock_name}: {req.name} is in pyproject.toml but not locked")
            continue
        if not req.specifier.contains(pin.version, prereleases=True):
            problems.append(
                f"{lock_name}: {req.name}=={pin.version} is outside pyproject.toml's "
                f"range {req.specifier}"
            )
        if not pin.direct:
            problems.append(f"{lock_name}: {req.name} was locked before pyproject.toml named it")
        for extra in sorted(req.extras):
            # psycopg[binary] locks psycopg-binary; an extra named after no package is fine.
            extra_name = canonicalize_name(f"{req.name}-{extra}")
            if extra_name in pins and not pins[extra_name].via:
                problems.append(f"{lock_name}: {extra_name} is locked for no package")
    for name, pin in sorted(pins.items()):
        if pin.direct and name not in wanted:
            problems.append(
                f"{lock_name}: {name} is locked as asked for by pyproject.toml, which no "
                f"longer names it"
            )
        if pin.hashes == 0:
            problems.append(f"{lock_name}: {name}=={pin.version} has no hashes")
    return problems


def check(root: Path = ROOT, installed: bool = False) -> list[str]:
    """Every disagreement between pyproject.toml, the two locks and (optionally) the
    environment this runs in."""
    problems = []
    locks = {}
    for lock_name in (RUNTIME_LOCK, DEV_LOCK):
        if not (root / lock_name).exists():
            problems.append(f"{lock_name} is missing: run make lock")
        else:
            locks[lock_name] = read_lock(root / lock_name)
    if problems:
        return problems
    runtime, dev = read_requirements(root / "pyproject.toml")
    problems += compare(runtime, locks[RUNTIME_LOCK], RUNTIME_LOCK)
    problems += compare(runtime + dev, locks[DEV_LOCK], DEV_LOCK)
    for name, pin in sorted(locks[RUNTIME_LOCK].items()):
        dev_pin = locks[DEV_LOCK].get(name)
        if dev_pin is None:
            problems.append(f"{DEV_LOCK}: {name} is in {RUNTIME_LOCK} but not here")
        elif dev_pin.version != pin.version:
            problems.append(
                f"{name} is {pin.version} in {RUNTIME_LOCK} but {dev_pin.version} in {DEV_LOCK}"
            )
    if installed:
        problems += check_installed(locks[DEV_LOCK])
    return problems


def check_installed(pins: dict[str, Pin]) -> list[str]:
    problems = []
    for name, pin in sorted(pins.items()):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"installed: {name} is locked at {pin.version} but not installed")
            continue
        if version != pin.version:
            problems.append(f"installed: {name} is {version}, locked at {pin.version}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--installed", action="store_true",
                        help="also check the running environment against requirements-dev.lock")
    args = parser.parse_args(argv)
    problems = check(ROOT, installed=args.installed)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("pyproject.toml and the lock files disagree: run make lock (and make install-dev).",
              file=sys.stderr)
        return 1
    print("pyproject.toml and the lock files agree.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
