"""The report form's one-time token: issued when the form renders, consumed when its report is filed.

Issuing writes nothing (a GET must not): the token is a random nonce signed with a timestamp. It is consumed by the
intake's own key row (sigap.reports.idempotency, scope "web"), so a double-click, a resent POST or a reload of the
"sent" page files one report. A token older than the key lifetime is refused: its row may already be swept.
"""

from __future__ import annotations

import secrets

from django.core import signing

from sigap.reports.idempotency import key_lifetime

FIELD = "form_token"
SALT = "sigap.web.report-form"


def issue() -> str:
    return signing.dumps(secrets.token_urlsafe(18), salt=SALT)


def key_of(token: str | None) -> str | None:
    """The nonce of a genuine, unexpired token, or None."""
    if not token or len(token) > 200:
        return None
    try:
        nonce = signing.loads(token, salt=SALT, max_age=key_lifetime())
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return nonce if isinstance(nonce, str) else None
