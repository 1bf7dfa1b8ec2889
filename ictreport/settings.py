"""Settings for the ICT performance reporting site.

Everything that differs between a laptop demo, CI and production comes from the
environment (see ``ictreport.env``); nothing here needs editing to deploy.
"""

from datetime import timedelta
from pathlib import Path

from ictreport.env import (
    env_bool,
    env_database,
    env_email,
    env_header_pair,
    env_int,
    env_list,
    env_secret_key,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # git-ignored: the embedded database, caches, generated files

DEBUG = env_bool("DEBUG", default=False)
# SECRET_KEY, else the file SECRET_KEY_FILE names (by default var/secret-key, written
# by `make demo`), else start-up stops naming the variable -- DEBUG or not.
SECRET_KEY = env_secret_key(
    "SECRET_KEY", env_str("SECRET_KEY_FILE", str(VAR_DIR / "secret-key"))
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "import_export",
    "ictreport.core",
    "ictreport.reports",
    "servicedesk",
    "projects",
    "audits",
    "finance",
    "axes",  # last, as its documentation asks
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A sign-in that applied the user's saved language: its cookie and redirect.
    "ictreport.core.language.LanguagePreferenceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A save that met a busy database: a 503 "try again" page instead of a 500.
    "ictreport.core.busy.DatabaseBusyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ictreport.core.middleware.ContentSecurityPolicyMiddleware",
    "ictreport.core.middleware.CacheControlMiddleware",
    # Last: turns a locked-out sign-in into the "too many attempts" page (axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ictreport.urls"
WSGI_APPLICATION = "ictreport.wsgi.application"

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
                "django.template.context_processors.i18n",
                "ictreport.core.context_processors.navigation",
                "ictreport.core.context_processors.language_switch",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", VAR_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state for several app servers: REDIS_URL set = Redis is the cache and the task
# broker; unset = embedded defaults needing no server (the file cache, and kombu's
# filesystem transport under var/celery/), for `make demo` on one machine.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            # Django's file cache, except that a CACHE_DIR it cannot use is logged and
            # skipped rather than failing every use (ictreport.core.cache).
            "BACKEND": "ictreport.core.cache.FileCache",
            "LOCATION": env_str("CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

# Celery (ictreport.celery): the worker renders every PDF (ictreport.reports.jobs).
CELERY_QUEUE_DIR = Path(env_str("CELERY_QUEUE_DIR", str(VAR_DIR / "celery")))
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "ictreport")
CELERY_TASK_IGNORE_RESULT = True  # progress is kept in the cache, not in a result backend
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-render leaves the task queued
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Sending a task never stalls a request for long when the broker is down: the page says
# the PDF is being prepared and the next request queues it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0,
                                    "interval_step": 0.5, "interval_max": 1}
# Tests set this on the app (tests/conftest.py); it stays off everywhere else.
CELERY_TASK_ALWAYS_EAGER = False
# False on app servers (docs/deploy.md): drawing a PDF outside a worker task then raises,
# so a request that would render one fails loudly instead of stalling the site.
PDF_RENDER_OUTSIDE_TASKS = env_bool("PDF_RENDER_OUTSIDE_TASKS", default=True)
# Seconds a report's data must stay unchanged before its PDF is queued, so a burst of
# edits renders once (ictreport.reports.sweep).
PDF_DEBOUNCE_SECONDS = env_int("PDF_DEBOUNCE_SECONDS", 10)
# How often the worker's beat looks for changed reports (the data version's stamps).
PDF_SWEEP_SECONDS = env_int("PDF_SWEEP_SECONDS", 5)
CELERY_BEAT_SCHEDULE = {
    "queue-changed-pdfs": {"task": "reports.queue_changed_pdfs",
                           "schedule": PDF_SWEEP_SECONDS,
                           # A sweep not run in time is overtaken by the next one.
                           "options": {"expires": PDF_SWEEP_SECONDS}},
}
# Queue a report's PDF when its data change (tests turn it off but for their own).
PDF_PREPARE_ON_CHANGE = env_bool("PDF_PREPARE_ON_CHANGE", default=True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in attempts are counted by django-axes (ictreport.core.login): the refusal
# comes before the password is checked, so the right password is refused too while
# locked out. An administrator lifts a lock in the admin (Axes → Access attempts) or
# with `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` / `axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "ictreport.core.login.LoginAttemptHandler"
# Wrong passwords for one username from one address before it is locked there…
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
# …and for one username from anywhere, or from one address over any usernames.
LOGIN_FAILURE_LIMIT_PER_USERNAME = env_int("LOGIN_FAILURE_LIMIT_PER_USERNAME", 20, minimum=1)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_CALLABLE = "ictreport.core.login.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ictreport.core.login.client_ip_address"
# The request header holding the visitor's address when behind a proxy that sets it
# (e.g. HTTP_X_REAL_IP); by default the connection's own address.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "REMOTE_ADDR")
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:overview"
LOGOUT_REDIRECT_URL = "login"

# English and Welsh (the Welsh Language Standards: Welsh no less favourably than English).
# Each language is named in itself, untranslated, as the switch shows it. Every page is
# under /en/ or /cy/ (ictreport/urls.py); English keeps British formats (ictreport/formats).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ictreport.formats"]
# The language a signed-in user chose is kept (core.UserPreference) and this cookie set
# from it at sign-in; a year, so a visitor's choice outlives the session too.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
# collectstatic's folder; STATIC_ROOT in the environment for a process that must not
# write into the checkout (the two-server test).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "ictreport.core.staticfinders.PlotlyFinder",
]
# Published editions' PDFs are kept through STORAGES["editions"] (an S3-compatible
# backend in production works as well, docs/deploy.md); on one machine, files under
# MEDIA_ROOT/editions.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # "SERVE": "redirect" sends a public edition's reader to the backend's own URL
    # (storage.url(), e.g. a public bucket) instead of streaming it from the app.
    "editions": {"BACKEND": "django.core.files.storage.FileSystemStorage", "SERVE": "stream"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS: off by default so that the demo works on http://127.0.0.1; the README's
# production checklist sets them (`manage.py check --deploy` then comes out clean).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Behind a proxy that terminates TLS, e.g. HTTP_X_FORWARDED_PROTO,https. Set it only
# when the proxy always sets (or strips) that header itself.
SECURE_PROXY_SSL_HEADER = env_header_pair("SECURE_PROXY_SSL_HEADER")

# Where the accessibility statement (/accessibility/) tells people to report a problem
# or ask for content in another format: the shared service's address. The default is a
# placeholder (.example never delivers) that a deployment must replace.
ACCESSIBILITY_CONTACT_EMAIL = env_email("ACCESSIBILITY_CONTACT_EMAIL",
                                        "accessibility@ict-shared-service.example")

# Spreadsheet imports (ictreport.core.uploads): a file larger than IMPORT_MAX_UPLOAD_BYTES
# is refused before it is read (the upload handler stops receiving it); an XLSX file's
# zip directory is checked before it is opened; rows and cells are counted as they stream.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 1000, minimum=1)
IMPORT_MAX_COLUMNS = 50
IMPORT_MAX_CELL_CHARS = 10_000
IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * IMPORT_MAX_UPLOAD_BYTES
IMPORT_MAX_COMPRESSION_RATIO = 100
IMPORT_MAX_ZIP_MEMBERS = 200
# Extracts (ictreport.core.extracts): one row per ticket or ledger line, so many more rows.
EXTRACT_MAX_ROWS = env_int("EXTRACT_MAX_ROWS", 500_000, minimum=1)
IMPORT_PREVIEW_SECONDS = 60 * 60  # an unconfirmed preview is removed after an hour
FILE_UPLOAD_HANDLERS = [
    "ictreport.core.uploads.ImportUploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Uploads above this are streamed to a temporary file, not held in memory; a request's
# other fields together may not exceed the second (Django's defaults, stated).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools narrate every glyph subset at INFO.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # kaleido and the Chromium driver under it narrate every chart at INFO.
        "kaleido": {"level": "WARNING"},
        "choreographer": {"level": "WARNING"},
    },
}

# Bilingual content (django-modeltranslation): every field registered in an app's
# translation.py gets <field>_en and <field>_cy columns; reading <field> gives the active
# language's text, falling back to the English where the Welsh is empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "cy")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
