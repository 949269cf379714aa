"""gunicorn's settings for the web site, as the Dockerfile, docker-compose.yml and bench/loadtest.py start it."""
import os

# Sync workers, each serving one request at a time: gunicorn's advice of two per core plus one keeps the cores busy
# while some wait on PostgreSQL. Cores are those this process may run on (a container's cpuset, not the host's); a
# CPU quota (docker --cpus) does not show here, so set WEB_CONCURRENCY under one.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0)) + 1)
# A worker silent this long is killed and replaced: no page or admin action waits on anything this slow (a careers
# site is read by the scrape workers, never within a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)  # seconds
