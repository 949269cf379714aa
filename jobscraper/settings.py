"""Settings, read from environment variables only here, with safe defaults for a first run."""
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("JOBSCRAPER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

_INSECURE_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", _INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

if not DEBUG:
    # A deployment with DEBUG off faces the internet: refuse the development defaults.
    if SECRET_KEY == _INSECURE_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY is unset or too short while DEBUG is off. Set SECRET_KEY to a random string "
            "of at least 32 characters, or set DEBUG=true for local development."
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS='*' is refused while DEBUG is off: list your hostnames.")

# Behind an HTTPS reverse proxy: trust its X-Forwarded-Proto, send cookies over HTTPS only, redirect plain HTTP and
# tell browsers to stay on HTTPS. HSTS starts at an hour: browsers remember it, so raise it once HTTPS is proven.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
if env_bool("BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "3600"))
    # Subdomains of the site's own host (not of its parent domain) have no reason to be served over plain HTTP.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preloading asks browser makers to hard-code the host as HTTPS-only, for good: the operator's call, off by
    # default, so the deploy check's reminder about it (W021) is silenced rather than answered for them.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "jobscraper",
    "scraping",
    "extraction",
    "api",
    "ninja",  # the API's docs page takes Swagger UI from ninja's static files, not from a CDN
    "alerts",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files need no policy. Before the rest: every page, admin's and error pages too, gets one.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a login its backend refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jobscraper.urls"
WSGI_APPLICATION = "jobscraper.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jobscraper.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: a list page's queries run in milliseconds, but a planner's high estimate (the duplicates
    # filter's NOT EXISTS) made PostgreSQL spend ~65 ms compiling each of a deep page's two (BENCHMARKS.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, beat and three workers share one SQLite file in the demo: wait for locks instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# English only: without translation machinery each rendered value skips a per-thread language lookup.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic gathers files for deployment (the Dockerfile sets it); unset, nothing is collected.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Without collectstatic (demo, tests) WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Content-Security-Policy ----------------------------------------------------------------------
# Sent on every page by django-csp: scripts, styles, images, fonts and requests from our own origin only, no inline
# script or style (templates link files under jobscraper/static/), no plugins, no <base> pointing elsewhere, no
# framing, forms sent only here. Scraped descriptions carry no images (nh3 drops <img>), so images are our own too.
# An inline block is allowed by name only: ours carry request.csp_nonce (the header then names that response's nonce;
# a page that uses none names none); the one a third-party admin page writes, by the hash of its exact text (a new
# version that changes it is refused, and tests/browser/test_csp.py fails quoting the browser's new hash).
# A view that needs more widens its own responses with django-csp's decorators. django-ninja's Swagger UI, served from
# its static files ("ninja" in INSTALLED_APPS; otherwise it loads a CDN's with an inline script), needs only data:
# images for its icons: NinjaAPI(docs_decorator=csp_update({"img-src": ["data:"]})).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # django-celery-beat 2.9's periodic task form: the <script> that writes a crontab's schedule in words.
        "script-src": [SELF, NONCE, "'sha256-QE3U2xYF7B4J2ro1/9oxiKhaWCGW39gB7ocQ/xlD0bE='"],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# --- Public pages ---------------------------------------------------------------------------------
# Whether jobs nobody has reviewed yet are listed; rejected jobs never are. Off: only approved jobs are public.
PUBLIC_UNREVIEWED_JOBS = env_bool("PUBLIC_UNREVIEWED_JOBS", True)
# Every salary is also stored a year in this currency, converted at the day's exchange rates (exchange_rates.py): the
# salary filter and order compare salaries stated in any currency through it. An ISO 4217 code.
SALARY_BASE_CURRENCY = os.environ.get("SALARY_BASE_CURRENCY", "EUR").strip().upper()
# The exchange rates beat refreshes daily ("money: refresh exchange rates"): an ECB reference-rate XML file, fetched
# through the scraper's HTTP client. The daily file holds one day; the 90-day file (eurofxref-hist-90d.xml) fills in
# days missed while the feed or this deployment was down.
EXCHANGE_RATES_URL = os.environ.get(
    "EXCHANGE_RATES_URL", "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
).strip()

# --- Celery ---------------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None  # results live in the database (Job, ScrapeRun), not in Redis
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a killed worker's task goes back to the queue
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "scrape"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Late acks re-deliver unacknowledged tasks after this long; it must exceed the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}  # seconds
# django-celery-beat's DatabaseScheduler, noting each tick in Redis so that the operations page shows a dead beat.
CELERY_BEAT_SCHEDULER = "jobscraper.beat:Scheduler"
# Beat copies this into its database on start: a regular wake-up of the gpu worker takes back claims
# left stale by a killed worker even when no new scrape arrives.
CELERY_BEAT_SCHEDULE = {
    "extraction: resume local work": {"task": "extraction.tasks.extract_local_task", "schedule": 300.0},  # seconds
    "extraction: resend lost cloud work": {"task": "extraction.tasks.resend_cloud_task", "schedule": 300.0},
    "extraction: submit a cloud batch": {"task": "extraction.tasks.submit_cloud_batch_task", "schedule": 600.0},
    "extraction: poll cloud batches": {"task": "extraction.tasks.poll_cloud_batches_task", "schedule": 300.0},
    "clusters: check which posting the list shows": {
        "task": "extraction.tasks.clusters_order_check_task", "schedule": 600.0,
    },
    # The ECB publishes each working day's rates at about 16:00 CET; 16:30 UTC is after that, summer time or not.
    "money: refresh exchange rates": {
        "task": "scraping.tasks.refresh_exchange_rates_task", "schedule": crontab(hour=16, minute=30),
    },
    # Saved searches' digests: each run claims the due digests of its frequency, then sends every digest still claimed
    # (any frequency's, so one a crashed run left goes out within 10 minutes). Editable under Periodic tasks.
    "alerts: instant digests": {"task": "alerts.tasks.alerts_digests_task", "schedule": 600.0, "args": ("instant",)},
    "alerts: daily digests": {
        "task": "alerts.tasks.alerts_digests_task", "schedule": crontab(hour=7, minute=0), "args": ("daily",),
    },
    "alerts: weekly digests": {
        "task": "alerts.tasks.alerts_digests_task", "schedule": crontab(hour=7, minute=0, day_of_week=1),
        "args": ("weekly",),
    },
    # Webhooks: each run claims every active webhook's new matches, then posts every delivery due (a failed one's
    # backoff over, alerts.webhooks), so a retry waits at least this period.
    "alerts: webhooks": {"task": "alerts.tasks.alerts_webhooks_task", "schedule": 600.0},
}
CELERY_TIMEZONE = TIME_ZONE

# What every process must see alike lives in Redis: beat's last tick (jobscraper/beat.py), failed logins (django-axes). Short socket timeouts: a
# Redis that hangs makes a page say so rather than wait. The default cache stays per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "jobscraper",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},  # seconds
    },
}

