"""The optional second factor: a time-based one-time code (TOTP, RFC 6238) from an
authenticator app, through django-otp. Offered to NHSO, fund and administrator (staff)
accounts; a hospital account is not asked for one. Once an account has a confirmed device,
every log-in must be followed by a code before any other page (``RequireSecondFactor``).

Enrolment: the account gets an unconfirmed device, its key shown as a QR code (SVG drawn by
segno, no script) and as text; the first right code confirms it and counts as this session's
second factor. A wrong code is refused (OTP_CODE_WRONG) and slows the next try (django-otp's
throttling doubles the wait after each failure); a code once used is not accepted again."""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .errors import ErrorItem, SitthiError
from .models import Role

#: The roles offered a second factor.
SECOND_FACTOR_ROLES = (Role.NHSO, Role.FUND, Role.ADMIN)
DEVICE_NAME = "authenticator"


def offered_to(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.role in SECOND_FACTOR_ROLES or user.is_staff or user.is_superuser)
    )


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The account's unconfirmed device, made on first asking (one at a time)."""
    if not offered_to(user):
        raise SitthiError.one("ROLE_FORBIDDEN")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (markup only, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _clean(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())[:8]


def confirm(request, code: str) -> TOTPDevice:
    """The first right code from the app confirms the pending device; this session then
    counts as verified. Any other confirmed device of the account is replaced."""
    device = pending_device(request.user)
    cleaned = _clean(code)
    if not cleaned or not device.verify_token(cleaned):
        raise SitthiError.one("OTP_CODE_WRONG", "code")
    TOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return device


def verify(request, code: str) -> TOTPDevice:
    """The code after a password log-in."""
    device = confirmed_device(request.user)
    cleaned = _clean(code)
    if device is None or not cleaned or not device.verify_token(cleaned):
        raise SitthiError.one("OTP_CODE_WRONG", "code")
    otp_login(request, device)
    return device


def remove(request) -> None:
    """Turn the second factor off (only from a verified session: the middleware sees to it)."""
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session.pop("otp_device_id", None)


_OPEN = ("/accounts/second-factor/verify/", "/accounts/logout/", "/static/", "/i18n/")


def needs_code(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if user.is_verified():
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class RequireSecondFactor:
    """After django-otp's middleware: an account with a confirmed device, logged in by
    password but not yet by code, sees only the code page (and may log out). The API answers
    SECOND_FACTOR_REQUIRED (401) to such a session; a call with a bearer token is the
    office's system, not this session, and is left to the token check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(_OPEN) or not needs_code(request):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            if request.META.get("HTTP_AUTHORIZATION", "").lower().startswith("bearer "):
                return self.get_response(request)
            item = ErrorItem("SECOND_FACTOR_REQUIRED").as_dict()
            return JsonResponse({"errors": [item]}, status=401)
        target = reverse("second_factor_verify")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
