"""Test settings: same as production shape, with fast hashing and recording fakes at the edges."""

from __future__ import annotations

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403
from config.settings import DATABASES, INSTALLED_APPS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SIGAP_DEMO_MODE = True
if "benchmarks.synthetic" not in INSTALLED_APPS:  # the benchmark data command is under test too
    INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.synthetic"]
SIGAP_WHATSAPP_DISPLAY_NUMBER = "+62 811-0000-0000"
WHATSAPP_APP_SECRET = "test_app_secret_do_not_use"
WHATSAPP_VERIFY_TOKEN = "test-verify-token"
WHATSAPP_ACCESS_TOKEN = "test-access-token"
WHATSAPP_PHONE_NUMBER_ID = "100000000000001"
# Tests run tasks in-process unless a test starts a real worker (those set the DB backend themselves).
TASKS = {"default": {"BACKEND": os.environ.get("TEST_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Parallel test runs (several developers, CI) must not share one PostgreSQL test database.
if os.environ.get("SIGAP_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SIGAP_TEST_DB_NAME"]}
# Never a model a developer trained under var/: tests that want one train it into their own tmp_path.
SIGAP_ROUTING_MODEL_PATH = BASE_DIR / "var" / "tests-have-no-routing-model" / "model.joblib"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