# --- Public API -----------------------------------------------------------------------------------
# Requests a minute the read API answers from one client address (PROXY_COUNT says which address that is); an API key
# has its own limit, set on the key in admin. Counted in Redis, so every web process shares the count.
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "60"))

# --- Email (saved searches' alerts) -----------------------------------------------------------------
# Django's SMTP backend by default; EMAIL_BACKEND names another (django-anymail's, for a provider, is the operator's
# choice). The sender needs an address the SMTP server may send as.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS on EMAIL_PORT (587 usually)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds: a hung SMTP server fails a send, not a worker
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jobscraper <alerts@localhost>")
# The address alert emails link to (confirmation, unsubscribe, the rest of a digest): the web pages' own, as visitors
# reach them. The workers that send digests have no request to read it from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Failed logins -------------------------------------------------------------------------------
# After LOGIN_FAILURE_LIMIT failed logins for one username, or from one client address, within LOGIN_FAILURE_WINDOW of
# each other, logins for that username or from that address are refused, without checking the password, until the
# window has passed since the last failure (django-axes, counting in Redis: every web process sees the same counts).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", "900"))  # seconds
# Reverse proxies in front of the web server that each append the address they were reached from to X-Forwarded-For:
# the client's address is the entry this many from the right (entries further left are whatever the client sent).
# 0: the client's address is the connection's. Behind a proxy left at 0, every client has the proxy's address, and
# failures by anyone lock everyone out.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# django-axes checks the lockout before ModelBackend checks the password.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "jobscraper.logins.LoginCounts"  # axes' cache handler; Redis down lets logins through uncounted
AXES_CACHE = "shared"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_FAILURE_WINDOW)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one reaching the limit locks: two counters, not a pair
# Tries refused during a lockout do not restart its window: a stream of them cannot keep an operator out for good,
# and still gets no more than LOGIN_FAILURE_LIMIT guesses a window.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True  # an operator's own typos do not add up across the day
AXES_CLIENT_IP_CALLABLE = "jobscraper.logins.client_address"
AXES_LOCKOUT_CALLABLE = "jobscraper.logins.lockout_response"
AXES_ENABLE_ADMIN = False  # its admin pages list the database handler's tables, which stay empty here

