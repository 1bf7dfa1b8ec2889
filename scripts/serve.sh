#!/usr/bin/env bash
# `make demo`'s servers: gunicorn for the site and one Celery worker that draws the PDFs
# (the site never draws one in a request), with its beat embedded (-B) to sweep for
# changed reports (ictreport.reports.sweep). Without REDIS_URL the worker's queue is
# kombu's filesystem transport under var/celery/, so nothing more is installed or run.
# Ctrl-C (or either process ending) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var/celery/queue var/celery/control

"$VENV/bin/celery" -A ictreport worker --pool=solo --loglevel=INFO \
  -B --schedule var/celery/beat-schedule &
worker=$!
# App servers never draw a PDF, even by mistake: only the worker may.
PDF_RENDER_OUTSIDE_TASKS=false "$VENV/bin/gunicorn" ictreport.wsgi \
  --bind "$HOST:$PORT" --workers 2 --timeout 120 --access-logfile - &
web=$!

stop() { kill -TERM "$web" "$worker" 2>/dev/null || true; wait "$web" "$worker" 2>/dev/null || true; }
trap stop INT TERM EXIT
wait -n "$web" "$worker"
