"""``make lock-check``: the lock files agree with pyproject.toml, and it says when not."""

import shutil
from pathlib import Path

import pytest

from scripts import lock_check

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path):
    """A copy of pyproject.toml and both locks, to break one way at a time."""
    for name in ("pyproject.toml", lock_check.RUNTIME_LOCK, lock_check.DEV_LOCK):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_the_checkouts_locks_agree_with_pyproject():
    assert lock_check.check(ROOT) == []


def test_the_suite_runs_with_the_locked_versions():
    assert lock_check.check(ROOT, installed=True) == []


def test_every_locked_pin_carries_hashes():
    for name in (lock_check.RUNTIME_LOCK, lock_check.DEV_LOCK):
        pins = lock_check.read_lock(ROOT / name)
        assert pins and all(pin.hashes for pin in pins.values()), name


def test_a_range_the_locked_version_is_outside_of(checkout):
    _edit(checkout / "pyproject.toml", '"plotly>=7.1,<8"', '"plotly>=8,<9"')
    problems = lock_check.check(checkout)
    assert "requirements.lock: plotly==7.1.0 is outside pyproject.toml's range <9,>=8" in problems
    assert any(p.startswith("requirements-dev.lock: plotly==7.1.0 is outside") for p in problems)


def test_a_dependency_added_without_locking(checkout):
    _edit(checkout / "pyproject.toml", '"pandas>=3.0,<4",', '"pandas>=3.0,<4",\n    "rich>=13",')
    assert "requirements.lock: rich is in pyproject.toml but not locked" in (
        lock_check.check(checkout))


def test_a_transitive_package_named_without_locking_again(checkout):
    _edit(checkout / "pyproject.toml", '"pandas>=3.0,<4",', '"pandas>=3.0,<4",\n    "numpy>=2",')
    assert "requirements.lock: numpy was locked before pyproject.toml named it" in (
        lock_check.check(checkout))


def test_a_dependency_removed_without_locking(checkout):
    _edit(checkout / "pyproject.toml", '    "gunicorn>=22",\n', "")
    problems = lock_check.check(checkout)
    assert ("requirements.lock: gunicorn is locked as asked for by pyproject.toml, which no "
            "longer names it") in problems


def test_the_two_locks_disagreeing(checkout):
    _edit(checkout / lock_check.DEV_LOCK, "django==5.2.19", "django==5.2.18")
    assert ("django is 5.2.19 in requirements.lock but 5.2.18 in requirements-dev.lock"
            in lock_check.check(checkout))


def test_a_pin_without_hashes(checkout):
    lock = checkout / lock_check.RUNTIME_LOCK
    lines = lock.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("gunicorn=="))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    --hash"))
    lines[start:end] = ["gunicorn==27.0.1"]
    lock.write_text("\n".join(lines) + "\n")
    assert "requirements.lock: gunicorn==27.0.1 has no hashes" in lock_check.check(checkout)


def test_a_missing_lock(checkout):
    (checkout / lock_check.DEV_LOCK).unlink()
    assert lock_check.check(checkout) == ["requirements-dev.lock is missing: run make lock"]


def test_the_command_fails_and_says_why(checkout, monkeypatch, capsys):
    _edit(checkout / "pyproject.toml", '"plotly>=7.1,<8"', '"plotly>=8,<9"')
    monkeypatch.setattr(lock_check, "ROOT", checkout)
    assert lock_check.main([]) == 1
    assert "run make lock" in capsys.readouterr().err
