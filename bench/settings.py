"""Settings for `make bench`: the app's own settings with a bench-only URLconf.

DEBUG is off and static files come from nowhere, so the numbers are what
production pays rather than the slower development path.
"""

from config.settings import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False
