"""Settings as a deployment meets them: each case starts a fresh process with its own
environment, since settings are read once at start-up."""

import os
import subprocess
import sys

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


def manage(*args, tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    # Never the developer's own var/secret-key: each case says where its key is.
    environment["SECRET_KEY_FILE"] = str(tmp_path / "no-secret-key")
    environment["CACHE_DIR"] = str(tmp_path / "cache")
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_production_checklist_passes_check_deploy(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
                    **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_without_the_https_settings_check_deploy_names_them(tmp_path):
    plain = {k: v for k, v in PRODUCTION.items()
             if not k.startswith("SECURE_HSTS") and k != "SECURE_SSL_REDIRECT"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
                    **plain)
    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_https_settings_are_read_from_the_environment(tmp_path):
    script = ("from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
              "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
              "s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, "
              "s.CSRF_COOKIE_SECURE)")
    result = manage("shell", "--no-imports", "-c", script, tmp_path=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == (
        "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') True True")


@pytest.mark.parametrize("debug", ["1", "0"])
def test_no_key_anywhere_stops_start_up_naming_the_variable_debug_or_not(tmp_path, debug):
    result = manage("check", tmp_path=tmp_path, DEBUG=debug)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the environment variable SECRET_KEY" in result.stderr
    assert "make demo" in result.stderr


def test_commands_find_the_key_make_demo_wrote(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("a-demo-key-written-by-make-demo\n")
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; "
                    "print(settings.SECRET_KEY)", tmp_path=tmp_path,
                    SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-demo-key-written-by-make-demo"
    # The README's export command, as written: no SECRET_KEY in front of it.
    result = manage("help", "export_report", tmp_path=tmp_path, SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


def test_the_environment_key_wins_over_the_demo_file(tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("the-demo-key")
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; "
                    "print(settings.SECRET_KEY)", tmp_path=tmp_path,
                    SECRET_KEY_FILE=str(key_file), SECRET_KEY="the-environment-key")
    assert result.stdout.strip() == "the-environment-key"


def test_the_demo_key_file_defaults_to_var_secret_key():
    """Without SECRET_KEY_FILE the settings look where `make demo` writes the key."""
    spy = ("import ictreport.env as env\n"
           "seen = []\n"
           "env.env_secret_key = lambda name, path: seen.append(str(path)) or 'k'\n"
           "import ictreport.settings\n"
           "print(seen[0])\n")
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    result = subprocess.run([sys.executable, "-c", spy], cwd=ROOT, env=environment,
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
