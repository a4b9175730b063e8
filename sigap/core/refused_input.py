"""Refuse input that holds a control character (sigap.domain.text says which) before it reaches any action.

One check for every entry point — URL path, query string, form fields and JSON bodies — so no view reaches the
database with a U+0000 that PostgreSQL would answer with an error (a 500). The answer is a 400 in the request's
language and in the surface's own shape: the HTML error page, the API's {"errors": [...]}, or whatever a view
declares with `refuses_input_with` (Open311's error list). A channel that must keep every message instead of
refusing one (the WhatsApp webhook) marks its view `takes_raw_text` and cleans the text itself.

Cheap refusals first (docs/architecture.md, rule 10): the path, the query, a urlencoded form and a JSON body (all
bounded by DATA_UPLOAD_MAX_MEMORY_SIZE) are checked before the view runs; a multipart body (photos) is checked when
the view first reads it, so authentication and the view's own size checks still come before the upload is parsed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from sigap.core.errors import ActionError
from sigap.domain.text import first_refused, has_refused_character, json_strings, strip_refused_characters

F = TypeVar("F", bound=Callable[..., Any])
Refusal = Callable[[HttpRequest, str, dict[str, Any]], HttpResponse]

RAW_TEXT_ATTRIBUTE = "sigap_takes_raw_text"
REFUSAL_ATTRIBUTE = "sigap_input_refusal"
_ANSWER_ATTRIBUTE = "_sigap_refusal_answer"
_CHECKED_JSON_ATTRIBUTE = "_sigap_checked_json"
UNCHECKED = object()  # `checked_json` when the middleware did not decode this request's body as UTF-8 JSON
_BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
_READ_ERRORS = (RequestDataTooBig, TooManyFieldsSent, SuspiciousOperation, UnreadablePostError)


class RefusedInput(ActionError):
    """A text holds a control character; raised where a multipart form is first read, or by a view."""

    status_code = 400
    code = "control_character"

    def __init__(self, found: str) -> None:
        # The name may itself hold the character (a key of a JSON body): it is never echoed back.
        field = strip_refused_characters(found) or "body"
        super().__init__(refusal_message(field), field=field)


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


def checked_json(request: HttpRequest) -> Any:
    """The body's JSON document as the middleware decoded (UTF-8) and checked it, or UNCHECKED.

    A view that reads its body as JSON takes it from here instead of decoding it again: a document found here holds
    no refused character (otherwise the view would not run).
    """
    return request.__dict__.get(_CHECKED_JSON_ATTRIBUTE, UNCHECKED)


def refuse_control_characters(document: object) -> None:
    """For JSON a view decodes from inside a form field (the middleware saw only its escaped text)."""
    found = first_refused(json_strings(document))
    if found is not None:
        raise RefusedInput(found)


class RefusedCookiesMiddleware:
    """Before the session is read: a cookie holding a control character is dropped, as if it had never come.

    Cookie values may carry octal escapes ("\\000") that decode to U+0000; a session key holding one made the
    session lookup fail on PostgreSQL (a 500 on every page). No cookie of ours can hold such a character, so the
    person is simply not signed in — nothing to refuse them for.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, value in list(request.COOKIES.items()):
            if has_refused_character(name) or has_refused_character(value):
                del request.COOKIES[name]
        return self.get_response(request)


class RefusedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...],
                     kwargs: dict[str, Any]) -> HttpResponse | None:
        if getattr(view, RAW_TEXT_ATTRIBUTE, False):
            return None
        refusal: Refusal | None = getattr(view, REFUSAL_ATTRIBUTE, None)

        def answer(error: RefusedInput) -> HttpResponse:
            if refusal is not None:
                return refusal(request, error.message, kwargs)
            if request.path.startswith("/api/"):
                return JsonResponse({"errors": [error.as_dict()]}, status=400)
            return render(request, "400.html", {"reason": error.message}, status=400)

        setattr(request, _ANSWER_ATTRIBUTE, answer)
        found = first_refused(_eager_texts(request))
        if found is not None:
            return answer(RefusedInput(found))
        if request.method in _BODY_METHODS and request.content_type == "multipart/form-data":
            refused = _check_multipart(request)
            if refused is not None:
                return answer(refused)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A multipart refusal raised in a view that does not answer ActionError itself."""
        answer = getattr(request, _ANSWER_ATTRIBUTE, None)
        if isinstance(exception, RefusedInput) and answer is not None:
            return answer(exception)  # type: ignore[no-any-return]
        return None


def _eager_texts(request: HttpRequest) -> Iterable[tuple[str, str]]:
    yield "path", request.path_info
    # RFC 9110 allows no control character but tab in a field value; some (Idempotency-Key) reach the database.
    # Cookies are not refused but dropped (RefusedCookiesMiddleware): a broken cookie must not lock a browser out.
    for name, value in request.headers.items():
        if name.lower() != "cookie":
            yield name, value.replace("\t", " ")
    try:
        query = request.GET
    except _READ_ERRORS:
        return  # the view reads the query again and meets the same error
    yield from _pairs(query)
    if request.method not in _BODY_METHODS:
        return
    content_type = request.content_type or ""
    if content_type == "application/x-www-form-urlencoded":
        try:
            form = request.POST
        except _READ_ERRORS:
            return  # the body is kept, so the view meets the same error when it reads the form
        yield from _pairs(form)
    elif content_type != "multipart/form-data":
        yield from _json_texts(request)


def _json_texts(request: HttpRequest) -> Iterable[tuple[str, str]]:
    """Any other body that decodes as JSON, whatever its declared type (some views read request.body as JSON)."""
    try:
        body = request.body
    except _READ_ERRORS:
        return  # refused before the stream was read: the view meets the same error and answers it in its shape
    if not body:
        return
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return  # not JSON: the view says so in its own words
    for name, text in json_strings(document):
        yield name or "body", text
    if json.detect_encoding(body) == "utf-8":  # what a view decoding the body as UTF-8 would parse (no BOM)
        # Checked to the end without a refusal (first_refused stops at the first): the view may take this document.
        request.__dict__[_CHECKED_JSON_ATTRIBUTE] = document


def _pairs(values: MultiValueDict[str, Any]) -> Iterable[tuple[str, str]]:
    for key, items in values.lists():
        for item in items:
            yield key, item if isinstance(item, str) else (getattr(item, "name", "") or "")


def _check_multipart(request: HttpRequest) -> RefusedInput | None:
    """Check the form when it is read: now if a middleware already parsed it (CSRF does), else at the view's read.

    A refused form stays refused: every later read of request.POST or request.FILES raises the same error, so no
    code path can act on the text after one caught the refusal.
    """
    if "_post" in request.__dict__:
        found = first_refused([*_pairs(request.POST), *_pairs(request.FILES)])
        if found is None:
            return None
        refused = RefusedInput(found)
        raise_on_every_read(request, refused)
        return refused
    load = request._load_post_and_files  # type: ignore[attr-defined]

    def load_and_check() -> None:
        load()
        found = first_refused([*_pairs(request.__dict__["_post"]), *_pairs(request.__dict__["_files"])])
        if found is not None:
            error = RefusedInput(found)
            raise_on_every_read(request, error)
            raise error

    # An instance attribute shadows HttpRequest's method of the same name, for this request only.
    request.__dict__["_load_post_and_files"] = load_and_check
    return None


def raise_on_every_read(request: HttpRequest, error: RefusedInput) -> None:
    """From now on every read of this request's form raises the refusal (the parsed text is dropped)."""
    for attribute in ("_post", "_files"):
        request.__dict__.pop(attribute, None)

    def refuse() -> None:
        raise error

    request.__dict__["_load_post_and_files"] = refuse
