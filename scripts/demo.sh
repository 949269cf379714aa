#!/usr/bin/env bash
# `make demo`: the whole pipeline on this machine (SQLite, a local Redis, the bundled demo careers site), set up
# from nothing on a fresh Debian machine. manage.py demo runs and stops every process; Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_venv requirements/base.txt
if [ -z "${REDIS_URL:-}" ]; then
  # No Redis given: the demo starts its own.
  ensure_debian_packages redis-server=redis-server
fi

# The demo runs Django's development server: DEBUG on, so settings accept the development SECRET_KEY.
export DEBUG=true
# Progress and logs show as they happen, also where the output goes to a file.
export PYTHONUNBUFFERED=1
# The demo careers site is served on 127.0.0.1, which scraping refuses by default (no fetching internal services):
# allow that one host by name, not every private network (a page there linking to 10.0.0.1 is still refused).
export SCRAPE_ALLOWED_HOSTS=127.0.0.1
# No LLM unless one is configured: the rules engine runs anywhere.
export LOCAL_ENGINE=${LOCAL_ENGINE:-rules}
exec "$VENV/bin/python" manage.py demo --port "${PORT:-8000}" ${REDIS_URL:+--redis-url "$REDIS_URL"}
