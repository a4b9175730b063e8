"""Errors every action raises; each interface turns them into its own shape (HTML, JSON, Open311, WhatsApp)."""

from __future__ import annotations

from django.utils.functional import Promise


class ActionError(Exception):
    """A refused action: nothing was changed. `message` is for the person, in their language."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "code": self.code, "message": self.message}


class InvalidInput(ActionError):
    status_code = 422
    code = "invalid"


class Forbidden(ActionError):
    status_code = 403
    code = "forbidden"


class NotFound(ActionError):
    status_code = 404
    code = "not_found"


class Conflict(ActionError):
    """The object is not in a state where this action is allowed."""

    status_code = 409
    code = "conflict"


class PayloadTooLarge(ActionError):
    """More bytes than the input may have (a photo over its cap, a body over the request's)."""

    status_code = 413
    code = "too_large"


class RateLimited(ActionError):
    status_code = 429
    code = "rate_limited"
