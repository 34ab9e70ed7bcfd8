"""Production settings hash passwords with Argon2 (the tests use a fast hasher, so look in a subprocess)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_setting(code: str) -> object:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIAMNGHEO_", "DJANGO_"))}
    env.update(GIAMNGHEO_DEBUG="0", GIAMNGHEO_SECRET_KEY="k" * 60, DJANGO_SETTINGS_MODULE="config.settings")
    script = f"import django, json; django.setup(); {code}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_argon2_is_the_production_hasher():
    assert production_setting(
        "from django.conf import settings; print(json.dumps(settings.PASSWORD_HASHERS[0]))"
    ) == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_new_password_is_stored_as_argon2id():
    encoded = production_setting(
        "from django.contrib.auth.hashers import make_password; print(json.dumps(make_password('Mat-khau-2025')))"
    )
    assert encoded.startswith("argon2$argon2id$")


def test_passwords_need_ten_characters(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_password("abc123xyz")
    assert [e.code for e in error.value.error_list] == ["password_too_short"]
    validate_password("Mat-khau-du-dai-2025")
