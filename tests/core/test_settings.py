"""Settings as a deployment meets them: each case runs manage.py in a process of its own
with its own environment, since settings are read once at start-up."""

import json
import os
import select
import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from ictreport.env import env_header_pair, env_int, env_secret_key
from tests.conftest import ROOT

# The README's production checklist, word for word (a random key stands in for yours).
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k9-Qw3rTy7uIoP1aSdFgHjKl2ZxCvBnM4qWeRtYuIoPaSdFgHjK8lZx",
    "ALLOWED_HOSTS": "ict.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://ict.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
}
SETTINGS_VARIABLES = {"DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS",
                      "CSRF_TRUSTED_ORIGINS", "SECURE_COOKIES", "SECURE_SSL_REDIRECT",
                      "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                      "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "CACHE_DIR",
                      "CLIENT_IP_HEADER"}


# The libraries every manage.py process imports before it reads a setting (Celery's and
# the spreadsheets' above all: most of a start-up), imported once by a
# starter process; each case is a child forked from it with the case's environment,
# which then runs manage.py as `python manage.py …` would: no setting, no app, nothing
# of Django's configuration is loaded before the fork.
_STARTER = """
import json, os, runpy, sys, traceback
import django.core.management, django.db.models, django.forms, django.template
import celery.app, openpyxl, tablib, yaml
for line in sys.stdin:
    case = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.environ.clear()
        os.environ.update(case["env"])
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            os.dup2(os.open(case[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        sys.argv = ["manage.py", *case["args"]]
        code = 0
        try:
            runpy.run_path("manage.py", run_name="__main__")
        except SystemExit as stop:
            if isinstance(stop.code, str):
                print(stop.code, file=sys.stderr)
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except BaseException:
            traceback.print_exc()
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


def _environment():
    return {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}


@pytest.fixture(scope="module")
def _starter():
    process = subprocess.Popen([sys.executable, "-c", _STARTER], cwd=ROOT, env=_environment(),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    yield process
    process.stdin.close()
    process.wait(timeout=60)


@pytest.fixture
def manage(_starter, tmp_path):
    """``manage(*args, **env)``: manage.py run with ``env`` over the environment, less
    every settings variable; its return code, standard output and error."""
    def manage(*args, **env):
        environment = _environment()
        # Never the developer's own var/secret-key: each case says where its key is.
        environment["SECRET_KEY_FILE"] = str(tmp_path / "no-secret-key")
        environment["CACHE_DIR"] = str(tmp_path / "cache")
        environment.update(env)
        out, err = tmp_path / "manage.out", tmp_path / "manage.err"
        _starter.stdin.write(json.dumps({"args": args, "env": environment,
                                         "stdout": str(out), "stderr": str(err)}) + "\n")
        _starter.stdin.flush()
        ready, _, _ = select.select([_starter.stdout], [], [], 120)
        assert ready, f"manage.py {' '.join(args)} took over two minutes"
        return SimpleNamespace(returncode=int(_starter.stdout.readline()),
                               stdout=out.read_text(), stderr=err.read_text())
    return manage


def test_production_checklist_passes_check_deploy(manage):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_the_https_settings_check_deploy_names_them(manage):
    plain = {k: v for k, v in PRODUCTION.items()
             if not k.startswith("SECURE_HSTS") and k != "SECURE_SSL_REDIRECT"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **plain)
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_https_settings_are_read_from_the_environment(manage):
    script = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
              "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
              "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, "
              "s.CSRF_COOKIE_SECURE)")
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') True True")


@pytest.mark.parametrize("debug", ["1", "0"])
def test_no_key_anywhere_stops_start_up_naming_the_variable_debug_or_not(manage, debug):
    result = manage("check", DEBUG=debug)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the environment variable SECRET_KEY" in result.stderr
    assert "make demo" in result.stderr


def test_commands_find_the_key_make_demo_wrote(manage, tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("a-demo-key-written-by-make-demo\n")
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; "
                    "print(settings.SECRET_KEY)", SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-demo-key-written-by-make-demo"
    # The README's export command, as written: no SECRET_KEY in front of it.
    result = manage("help", "export_report", SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def test_the_environment_key_wins_over_the_demo_file(manage, tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("the-demo-key")
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; "
                    "print(settings.SECRET_KEY)", SECRET_KEY_FILE=str(key_file),
                    SECRET_KEY="the-environment-key")
    assert result.stdout.strip() == "the-environment-key"


def test_the_demo_key_file_defaults_to_var_secret_key():
    """Without SECRET_KEY_FILE the settings look where `make demo` writes the key."""
    spy = ("import ictreport.env as env\n"
           "seen = []\n"
           "env.env_secret_key = lambda name, path: seen.append(str(path)) or 'k'\n"
           "import ictreport.settings\n"
           "print(seen[0])\n")
    result = subprocess.run([sys.executable, "-c", spy], cwd=ROOT, env=_environment(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "var" / "secret-key")
    assert "var/secret-key:" in (ROOT / "Makefile").read_text()  # the target that writes it


def test_an_empty_key_file_is_no_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret-key").write_text("\n")
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable SECRET_KEY"):
        env_secret_key("SECRET_KEY", tmp_path / "secret-key")


def test_a_key_file_that_cannot_be_read_is_named(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret-key").mkdir()
    with pytest.raises(ImproperlyConfigured, match="secret-key exists but cannot be read"):
        env_secret_key("SECRET_KEY", tmp_path / "secret-key")


@pytest.mark.parametrize("value", ["X_FORWARDED_PROTO,https", "HTTP_X_FORWARDED_PROTO",
                                   "HTTP_X_FORWARDED_PROTO,", "a,b,c"])
def test_a_malformed_proxy_header_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", value)
    with pytest.raises(ImproperlyConfigured, match="SECURE_PROXY_SSL_HEADER"):
        env_header_pair("SECURE_PROXY_SSL_HEADER")


@pytest.mark.parametrize("value", ["a year", "-1", "1.5"])
def test_a_bad_number_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", value)
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS"):
        env_int("SECURE_HSTS_SECONDS", 0)
