"""Read settings from the environment, failing at start-up with the variable's name.

Modelled on healthchecks' ``envbool``: a typo in production configuration should stop
the process with a message that says which variable is wrong, not surface later as an
odd behaviour.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be one of 1/0, true/false, yes/no, on/off; "
        f"got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number of at least {minimum}; "
            f"got {value!r}."
        )
    return number


def env_header_pair(name: str) -> tuple[str, str] | None:
    """``HTTP_X_FORWARDED_PROTO,https`` → ``("HTTP_X_FORWARDED_PROTO", "https")``: the
    form of ``SECURE_PROXY_SSL_HEADER``; unset gives None."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    parts = [part.strip() for part in value.split(",")]
    if len(parts) != 2 or not all(parts) or not parts[0].startswith("HTTP_"):
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a request header as Django names it "
            f"and its value, separated by a comma, like HTTP_X_FORWARDED_PROTO,https; "
            f"got {value!r}."
        )
    return parts[0], parts[1]


def env_secret_key(name: str, key_file: Path) -> str:
    """The secret key from ``name``, else from ``key_file`` (``make demo`` writes one to
    ``var/secret-key``), else stop naming the variable. There is no built-in fallback,
    whatever ``DEBUG`` says: a fixed key in the code signs every session the same way
    on every machine that runs it."""
    value = env_str(name)
    if value is not None:
        return value
    key_file = Path(key_file)
    try:
        value = key_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        value = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ImproperlyConfigured(
            f"Set the environment variable {name}; {key_file} exists but cannot be read "
            f"({exc})."
        ) from None
    if not value:
        raise ImproperlyConfigured(
            f"Set the environment variable {name} (or run `make demo`, which writes a "
            f"generated key to {key_file})."
        )
    return value


def env_email(name: str, default: str) -> str:
    """An e-mail address from ``name`` (``default`` when unset), checked as Django's
    ``EmailValidator`` checks one."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = env_str(name, default).strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be an e-mail address; got {value!r}."
        ) from None
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured(f"The environment variable {name} is set but names nothing.")
    return items


# SQLite, as the demo runs it with two gunicorn workers: one writer at a time, so a
# save that meets another must queue for the lock rather than fail.
SQLITE_OPTIONS = {
    # A transaction takes the write lock when it begins; a deferred one that read first
    # and then wrote could not wait for the lock and failed at once (SQLITE_BUSY).
    "transaction_mode": "IMMEDIATE",
    # Seconds a write waits for the lock (SQLite's busy timeout) before "database is
    # locked", which the site then answers with "busy, please try again" (503).
    "timeout": 20,
    # Write-ahead logging: readers never block the writer nor it them; with WAL,
    # synchronous=NORMAL is still safe against corruption and much faster to commit.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def env_database(name: str, default_sqlite_path) -> dict:
    """A database from a URL in ``name``, or the embedded SQLite file when it is unset."""
    import dj_database_url

    url = env_str(name)
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types for a bad URL
        raise ImproperlyConfigured(
            f"The environment variable {name} is not a database URL: {exc}"
        ) from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"The environment variable {name} names no known database.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config
