# One image for web, beat and the workers; the scrape worker's build adds Chromium, the gpu worker's vLLM
# (see docker-compose.yml).
FROM python:3.11-slim

# requirements/base.txt for web, beat and the CPU workers; requirements/gpu.txt for the gpu worker.
ARG REQUIREMENTS=requirements/base.txt
# Debian packages on top of slim: the scrape worker needs chromium for career pages read in a browser; the gpu
# worker a C compiler, which Triton (under vLLM) uses to build its CUDA helpers at run time. Everything in
# base.txt installs from binary wheels.
ARG APT_PACKAGES=""

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    JOBSCRAPER_VAR_DIR=/app/var

RUN if [ -n "$APT_PACKAGES" ]; then \
      apt-get update && apt-get install -y --no-install-recommends $APT_PACKAGES && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /app
# Requirements before the code, so a code change reuses the cached dependency layer.
COPY requirements/ requirements/
RUN pip install -r "$REQUIREMENTS"

COPY . .
# Run unprivileged; collectstatic (web) and crawl4ai's files (var/) need these two folders writable.
RUN useradd --create-home --uid 1000 app && mkdir -p var staticfiles && chown app var staticfiles
USER app

EXPOSE 8000
# gunicorn.conf.py sets workers and timeout from WEB_CONCURRENCY and GUNICORN_TIMEOUT, as for compose's web.
CMD ["gunicorn", "jobscraper.wsgi:application", "--config", "gunicorn.conf.py", \
     "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
