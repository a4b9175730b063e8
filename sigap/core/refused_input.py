"""Refuse, before any view runs, input that holds a control character (sigap.domain.text says which).

One check for every entry point — query strings, URL parts, form fields and JSON bodies — so no view reaches the
database with a U+0000 that PostgreSQL would answer with an error (a 500). The answer is a 400 in the request's
language and in the surface's own shape: the HTML error page, the API's {"errors": [...]}, or whatever a view
declares with `refuses_input_with` (Open311's error list). A channel that must keep every message instead of
refusing one (the WhatsApp webhook) marks its view `takes_raw_text` and cleans the text itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError
from sigap.domain.text import first_refused, json_strings, strip_refused_characters

F = TypeVar("F", bound=Callable[..., Any])
Refusal = Callable[[HttpRequest, str, dict[str, Any]], HttpResponse]

RAW_TEXT_ATTRIBUTE = "sigap_takes_raw_text"
REFUSAL_ATTRIBUTE = "sigap_input_refusal"
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_PARSE_ERRORS = (RequestDataTooBig, TooManyFieldsSent, SuspiciousOperation, MultiPartParserError,
                 UnreadablePostError)


def takes_raw_text(view: F) -> F:
    """Marks a view that receives text it must clean rather than refuse; the middleware lets it through."""
    setattr(view, RAW_TEXT_ATTRIBUTE, True)
    return view


def refuses_input_with(refusal: Refusal) -> Callable[[F], F]:
    """Marks a view whose refusals take its own shape: refusal(request, message, view_kwargs) → response."""

    def mark(view: F) -> F:
        setattr(view, REFUSAL_ATTRIBUTE, refusal)
        return view

    return mark


def refusal_message(field: str) -> str:
    return _("The field “%(field)s” contains a control character (such as U+0000) that cannot be accepted. "
             "Remove it and send again.") % {"field": field}


def refuse_control_characters(document: object) -> None:
    """For JSON a view decodes from inside a form field (the middleware saw only its escaped text)."""
    found = first_refused(json_strings(document))
    if found is not None:
        field = strip_refused_characters(found) or "body"
        raise ActionError(refusal_message(field), field=field, code="control_character")


class RefusedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> HttpResponse | None:
        if getattr(view, RAW_TEXT_ATTRIBUTE, False):
            return None
        found = first_refused(_texts_of(request))
        if found is None:
            return None
        # The name may itself hold the character (a key of a JSON body): it is never echoed back.
        field = strip_refused_characters(found) or "?"
        message = refusal_message(field)
        refusal: Refusal | None = getattr(view, REFUSAL_ATTRIBUTE, None)
        if refusal is not None:
            return refusal(request, message, kwargs)
        if request.path.startswith("/api/"):
            return JsonResponse({"errors": [{"field": field, "code": "control_character", "message": message}]},
                                status=400)
        return render(request, "400.html", {"reason": message}, status=400)


def _texts_of(request: HttpRequest) -> Iterable[tuple[str, str]]:
    yield "path", request.path_info
    try:
        query = request.GET
    except _PARSE_ERRORS:
        return  # the view reads the query again and meets the same error
    for key, values in query.lists():
        for value in values:
            yield key, value
    content_type = request.content_type or ""
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return
    if content_type in _FORM_TYPES:
        yield from _form_texts(request)
    elif content_type == "application/json" or content_type.endswith("+json"):
        yield from _json_texts(request)


def _form_texts(request: HttpRequest) -> Iterable[tuple[str, str]]:
    try:
        form, files = request.POST, request.FILES
    except _PARSE_ERRORS as error:
        _replay_on_read(request, error)
        return
    for key, values in form.lists():
        for value in values:
            yield key, value
    for key, uploads in files.lists():
        for upload in uploads:
            yield key, upload.name or ""


def _json_texts(request: HttpRequest) -> Iterable[tuple[str, str]]:
    # A body that is a bare string is named "body"; a field is named by its dotted path.
    try:
        body = request.body
    except _PARSE_ERRORS:
        return  # refused before the stream was read: the view meets the same error and answers it in its shape
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return  # not JSON: the view says so in its own words
    for name, text in json_strings(document):
        yield name or "body", text


def _replay_on_read(request: HttpRequest, error: Exception) -> None:
    """A form the middleware could not parse must fail the same way when the view reads it.

    Django marks a failed parse by leaving the form empty, so the view would see an empty form instead of the
    error it answers (too large, too many fields); the stream is gone, so the error is replayed instead.
    """
    for attribute in ("_post", "_files"):
        if attribute in request.__dict__:
            delattr(request, attribute)

    def replay() -> None:
        raise error

    request._load_post_and_files = replay  # type: ignore[method-assign]
