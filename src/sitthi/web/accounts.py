"""The account pages: log in (also the administration's log-in: no second, unguarded form),
change the password, and the optional second factor (enrol, confirm, enter the code after a
password log-in). Wrong log-ins are counted by django-axes (``sitthi.core.limits``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from sitthi.core import otp
from sitthi.core.errors import ErrorItem, SitthiError

login = auth_views.LoginView.as_view()


@never_cache
def admin_login(request):
    """``/admin/login/``: the same log-in view, counted and locked alike; a logged-in account
    that is not staff is refused (403), a staff account goes on to the administration."""
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise SitthiError.one("ROLE_FORBIDDEN")
        return redirect(_safe_next(request, reverse("admin:index")))
    if not request.GET.get("next") and request.method == "GET":
        return redirect(reverse("admin_login") + "?next=" + reverse("admin:index"))
    return login(request)


#: Django's password errors (validators and the form) as Sitthi's coded, Thai/English errors.
_PASSWORD_CODES = {
    "password_too_short": "PASSWORD_TOO_SHORT",
    "password_too_common": "PASSWORD_TOO_COMMON",
    "password_entirely_numeric": "PASSWORD_NUMERIC",
    "password_too_similar": "PASSWORD_LIKE_ACCOUNT",
    "password_mismatch": "PASSWORD_MISMATCH",
    "password_incorrect": "PASSWORD_WRONG",
}


def _password_errors(form) -> list[dict]:
    out = []
    for field, errors in form.errors.as_data().items():
        for e in errors:
            code = _PASSWORD_CODES.get(e.code)
            if code is None:
                item = ErrorItem("REQUEST_INVALID", field, {"detail": " ".join(e.messages)})
            else:
                params = e.params or {}
                item = ErrorItem(code, field, {"min": params.get("min_length", "")})
            out.append(item.as_dict())
    return out


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password.html"
    success_url = reverse_lazy("home")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["second_factor_offered"] = otp.offered_to(self.request.user)
        form = context["form"]
        context["errors"] = _password_errors(form) if form.is_bound else []
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


password_change = PasswordChange.as_view()


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@never_cache
@login_required
def second_factor(request):
    """Enrol: the QR code and key of a new device, and the code that confirms it. With a
    confirmed device: its state, and the way to turn it off."""
    if not otp.offered_to(request.user):
        raise SitthiError.one("ROLE_FORBIDDEN")
    device = otp.confirmed_device(request.user)
    errors, status = [], 200
    if request.method == "POST":
        action = request.POST.get("action", "confirm")
        if action == "remove" and device is not None:
            otp.remove(request)
            messages.success(request, _("The second factor is turned off."))
            return redirect("second_factor")
        try:
            otp.confirm(request, request.POST.get("code", ""))
        except SitthiError as exc:
            errors, status = exc.as_dict()["errors"], exc.status
        else:
            messages.success(request, _("The second factor is on: each log-in will ask a code."))
            return redirect("second_factor")
    if device is not None and request.method == "GET":
        return render(request, "accounts/second_factor.html", {"device": device})
    pending = otp.pending_device(request.user)
    context = {
        "device": None,
        "qr": otp.qr_svg(pending),
        "secret": otp.secret_text(pending),
        "errors": errors,
    }
    return render(request, "accounts/second_factor.html", context, status=status)


@never_cache
@login_required
def second_factor_verify(request):
    """After the password: the code from the app, before any other page."""
    if not otp.needs_code(request):
        return redirect(_safe_next(request, reverse("home")))
    errors, status = [], 200
    if request.method == "POST":
        try:
            otp.verify(request, request.POST.get("code", ""))
        except SitthiError as exc:
            errors, status = exc.as_dict()["errors"], exc.status
        else:
            return redirect(_safe_next(request, reverse("home")))
    context = {"errors": errors, "next": _safe_next(request, "")}
    return render(request, "accounts/second_factor_verify.html", context, status=status)