# --- Operations page ------------------------------------------------------------------------------
QUEUE_NAMES = ("scrape", "gpu", "cloud")  # Celery's queues: jobscraper/celery.py declares one for each


def workers_expected(raw: str) -> dict[str, int]:
    """Workers per queue, "scrape:2,gpu:1", over one per queue; refuses unknown queues and counts below 0."""
    counts = dict.fromkeys(QUEUE_NAMES, 1)
    for item in filter(None, (part.strip() for part in raw.split(","))):
        queue, _, count = item.partition(":")
        if queue.strip() not in QUEUE_NAMES or not count.strip().isdigit():
            raise ImproperlyConfigured(
                f"WORKERS_EXPECTED: {item!r} is not <queue>:<count> with a queue of {', '.join(QUEUE_NAMES)}"
            )
        counts[queue.strip()] = int(count)
    return counts


# The workers the deployment runs, one per queue as docker-compose and the demo run them. The operations page asks
# the workers and stops listening once this many have answered (milliseconds); only when fewer answer does it wait
# out its one-second timeout, and it flags each queue short of its count.
WORKERS_EXPECTED = workers_expected(os.environ.get("WORKERS_EXPECTED", ""))
# Beat ticks at least every 5 seconds (django-celery-beat's longest sleep) and notes each tick in Redis; the page
# flags beat as down once its last tick is older than this.
BEAT_TICK_MAX_AGE = int(os.environ.get("BEAT_TICK_MAX_AGE", "60"))  # seconds

# --- Scraping -------------------------------------------------------------------------------------
SCRAPE_USER_AGENT = os.environ.get(
    "SCRAPE_USER_AGENT", "jobscraper/0.1 (+https://github.com/jobscraper/jobscraper; self-hosted job scraper)"
)
SCRAPE_TIMEOUT = float(os.environ.get("SCRAPE_TIMEOUT", "20"))  # seconds per HTTP request
# A careers URL, or a redirect, must not reach this machine's or this network's own services: addresses that are
# loopback, private, link-local, multicast, reserved or unspecified are refused unless this is on (the tests, whose
# sites are on 127.0.0.1) or the host is listed in SCRAPE_ALLOWED_HOSTS: hosts as URLs write them (names or
# addresses), comma-separated, such as an intranet careers site or the demo's 127.0.0.1.
SCRAPE_ALLOW_PRIVATE_NETWORKS = env_bool("SCRAPE_ALLOW_PRIVATE_NETWORKS", False)
SCRAPE_ALLOWED_HOSTS = env_list("SCRAPE_ALLOWED_HOSTS", [])
# A larger response is abandoned mid-download (counted decompressed, so a gzip bomb stops here too).
SCRAPE_MAX_RESPONSE_BYTES = int(os.environ.get("SCRAPE_MAX_RESPONSE_BYTES", str(10 * 1024 * 1024)))  # bytes
# Politeness per host, shared by every worker through Redis: requests to one host start at least this far apart,
# and no more than this many are in flight at once.
SCRAPE_HOST_INTERVAL = float(os.environ.get("SCRAPE_HOST_INTERVAL", "1"))  # seconds
SCRAPE_HOST_CONCURRENCY = int(os.environ.get("SCRAPE_HOST_CONCURRENCY", "2"))
# Tries per request on 429, 5xx, timeouts and dropped connections (never on other 4xx), with exponential backoff
# and jitter; a Retry-After is honoured up to SCRAPE_RETRY_MAX_WAIT.
SCRAPE_MAX_ATTEMPTS = int(os.environ.get("SCRAPE_MAX_ATTEMPTS", "4"))
SCRAPE_RETRY_MAX_WAIT = float(os.environ.get("SCRAPE_RETRY_MAX_WAIT", "30"))  # seconds between attempts
# How long a host's robots.txt is trusted before it is read again (RFC 9309 advises at most a day).
SCRAPE_ROBOTS_TTL = int(os.environ.get("SCRAPE_ROBOTS_TTL", str(24 * 3600)))  # seconds
# Conditional GET: a body sent with an ETag or Last-Modified is kept in Redis (compressed) this long, so that an
# unchanged page costs one 304; bodies above the size cap are not kept.
SCRAPE_CACHE_TTL = int(os.environ.get("SCRAPE_CACHE_TTL", str(7 * 24 * 3600)))  # seconds
SCRAPE_CACHE_MAX_BYTES = int(os.environ.get("SCRAPE_CACHE_MAX_BYTES", str(1024 * 1024)))  # bytes
# A career page whose listing answers 304 is not read further (its job pages are skipped) while the company's last
# full read is younger than this; 0 reads every page on every scrape. A job page edited without any change to the
# listing is seen at the next full read.
SCRAPE_FULL_READ_INTERVAL = int(os.environ.get("SCRAPE_FULL_READ_INTERVAL", str(24 * 3600)))  # seconds
# Sudden-drop guard: a complete-looking run that would close all of a company's open jobs, or more than this share of
# them (and at least SCRAPE_DROP_GUARD_MIN_JOBS), closes nothing: its run is marked a suspicious drop until an operator
# confirms the closures in admin, or the company's next run agrees.
SCRAPE_DROP_GUARD_SHARE = float(os.environ.get("SCRAPE_DROP_GUARD_SHARE", "0.3"))
SCRAPE_DROP_GUARD_MIN_JOBS = int(os.environ.get("SCRAPE_DROP_GUARD_MIN_JOBS", "3"))

