"""The printable payment notice (หนังสือแจ้งชำระเงิน): NHSO's notice to an owner fund on one A4
page — the claims it covers, the total in figures and in Thai words, the due date in the
Buddhist Era. Who may see it is ``claims.services.get_notice``'s rule (NHSO; the owner fund;
no hospital), the same as the notice page. Print CSS lives in static/sitthi/print.css; the print
button is actions.js's ``data-print`` (the CSP allows no inline script)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from sitthi.claims import services
from sitthi.web.pages import actor_of


@login_required
def notice_print(request, notice_id: int):
    notice = services.get_notice(actor_of(request), notice_id)
    claims = list(notice.claims.select_related("hospital").order_by("hospital_id", "pk"))
    return render(
        request,
        "claims/notice_print.html",
        {"notice": notice, "claims": claims, "printed_at": timezone.now()},
    )
