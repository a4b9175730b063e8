"""Settings for benchmarks/intake.py: production shape plus the floor URL; rate limits counted, out of reach."""

from __future__ import annotations

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.intake_floor"
SIGAP_RATE_INTAKE_PER_ADDRESS_HOUR = 10**9
SIGAP_RATE_INTAKE_PER_CONTACT_DAY = 10**9
MIDDLEWARE = [m for m in MIDDLEWARE if "GZip" not in m]  # answers are tiny; measure the app