# --- Extraction -----------------------------------------------------------------------------------
# Engine held by the gpu worker: "vllm" (in-process: requirements/gpu.txt on a GPU, requirements/cpu-engine.txt on a CPU),
# "openai" (an OpenAI-compatible endpoint such as a remote `vllm serve`), or "rules" (no LLM).
LOCAL_ENGINE = os.environ.get("LOCAL_ENGINE", "rules")
LOCAL_BATCH_SIZE = int(os.environ.get("LOCAL_BATCH_SIZE", "64"))  # postings per engine call
VLLM_MODEL = os.environ.get("VLLM_MODEL", "Qwen/Qwen3-4B-Instruct-2507-FP8")
VLLM_MAX_MODEL_LEN = int(os.environ.get("VLLM_MAX_MODEL_LEN", "8192"))  # tokens of prompt and answer together
LLM_MAX_OUTPUT_TOKENS = int(os.environ.get("LLM_MAX_OUTPUT_TOKENS", "1024"))
# Prompts (instructions, known fields and posting; counted with tiktoken) up to this many tokens go to the local
# engine, longer ones to the cloud. The default leaves the answer its room in the model's context, less 3 % for the
# model's own tokenizer counting a little differently from tiktoken's cl100k.
LOCAL_MAX_TOKENS = int(
    os.environ.get("LOCAL_MAX_TOKENS", str(int((VLLM_MAX_MODEL_LEN - LLM_MAX_OUTPUT_TOKENS) * 0.97)))
)
if LOCAL_MAX_TOKENS > VLLM_MAX_MODEL_LEN - LLM_MAX_OUTPUT_TOKENS:
    # Past it the local engine would take prompts that leave its answer no room (and a job it sends to the cloud for
    # that would look local to the claim and the cloud sweep, which read token_count against this limit).
    raise ImproperlyConfigured(
        f"LOCAL_MAX_TOKENS={LOCAL_MAX_TOKENS} leaves the answer less than LLM_MAX_OUTPUT_TOKENS={LLM_MAX_OUTPUT_TOKENS} "
        f"in VLLM_MAX_MODEL_LEN={VLLM_MAX_MODEL_LEN}: lower it to at most {VLLM_MAX_MODEL_LEN - LLM_MAX_OUTPUT_TOKENS}."
    )
VLLM_GPU_MEMORY_UTILIZATION = float(os.environ.get("VLLM_GPU_MEMORY_UTILIZATION", "0.85"))
# "" chooses by platform: fp8 on a CUDA GPU or a CPU with AVX-512/AMX, the model's own dtype elsewhere.
VLLM_KV_CACHE_DTYPE = os.environ.get("VLLM_KV_CACHE_DTYPE", "")
# "" loads the checkpoint as it is (the -FP8 checkpoint carries its own block-FP8 config); "fp8" quantises at load.
VLLM_QUANTIZATION = os.environ.get("VLLM_QUANTIZATION", "")
# Skips CUDA-graph capture and torch.compile: a faster start, slower batches (the tests' tiny model on the CPU).
VLLM_ENFORCE_EAGER = env_bool("VLLM_ENFORCE_EAGER", False)
LOCAL_OPENAI_BASE_URL = os.environ.get("LOCAL_OPENAI_BASE_URL", "http://127.0.0.1:8001/v1")
LOCAL_OPENAI_API_KEY = os.environ.get("LOCAL_OPENAI_API_KEY", "not-needed")
LOCAL_OPENAI_MODEL = os.environ.get("LOCAL_OPENAI_MODEL", VLLM_MODEL)

OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "https://api.openai.com/v1")
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
OPENAI_TIMEOUT = float(os.environ.get("OPENAI_TIMEOUT", "60"))  # seconds per request
OPENAI_MAX_ATTEMPTS = int(os.environ.get("OPENAI_MAX_ATTEMPTS", "5"))
OPENAI_RETRY_MAX_WAIT = float(os.environ.get("OPENAI_RETRY_MAX_WAIT", "30"))  # seconds between attempts
# A cloud job still queued this long after its scrape has its task sent again: its message may have been lost with a
# broker restarted without persistence (a second delivery does nothing once the job is done).
CLOUD_RESEND_AFTER = int(os.environ.get("CLOUD_RESEND_AFTER", "3600"))  # seconds
# A claimed posting whose worker died is taken again after this long.
EXTRACTION_CLAIM_TIMEOUT = int(os.environ.get("EXTRACTION_CLAIM_TIMEOUT", "900"))  # seconds

# --- Cloud spend ----------------------------------------------------------------------------------
# USD per 1M tokens (OpenAI's list prices for synchronous requests, 2025; the Batch API charges half). CLOUD_MODEL_PRICES,
# JSON, adds models or replaces these: '{"my-model": {"input": 1.0, "output": 4.0}}'. A cloud model without a price is
# never called: its jobs show "cloud not configured" with the reason.
DEFAULT_CLOUD_MODEL_PRICES = {
    "gpt-4o-mini": {"input": 0.15, "output": 0.60},
    "gpt-4o": {"input": 2.50, "output": 10.00},
    "gpt-4.1": {"input": 2.00, "output": 8.00},
    "gpt-4.1-mini": {"input": 0.40, "output": 1.60},
    "gpt-4.1-nano": {"input": 0.10, "output": 0.40},
    "gpt-5": {"input": 1.25, "output": 10.00},
    "gpt-5-mini": {"input": 0.25, "output": 2.00},
    "gpt-5-nano": {"input": 0.05, "output": 0.40},
}


def cloud_model_prices(raw: str) -> dict:
    """The default prices with those given as JSON over them; refuses anything but non-negative numbers."""
    try:
        given = json.loads(raw or "{}")
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"CLOUD_MODEL_PRICES is not JSON: {exc}") from exc
    if not isinstance(given, dict):
        raise ImproperlyConfigured(f"CLOUD_MODEL_PRICES must be a JSON object of models, not {given!r}")
    prices = {**DEFAULT_CLOUD_MODEL_PRICES, **given}
    for model, price in prices.items():
        if not (isinstance(price, dict) and all(
            isinstance(price.get(side), (int, float)) and price[side] >= 0 for side in ("input", "output")
        )):
            raise ImproperlyConfigured(
                f"CLOUD_MODEL_PRICES: {model!r} must be {{\"input\": USD per 1M tokens, \"output\": USD per 1M tokens}}, "
                f"not {price!r}"
            )
    return prices


CLOUD_MODEL_PRICES = cloud_model_prices(os.environ.get("CLOUD_MODEL_PRICES", ""))
# The daily cap on cloud spend (calls in flight counted at their estimate) until an operator sets one in admin
# (Extraction › Cloud budget). Days run midnight to midnight UTC.
CLOUD_DAILY_CAP_USD = float(os.environ.get("CLOUD_DAILY_CAP_USD", "5"))  # USD
# On: postings routed to the cloud wait for the next Batch API batch (results within 24 h, half the price) instead of
# one request each. Beat submits what is queued every 10 minutes and polls open batches every 5 (both editable under
# Periodic tasks).
CLOUD_BATCH_MODE = env_bool("CLOUD_BATCH_MODE", False)
CLOUD_BATCH_MAX_JOBS = int(os.environ.get("CLOUD_BATCH_MAX_JOBS", "2000"))  # requests per batch (OpenAI allows 50,000)
# What the local engine's GPU costs per hour, spread on the operations page over the time its batches took; 0: unset
# (the page then counts local extraction as free, and says so).
LOCAL_GPU_USD_PER_HOUR = float(os.environ.get("LOCAL_GPU_USD_PER_HOUR", "0"))  # USD

# crawl4ai keeps its files under our var/ folder and never prints its cloud notice; its LLM helpers
# (unused here) would otherwise fetch litellm's price list at import.
os.environ.setdefault("CRAWL4_AI_BASE_DIRECTORY", str(VAR_DIR))
os.environ.setdefault("CRAWL4AI_NO_CLOUD_NOTICE", "1")
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
