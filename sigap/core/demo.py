"""The published demo password, known to the kernel because login and the password rules refuse it outside demo mode.

The demo accounts themselves, and the data they stand on, are seeded by the top-floor app `sigap.seed`.
"""

from __future__ import annotations

DEMO_PASSWORD = "sigap-demo"


def is_demo_password(password: str) -> bool:
    return password == DEMO_PASSWORD
