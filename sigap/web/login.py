"""Staff sign-in: the one place a session starts (the admin's own login page redirects here, see config/urls.py).

It refuses throttled attempts (`sigap.core.login_throttle`) even with the right password, refuses the published demo
password outside demo mode, and gives people who can reveal an anonim reporter's identity a short session.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import authenticate, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_variables

from sigap.core import login_throttle
from sigap.core.demo import is_demo_password
from sigap.core.ratelimit import client_address
from sigap.organization.access import is_complaint_admin
from sigap.organization.actions import show_guide_once
from sigap.web.guides import own_guide_slug

# Session key holding when a short session ends (a POSIX timestamp).
SESSION_ENDS_KEY = "sigap:session_ends"


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password."),
        "inactive": _("This account is inactive."),
    }

    @sensitive_variables("password")
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        now = timezone.now()
        address = client_address(self.request) if self.request is not None else "unknown"
        minutes = login_throttle.locked_minutes(username=username, address=address, now=now)
        if minutes:
            raise ValidationError(
                ngettext("Too many sign-in attempts. Try again in %(minutes)d minute.",
                         "Too many sign-in attempts. Try again in %(minutes)d minutes.", minutes),
                code="throttled", params={"minutes": minutes})
        if is_demo_password(password) and not settings.SIGAP_DEMO_MODE:
            # Checked before the password itself, so the answer says nothing about whether the account exists.
            login_throttle.record_failure(username=username, address=address, now=now)
            raise ValidationError(
                _("The demo password works only on a demo server. Ask the system administrator for your own "
                  "password."), code="demo_password")
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            login_throttle.record_failure(username=username, address=address, now=now)
            raise self.get_invalid_login_error()
        login_throttle.record_success(username=username)
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def identity_session_hours() -> int:
    return int(getattr(settings, "SIGAP_IDENTITY_SESSION_HOURS", 9))


def start_session(request: HttpRequest, user: Any, *, now: datetime) -> None:
    """Who can reveal an anonim reporter's identity gets a session that ends when the browser closes and, at the
    latest, after a working day; everyone else keeps the default."""
    if not is_complaint_admin(user):
        return
    request.session.set_expiry(0)
    request.session[SESSION_ENDS_KEY] = (now + timedelta(hours=identity_session_hours())).timestamp()


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        now = timezone.now()
        start_session(self.request, self.request.user, now=now)
        # The sign-in form posts the default landing page as its `next`: only another page is a real destination.
        going_to = self.get_redirect_url()
        explicit_next = bool(going_to) and going_to != resolve_url(settings.LOGIN_REDIRECT_URL)
        return first_guide(self.request, response, explicit_next=explicit_next, now=now)


def first_guide(request: HttpRequest, response: HttpResponse, *, explicit_next: bool, now: datetime) -> HttpResponse:
    """A person's first sign-in lands once on their role's guide, which then leads on to where they were going.

    A sign-in on the way to a given page (a link from a WhatsApp notification, say) goes there, and the guide
    waits for the next plain sign-in: the link is what the person wanted now.
    """
    slug = own_guide_slug(request.user)
    if explicit_next or slug is None or not show_guide_once(person=request.user, now=now):
        return response
    return redirect(f"{reverse('web:guide', args=[slug])}?{urlencode({'next': response['Location']})}")


class SessionDeadlineMiddleware:
    """Ends a short session (see `start_session`) once its time is up, even if the browser was never closed."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only requests that carry a session cookie: public pages stay free of session reads (and of Vary: Cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            ends = request.session.get(SESSION_ENDS_KEY)
            if ends is not None and timezone.now().timestamp() >= float(ends):
                logout(request)
        response: HttpResponse = self.get_response(request)
        return response
