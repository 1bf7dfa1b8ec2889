"""docs/deploy.md's settings make `manage.py check --deploy` come out clean."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DOCUMENTED = {
    "SECRET_KEY": "a-long-random-production-key-" + "x7Q2pL9vR4mN8kT3wZ6yB1cF5hJ0dG" * 2,
    "DATABASE_URL": "postgres://ictreport@db.example.org:5432/ictreport",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "ALLOWED_HOSTS": "ict-reporting.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://ict-reporting.example.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "PDF_RENDER_OUTSIDE_TASKS": "false",
}


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in DOCUMENTED and not k.startswith(("SECURE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env={**clean, "SECRET_KEY_FILE": "/nonexistent", **env},
        capture_output=True, text=True, timeout=120)


def test_the_documented_settings_pass_check_deploy():
    result = check_deploy(DOCUMENTED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_them():
    # The test can fail: the demo's defaults are not a deployment.
    env = {"SECRET_KEY": DOCUMENTED["SECRET_KEY"]}
    result = check_deploy(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_documented_variables_are_the_ones_in_the_doc():
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in DOCUMENTED:
        assert f"`{name}`" in text
