"""Stepwise settings: one module, read from the environment through config.env.

With nothing set, everything runs on a laptop: SQLite and a filesystem broker under
var/, console mail and SMS. STEPWISE_ENV=production turns on the strict parts
(required secrets, HTTPS-only cookies, HSTS) so `check --deploy` is clean.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import (
    env_bool,
    env_int,
    env_keys,
    env_list,
    env_secret,
    env_str,
    env_url,
    generated_secret,
    url_for_bind,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("STEPWISE_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

STEPWISE_ENV = env_str("STEPWISE_ENV", "development")
if STEPWISE_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("STEPWISE_ENV must be 'development' or 'production'.")
PRODUCTION = STEPWISE_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

if PRODUCTION:
    # Refused if missing, public (a placeholder from this repo) or weak: config/keys.py.
    SECRET_KEY = env_secret("SECRET_KEY")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Stepwise answers on.")
else:
    SECRET_KEY = env_str("SECRET_KEY") or generated_secret(VAR_DIR / "secret_key")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# The address people reach us on; used in emails and to validate provider webhooks
# behind a TLS-terminating proxy. Unset, it is where `make run HOST=... PORT=...`
# serves: the Makefile hands web, worker and beat the same GUNICORN_BIND (not PORT,
# which honcho sets to a different number in each process).
PUBLIC_URL = (
    env_str("PUBLIC_URL") or url_for_bind(env_str("GUNICORN_BIND")) or "http://localhost:8000"
).rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "allauth.usersessions",  # where a person is signed in (see Sessions below)
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "common",
    "accounts",
    "planner",
    "supporters",
    "reminders",
]

MIDDLEWARE = [
    "common.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages reached by a private link send no Referer (issue 14; common/logmask.py).
    "common.middleware.NoReferrerOnSecretLinksMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.ReauthenticationHtmxMiddleware",
    # Idle sign-out and allauth.usersessions' "last seen", once a minute (see below).
    "accounts.middleware.SessionActivityMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "accounts.middleware.NoStoreWhenSignedInMiddleware",
    # While someone's import is being applied, their pages (and supporters' pages about
    # them) wait a few seconds rather than show half of it (issue 14).
    "supporters.middleware.ImportGuardMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.exit_page",
            ],
        },
    },
]
# Our own field template, so every input sits with its label, help and errors.
FORM_RENDERER = "common.forms.StepwiseFormRenderer"

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'stepwise.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the timeout rides out
    # short write locks instead of raising "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so a Celery worker started by a test sees the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits live here, so it must be shared between processes) ----------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    # Django's list of common passwords, refused in calmer words than its own.
    {"NAME": "accounts.passwords.CommonPasswordValidator"},
    # Nor one built on this service's own name and words.
    {"NAME": "accounts.passwords.ContextWordsValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "planner:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # mail scanners follow links; confirming takes a button
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Stepwise: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account in five minutes, or twenty from one client
    # (the real one behind our proxies: common.http.client_ip), pause sign-in for the
    # rest of that window. A password reset has limits of its own (allauth's
    # reset_password, reset_password_from_key), so the owner can always get back in;
    # the reset also ends the pause. allauth's other defaults stand, all per client.
    "login_failed": "20/5m/ip,5/5m/key",
}

# --- Two-factor sign-in (allauth.mfa) ---------------------------------------------------
# Optional: an authenticator app, passkeys, and recovery codes for when neither is at
# hand. A passkey may also sign in on its own from the sign-in page.
MFA_ADAPTER = "accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
# allauth's forms with our labels and help (accounts/forms/mfa.py).
MFA_FORMS = {
    "activate_totp": "accounts.forms.mfa.ActivateAppForm",
    "authenticate": "accounts.forms.mfa.SignInCodeForm",
    "reauthenticate": "accounts.forms.mfa.ConfirmCodeForm",
    "add_webauthn": "accounts.forms.mfa.AddPasskeyForm",
    "edit_webauthn": "accounts.forms.mfa.RenamePasskeyForm",
}
# The name an authenticator app shows beside the codes; discreet mode shows "Planner"
# instead (accounts.mfa.MFAAdapter).
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Stepwise")
# Browsers allow passkeys only on https or localhost; development and the browser
# tests run on plain http at 127.0.0.1, which this lets through. Never in production.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

# --- Re-authentication and account notices (issue 13, part 2) -------------------------
# Changing the email, making a private link, exporting... ask for the password again
# unless it was entered in the last 5 minutes (allauth's reauthentication flow; our own
# views use allauth.account.decorators.reauthentication_required).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Password and email changes send a notice (templates/account/email/); the old address
# gets a way to undo an email change for EMAIL_CHANGE_UNDO_DAYS (accounts.email_undo).
ACCOUNT_EMAIL_NOTIFICATIONS = True
EMAIL_CHANGE_UNDO_DAYS = 7

# --- Sessions: where a person is signed in, and for how long ------------------------
# allauth.usersessions keeps a row per signed-in browser (device, address, last seen);
# the profile's "Where you're signed in" ends any of them (accounts/services/sessions.py).
# Without "keep me signed in" a sign-in ends with the browser and after
# SESSION_IDLE_TIMEOUT without a request (accounts.middleware.SessionActivityMiddleware);
# with it, SESSION_REMEMBER_FOR after signing in, however busy (a date, not sliding).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30))
SESSION_REMEMBER_FOR = timedelta(days=env_int("SESSION_REMEMBER_DAYS", 30))
# A browser-only sign-in also ends this long after it began, however busy, so a
# shared computer left open all day does not stay signed in (ASVS 5.0 V7.3.2).
SESSION_BROWSER_MAX = timedelta(hours=env_int("SESSION_BROWSER_MAX_HOURS", 12))
if (
    SESSION_IDLE_TIMEOUT < timedelta(minutes=1)
    or SESSION_REMEMBER_FOR < timedelta(days=1)
    or SESSION_BROWSER_MAX < timedelta(hours=1)
):
    raise ImproperlyConfigured(
        "SESSION_IDLE_TIMEOUT_MINUTES, SESSION_REMEMBER_DAYS and SESSION_BROWSER_MAX_HOURS "
        "must each be at least 1."
    )
# "Last seen" is written at most this often: a busy person's requests then read their
# session without writing it back each time.
SESSION_ACTIVITY_EVERY = timedelta(minutes=1)
USERSESSIONS_TRACK_ACTIVITY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# How long the server keeps a not-remembered session after its last activity write.
# The idle rule signs it out long before; until this runs out the sign-in page can
# still say why, and after it Django no longer loads the session at all.
SESSION_COOKIE_AGE = int((SESSION_IDLE_TIMEOUT + timedelta(days=1)).total_seconds())

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# In development gunicorn serves files straight from static/ (no collectstatic step).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------
# No inline script anywhere: scripts and styles come from our own static files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    # The offline copy: our own service worker (/sw.js) and web app manifest, nothing else.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# Where "Exit this page" (on every page) and pressing Shift three times take a person
# who needs to hide Stepwise quickly: a busy, ordinary public site. A person may choose
# their own on their profile (User.exit_url), which wins over this.
EXIT_PAGE_URL = env_url("EXIT_PAGE_URL", "https://www.bbc.co.uk/weather")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # The preload flag lets anyone submit the domain, subdomains included, to browsers'
    # hard-coded HTTPS list, which takes months to leave: the operator opts in, so
    # `check --deploy` need not warn that it is off.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Client addresses behind proxies (common.http.client_ip) ---------------------------
# How many proxies of ours stand in front of gunicorn, each appending the address it
# saw to X-Forwarded-For. Rate limits (sign-in, private links) count that client.
# 0, the default: the header is ignored and the connecting address is the client.
# Set exactly the number of proxies: too few makes everyone behind them one client,
# too many lets a client pick its own address. Only the proxy may reach gunicorn.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more: the proxies in front.")

# --- Headers, cookies and passwords a survivor can trust (issue 13, part 8) -------------
# No page may use the camera, microphone, location, payments or devices, nor join
# ad-interest cohorts; passkeys (WebAuthn) stay allowed from our own pages.
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "interest-cohort",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ],
        [],
    ),
    "publickey-credentials-get": ["self"],
    "publickey-credentials-create": ["self"],
}
if PRODUCTION:
    # __Host- cookies are only accepted by browsers when Secure, for path "/", with no
    # Domain: no subdomain or plain-HTTP page can plant or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
# A reset link works for an hour: long enough to find the mail, short enough that an
# old one found in a mailbox later opens nothing.
PASSWORD_RESET_TIMEOUT = 60 * 60

# --- Encryption of sensitive free text ------------------------------------------------
# Newest key first: it encrypts; every key listed still decrypts, so keys rotate
# without downtime (add a key in front, run `manage.py rotate_encryption_keys`, drop
# the old one).
if PRODUCTION:
    FIELD_ENCRYPTION_KEYS = env_keys("FIELD_ENCRYPTION_KEYS")
else:
    FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or [
        generated_secret(VAR_DIR / "field_key", make=lambda: Fernet.generate_key().decode())
    ]

# --- Blind indexes -------------------------------------------------------------------------
# Keys for the HMACs that let encrypted phones, emails and tag names be looked up
# (common/blind_index.py). Newest first; after putting a new one first, run
# `manage.py rotate_encryption_keys` to recompute, then drop the old one. Production
# refuses a missing, public or weak one (config/keys.py).
if PRODUCTION:
    BLIND_INDEX_KEYS = env_keys("BLIND_INDEX_KEYS")
else:
    BLIND_INDEX_KEYS = env_list("BLIND_INDEX_KEYS") or [
        generated_secret(VAR_DIR / "blind_index_key")
    ]

# --- Email ------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Stepwise <hello@stepwise.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Django 6.1's MAILERS: one "default" mailer. SMTP when EMAIL_HOST is set, else the
# console (mail is printed by the web process in development).
_EMAIL_HOST = env_str("EMAIL_HOST")
if _EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
        }
    }

# --- SMS ----------------------------------------------------------------------------------
# Off by default: the console backend prints texts instead of sending them.
SMS_BACKEND = env_str("SMS_BACKEND", "reminders.sms.ConsoleSMSBackend")
# Twilio (SMS_BACKEND=reminders.sms.TwilioSMSBackend). The auth token also checks the
# signature on inbound texts (/sms/inbound/twilio/, validated against PUBLIC_URL).
# TWILIO_API_BASE exists so tests can point the backend at a loopback stub.
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN", "")
TWILIO_FROM_NUMBER = env_str("TWILIO_FROM_NUMBER", "")
TWILIO_MESSAGING_SERVICE_SID = env_str("TWILIO_MESSAGING_SERVICE_SID", "")
TWILIO_API_BASE = env_str("TWILIO_API_BASE", "https://api.twilio.com")
TWILIO_TIMEOUT = env_int("TWILIO_TIMEOUT", 10)
# Where reminders.recording's backends write what they "sent" (reliability tests, bench).
STEPWISE_RECORD_DIR = env_str("STEPWISE_RECORD_DIR", str(VAR_DIR / "records"))

# --- Reminders outbox (reminders.services.dispatch / delivery) ---------------------------
# How long a claim holds a row: a worker that dies leaves it leased this long, then
# outbox_reconcile returns it to the queue. Longer than a provider call can take.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)
# Tries per message (the first send and its retries) before "could not send".
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5)
# Backoff after a transient error: base * 2**(try - 1), capped, with jitter.
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 30)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 600)
# Rows claimed per chunk, each chunk one outbox_deliver_batch task: big enough that
# a task's fixed cost (its queries, the broker round trip) is spread over many
# reminders, small enough that one task takes well under a second and a worker
# that dies takes few rows into "sending" with it.
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 200)
OUTBOX_DISPATCH_SECONDS = env_int("OUTBOX_DISPATCH_SECONDS", 60)
# At most this many rows claimed but not yet sent, system-wide: the dispatcher stops
# claiming there. Ten thousand is seconds of work for two workers and far inside
# OUTBOX_LEASE_SECONDS even at a tenth of that pace, so no lease runs out while its
# row is still waiting in the queue.
OUTBOX_CLAIM_AHEAD = env_int("OUTBOX_CLAIM_AHEAD", 10_000)
# A queue of its own for outbox_dispatch and outbox_reconcile, so a dispatch never
# waits behind a backlog of deliveries; run a worker with --queues=<this> beside the
# delivery workers. Empty (the default, and in tests): everything on the default queue.
OUTBOX_DISPATCH_QUEUE = env_str("OUTBOX_DISPATCH_QUEUE", "")
# On the shared queue a run stops at three quarters of the beat interval, so it ends
# before the next and gives its worker back to deliveries. On a queue of its own, runs
# wait behind each other anyway, so a run feeds the workers until a second before the
# next: stopping at three quarters there left every worker idle for the last quarter
# of a busy minute (make bench's fan-out: 85 s for 100,000 instead of about 70).
OUTBOX_DISPATCH_BUDGET_SECONDS = env_int(
    "OUTBOX_DISPATCH_BUDGET_SECONDS",
    max(
        1,
        OUTBOX_DISPATCH_SECONDS - 1 if OUTBOX_DISPATCH_QUEUE else OUTBOX_DISPATCH_SECONDS * 3 // 4,
    ),
)
# Lets reminders.faults stop a worker at a named point (STEPWISE_FAULT_PAUSE) so the
# reliability tests can kill it there. Off unless those tests turn it on for their
# workers; a server that stalls on purpose is never wanted, so production refuses it.
OUTBOX_FAULTS_ENABLED = env_bool("OUTBOX_FAULTS_ENABLED", False)
if PRODUCTION and OUTBOX_FAULTS_ENABLED:
    raise ImproperlyConfigured(
        "OUTBOX_FAULTS_ENABLED is for the reliability tests only; unset it in production."
    )

# --- Celery ---------------------------------------------------------------------------
# With nothing set, kombu's filesystem transport carries tasks through var/ so no
# broker server is needed; production points CELERY_BROKER_URL (or REDIS_URL) at Redis.
# CELERY_BROKER_DIR moves only the broker's folders (tests give each worker its own).
_BROKER_DIR = Path(env_str("CELERY_BROKER_DIR", str(VAR_DIR / "broker")))
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    for _sub in ("queue", "processed", "control"):
        (_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "store_processed": False,
        # Exchange tables; kombu's default is ./control, relative to wherever the
        # process happened to start, so web and worker could disagree on routes.
        "control_folder": str(_BROKER_DIR / "control"),
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or (
    REDIS_URL or f"file://{VAR_DIR / 'celery-results'}"
)
if CELERY_RESULT_BACKEND.startswith("file://"):
    Path(CELERY_RESULT_BACKEND.removeprefix("file://")).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# Tests give each worker (and beat) a queue of its own; everyone else uses "celery".
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# A task is acknowledged only after it ran, so a worker that dies mid-task leaves
# it on the queue for another worker; tasks are written to be safe to run twice
# (a delivery goes on only if its conditional claimed -> sending update changes a row).
CELERY_TASK_ACKS_LATE = True
# A pool child killed by the OS (OOM, SIGKILL) gets its task requeued rather than
# acknowledged as done, so the acks-late promise also holds for that death.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per process: a slow task never hoards others behind it,
# and a killed worker takes at most one reserved task down with it.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# If the broker connection drops, tasks that were running cannot be acknowledged
# any more and will be redelivered: cancel them rather than finish them twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A broker outage (Redis restarting) is waited out, at start-up and later, for
# ever: the outbox keeps the schedule, so nothing is lost while we wait.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Celery's Django fixup closes the database connection after every task unless
# this is set, so each task paid for a new PostgreSQL connection (a few ms, more
# than a whole delivery). Reuse it for this many tasks; Django's own CONN_MAX_AGE
# and health checks still apply when the connection is used again.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
# Nobody reads a delivery task's result (the outbox row is the record), so do not
# write one to the result backend for every chunk and every retry.
CELERY_TASK_ANNOTATIONS = {
    "reminders.tasks.outbox_deliver": {"ignore_result": True},
    "reminders.tasks.outbox_deliver_batch": {"ignore_result": True},
}
if OUTBOX_DISPATCH_QUEUE:
    CELERY_TASK_ROUTES = {
        "reminders.tasks.outbox_dispatch": {"queue": OUTBOX_DISPATCH_QUEUE},
        "reminders.tasks.outbox_reconcile": {"queue": OUTBOX_DISPATCH_QUEUE},
    }
_VISIBILITY_TIMEOUT = 60 * 60
if not CELERY_BROKER_URL.startswith("filesystem://"):
    # Redis redelivers a message not acknowledged within the visibility timeout,
    # and a countdown or ETA counts against it. An hour is far longer than any task
    # runs or any retry countdown (OUTBOX_RETRY_MAX_SECONDS, checked below), so
    # nothing is redelivered while it is still waiting or running. That is also
    # why the schedule lives in the outbox, never in long ETAs.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT}
if CELERY_RESULT_BACKEND.startswith(("redis://", "rediss://")):
    CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT}
if OUTBOX_RETRY_MAX_SECONDS * 2 > _VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "OUTBOX_RETRY_MAX_SECONDS must stay under half the broker's visibility timeout (1 hour)."
    )
# An import moves its heartbeat at every batch (well under a second apart); one
# this many seconds old belongs to a process that died, and a sweep puts it back
# (planner.services.import_batches).
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 60)
# Beat keeps its bookkeeping in var/, not beside the code.
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# The only periodic tasks. Per-person schedules live in the database (the outbox),
# never here, so this list stays the same size at 100k people.
CELERY_BEAT_SCHEDULE = {
    # Every minute: proves to the operator (on /healthz) that beat and a worker run.
    "heartbeat": {"task": "common.tasks.heartbeat", "schedule": 60.0},
    # 03:17 UTC daily: drop expired sessions so the table does not grow forever.
    "sessions-clear": {
        "task": "accounts.tasks.sessions_clear",
        "schedule": crontab(hour=3, minute=17),
    },
    # Every minute (OUTBOX_DISPATCH_SECONDS): return expired leases, then claim due
    # reminders and hand each to an outbox_deliver task. Two beats at once are safe:
    # the claim, not beat, makes a row go out once.
    "outbox-dispatch": {
        "task": "reminders.tasks.outbox_dispatch",
        "schedule": float(OUTBOX_DISPATCH_SECONDS),
    },
    # Every 5 minutes: return rows whose worker died (also done at each dispatch, so
    # this only matters if dispatch runs are failing).
    "outbox-reconcile": {"task": "reminders.tasks.outbox_reconcile", "schedule": 300.0},
    # 02:05 UTC daily: write the next few days of planning, check-in, safety review
    # and digest reminders into the outbox.
    "reminders-materialise": {
        "task": "reminders.tasks.reminders_materialise",
        "schedule": crontab(hour=2, minute=5),
    },
    # Every minute: put back any import whose process died part-way (its heartbeat is
    # older than IMPORT_STALE_SECONDS), so no half import stays in anyone's data.
    "imports-sweep": {"task": "planner.tasks.imports_sweep", "schedule": 60.0},
    # 03:41 UTC daily: drop supporter access-log entries older than a year.
    "access-log-prune": {
        "task": "supporters.tasks.access_log_prune",
        "schedule": crontab(hour=3, minute=41),
    },
    # 03:53 UTC daily: drop account activity (accounts.SecurityEvent) older than a year.
    "security-events-prune": {
        "task": "accounts.tasks.security_events_prune",
        "schedule": crontab(hour=3, minute=53),
    },
}

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Link tokens, query values and phone numbers are masked in every line (issue 14):
    # the filter sits on the handler, so records propagated from any logger pass it.
    "filters": {"mask": {"()": "common.logmask.LogMaskFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's own handlers (its debug console, mail_admins with the whole request,
        # runserver's) would print before the root's masked one: send all to the root.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
