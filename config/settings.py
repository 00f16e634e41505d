"""Settings of the EIG platform: one module, every value read from the environment.

The embedded development mode (``EIG_DEVELOPMENT=1``, set by ``make run``) gives a
working site with no set-up: SQLite, in-process jobs, console e-mail, a local
OpenID Connect provider and demo accounts. Without it, the settings are those of
production and refuse to start with a development secret or demo mode on.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT = env_bool("EIG_DEVELOPMENT", default=False)
DEMO = env_bool("EIG_DEMO", default=DEVELOPMENT)
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"  # noqa: S105

DEBUG = env_bool("DJANGO_DEBUG", default=DEVELOPMENT)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY if DEVELOPMENT else None)
if not DEVELOPMENT:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be a secret of at least 50 characters in production."
        )
    if DEMO:
        raise ImproperlyConfigured("EIG_DEMO cannot be on outside the development mode.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEVELOPMENT else ""
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The public address, used in e-mails: required in production, where localhost would be wrong.
SITE_URL = env_str("EIG_SITE_URL", "http://127.0.0.1:8000" if DEVELOPMENT else None).rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"EIG_SITE_URL must start with https://, not {SITE_URL!r}.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "dsfr",
    "widget_tweaks",
    "rules.apps.AutodiscoverRulesConfig",
    # Before allauth, so that its templates (account/*.html) override allauth's.
    "eig.accounts",
    "allauth",
    "allauth.account",
    "mozilla_django_oidc",
    "axes",
    "eig.core",
    "eig.organisations",
    "eig.programmes",
    "eig.challenges",
    "eig.candidacies",
    "eig.selection",
    "eig.contracts",
    "eig.notifications",
    "eig.impact",
    "eig.public",
    "eig.api",
    # django-ninja's templates and static files (Swagger UI served by the site itself).
    "ninja",
]

MIDDLEWARE = [
    "eig.core.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eig.core.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "axes.middleware.AxesMiddleware",
    "eig.api.auth.ApiCallLogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "eig.core.context_processors.platform",
                "eig.accounts.context_processors.navigation",
            ],
            "string_if_invalid": env_str("DJANGO_TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in the embedded default, PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0 if DEVELOPMENT else 600),
        conn_health_checks=True,
    )
}
USES_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A covering index's included columns (``Index(include=...)``, for index-only scans) are
# PostgreSQL's; SQLite builds the same index on its key columns alone, which is enough
# for the embedded mode's volume.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Cache, shared by every process so that rate limits and cached pages hold across them:
# Redis when REDIS_URL is set, else PostgreSQL's table (Django's database cache, made by
# `manage.py createcachetable`); a per-process memory cache only in development.
REDIS_URL = env_str("REDIS_URL", "")
EIG_CACHE_BACKEND = env_str(
    "EIG_CACHE_BACKEND", "redis" if REDIS_URL else ("locmem" if DEVELOPMENT else "database")
)
CACHE_BACKENDS = {
    "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    # The kept pages (eig.core.public_cache) hold an entry per list, filters and page asked
    # within ten minutes: more than Django's default of 300 before it culls a third.
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "eig_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
if EIG_CACHE_BACKEND not in CACHE_BACKENDS:
    raise ImproperlyConfigured("EIG_CACHE_BACKEND must be 'database', 'redis' or 'locmem'.")
if EIG_CACHE_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is required with EIG_CACHE_BACKEND=redis.")
if EIG_CACHE_BACKEND == "locmem" and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "EIG_CACHE_BACKEND=locmem is not shared between processes: in production use the "
        "database cache (the default) or Redis (REDIS_URL)."
    )
CACHES = {"default": CACHE_BACKENDS[EIG_CACHE_BACKEND]}

# Background jobs: "procrastinate" queues them in PostgreSQL for worker processes (required
# in production); "immediate" runs them in-process after commit (the embedded default).
EIG_TASKS_BACKEND = env_str("EIG_TASKS_BACKEND", "immediate" if DEVELOPMENT else None)
if EIG_TASKS_BACKEND not in {"immediate", "procrastinate"}:
    raise ImproperlyConfigured("EIG_TASKS_BACKEND must be 'immediate' or 'procrastinate'.")
if EIG_TASKS_BACKEND == "immediate" and not DEVELOPMENT:
    raise ImproperlyConfigured(
        "EIG_TASKS_BACKEND must be 'procrastinate' in production: the immediate backend runs "
        "jobs inside web requests and never runs the periodic jobs."
    )
if EIG_TASKS_BACKEND == "procrastinate" and not USES_POSTGRESQL:
    raise ImproperlyConfigured("The procrastinate task backend needs PostgreSQL.")
if USES_POSTGRESQL:
    INSTALLED_APPS.append("procrastinate.contrib.django")
PROCRASTINATE_ON_APP_READY = "eig.core.jobs.on_procrastinate_ready"

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "eig.accounts.oidc.ProConnectBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

# django-allauth: candidates sign up with e-mail and password, e-mail verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "eig.accounts.adapters.CandidateAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "eig.accounts.forms.CandidateSignupForm"
ACCOUNT_FORMS = {"login": "eig.accounts.allauth_forms.CandidateLoginForm"}
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[EIG] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEVELOPMENT else "https"
# django-axes locks an e-mail out after AXES_FAILURE_LIMIT failures (its French page);
# allauth's limits stay above it as a backstop, and per IP loose enough for a shared office.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/5m/ip,10/5m/key"}

# django-axes: lock out after repeated failed sign-ins.
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "login"
# allauth authenticates with {"email": ...}: read the e-mail from there or from the form.
AXES_USERNAME_CALLABLE = "eig.accounts.lockout.lockout_username"

# ProConnect (OpenID Connect) for agents, reviewers, coaches and staff.
OIDC_LOCAL_PROVIDER_URL = env_str("EIG_OIDC_LOCAL_PROVIDER_URL", "http://127.0.0.1:9400")
_oidc_base = OIDC_LOCAL_PROVIDER_URL if DEVELOPMENT else None
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "eig-local" if DEVELOPMENT else None)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "eig-local" if DEVELOPMENT else None)
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", f"{_oidc_base}/oauth2/authorize" if _oidc_base else None
)
OIDC_OP_TOKEN_ENDPOINT = env_str(
    "OIDC_OP_TOKEN_ENDPOINT", f"{_oidc_base}/oauth2/token" if _oidc_base else None
)
OIDC_OP_USER_ENDPOINT = env_str(
    "OIDC_OP_USER_ENDPOINT", f"{_oidc_base}/userinfo" if _oidc_base else None
)
OIDC_OP_JWKS_ENDPOINT = env_str(
    "OIDC_OP_JWKS_ENDPOINT", f"{_oidc_base}/jwks" if _oidc_base else None
)
OIDC_OP_LOGOUT_ENDPOINT = env_str("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
# ProConnect names its scopes after its claims; the local provider (oidc-provider-mock)
# only releases given_name with the standard "profile" scope, hence the addition in development.
_PROCONNECT_SCOPES = "openid email given_name usual_name siret"
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", _PROCONNECT_SCOPES + (" profile" if DEVELOPMENT else ""))
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
# Kept to sign the person out of ProConnect too (id_token_hint) when OIDC_OP_LOGOUT_ENDPOINT is set.
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATE_CLASS = "eig.accounts.oidc.ProConnectAuthenticationRequestView"
OIDC_CALLBACK_CLASS = "eig.accounts.oidc.ProConnectCallbackView"
OIDC_CREATE_USER = True
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

# E-mail
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "EIG <ne-pas-repondre@eig.beta.gouv.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The console in development; in production an SMTP relay (EMAIL_HOST: the State's own
# servers often are one) or Brevo through django-anymail.
SMTP_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SMTP_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND_PATH = env_str(
    "EIG_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEVELOPMENT
    else (SMTP_EMAIL_BACKEND if SMTP_HOST else "anymail.backends.brevo.EmailBackend"),
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH == SMTP_EMAIL_BACKEND:
    if not SMTP_HOST:
        raise ImproperlyConfigured("EMAIL_HOST is required to send e-mail through SMTP.")
    _email_port = env_str("EMAIL_PORT", "")
    MAILERS["default"]["OPTIONS"] = {
        "host": SMTP_HOST,
        # Without EMAIL_PORT: 25, 587 with TLS, 465 with SSL (Django's defaults).
        "port": env_int("EMAIL_PORT", default=0) if _email_port else None,
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("EMAIL_USE_SSL", default=False),
        "timeout": env_int("EMAIL_TIMEOUT", default=30),
    }
ANYMAIL = {"BREVO_API_KEY": env_str("BREVO_API_KEY", "")}
if EMAIL_BACKEND_PATH.startswith("anymail.backends.brevo") and not (
    DEVELOPMENT or ANYMAIL["BREVO_API_KEY"]
):
    raise ImproperlyConfigured(
        "BREVO_API_KEY is required to send e-mail through Brevo (or set EMAIL_HOST for SMTP)."
    )
EIG_EMAIL_MAX_ATTEMPTS = env_int("EIG_EMAIL_MAX_ATTEMPTS", default=8)

# Files: CVs and generated documents are private; never served from a public URL.
STORAGES = {
    "default": {
        "BACKEND": env_str("EIG_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEVELOPMENT
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
MEDIA_ROOT = Path(env_str("EIG_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/private-media-not-served/"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True

# Internationalisation
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# Security
SESSION_COOKIE_SECURE = not DEVELOPMENT
CSRF_COOKIE_SECURE = not DEVELOPMENT
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEVELOPMENT else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_HSTS_PRELOAD = not DEVELOPMENT
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF, *([OIDC_LOCAL_PROVIDER_URL] if DEVELOPMENT else [])],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# API: calls allowed per token (django-ninja rate syntax), counted in the shared cache.
EIG_API_RATE = env_str("EIG_API_RATE", "120/min")

# Lists: rows per page of every paginated list (eig.core.pagination).
PAGE_SIZE = env_int("EIG_PAGE_SIZE", default=50)

# Reviewers find a person to declare a conflict with by their exact name: lookups allowed
# per reviewer per hour, counted in the shared cache, so that names are not tried in bulk.
EIG_CONFLICT_SEARCH_LIMIT = env_int("EIG_CONFLICT_SEARCH_LIMIT", default=30)

# Staff exports of the applications: up to this many rows the file is streamed at once;
# above, a job builds it and the person is e-mailed a link (eig.candidacies.exports). The
# job's files hold personal data and are deleted this many days after they were asked for.
EIG_EXPORT_INLINE_MAX_ROWS = env_int("EIG_EXPORT_INLINE_MAX_ROWS", default=5000)
EIG_EXPORT_KEPT_DAYS = env_int("EIG_EXPORT_KEPT_DAYS", default=7)

# DSFR
DSFR_USE_INTEGRITY_CHECKSUMS = False

# Legal pages: contacts and the hosting provider, confirmed at deployment.
EIG_CONTACT_EMAIL = env_str("EIG_CONTACT_EMAIL", "contact@eig.beta.gouv.fr")
EIG_DPO_EMAIL = env_str("EIG_DPO_EMAIL", EIG_CONTACT_EMAIL)
EIG_HOSTING_PROVIDER = env_str("EIG_HOSTING_PROVIDER", "")  # name, address, telephone
EIG_SOURCE_CODE_URL = env_str("EIG_SOURCE_CODE_URL", "")

# Logs: one line per request ("eig.requests": request id, user id, route, status,
# duration), as JSON lines in production (EIG_LOG_FORMAT=json), as text in development.
EIG_LOG_FORMAT = env_str("EIG_LOG_FORMAT", "text" if DEVELOPMENT else "json")
if EIG_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("EIG_LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "eig.core.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": EIG_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Every process lists the periodic jobs it knows at start: noise, not news.
        "procrastinate.periodic": {"level": "WARNING"},
        "procrastinate.blueprints": {"level": "WARNING"},
        # Development prints Django's own request lines; the summary would repeat them.
        "eig.requests": {"level": "INFO" if EIG_LOG_FORMAT == "json" else "WARNING"},
    },
}

# Errors to Sentry, or any compatible service (a self-hosted GlitchTip), when SENTRY_DSN
# is set; personal data is scrubbed before sending (eig.core.observability.sentry_scrub).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    from eig.core.observability import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "development" if DEVELOPMENT else "production"),
        release=env_str("SENTRY_RELEASE", ""),
    )

# Health (/sante/): beyond these delays, in seconds, the platform answers 503.
EIG_HEALTH_MAX_JOB_DELAY = env_int("EIG_HEALTH_MAX_JOB_DELAY", default=600)
EIG_HEALTH_MAX_EMAIL_DELAY = env_int("EIG_HEALTH_MAX_EMAIL_DELAY", default=1800)
EIG_HEALTH_CHECKS = {"outbox": "eig.notifications.health.outbox_check"}

# Demo data (``seed_demo``, demo mode only): each app's step, in the order they depend on
# each other (accounts, their administrations, the promotions, défis, applications).
EIG_DEMO_STEPS = [
    "eig.accounts.demo.demo_accounts_seed",
    "eig.organisations.demo.demo_organisations_seed",
    "eig.programmes.demo.demo_promotions_seed",
    "eig.challenges.demo.demo_challenges_seed",
    "eig.candidacies.demo.demo_candidacies_seed",
]
