"""Helpers for staff tests: bearer tokens and JSON calls to the staff API."""

from __future__ import annotations

import json
from typing import Any

from sigap.organization.tokens import issue_api_token


def bearer(person: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(person=person, name='test')}"}


def post_action(client: Any, person: Any, tracking_id: str, action: str, body: Any) -> Any:
    return client.post(f"/api/v1/reports/{tracking_id}/actions/{action}", data=json.dumps(body),
                       content_type="application/json", **bearer(person))
