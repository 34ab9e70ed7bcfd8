"""Settings for the test suite: the same settings, with a throwaway key and fast hashing."""

import os

os.environ.setdefault("GIAMNGHEO_DEBUG", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses Argon2
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files come from the finders in tests (no collectstatic), so WhiteNoise need not find STATIC_ROOT at start.
WHITENOISE_AUTOREFRESH = True
