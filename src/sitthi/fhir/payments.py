"""PaymentNotice in (a fund records that it paid a notice: ``sitthi.claims.services.
record_payment``, the service the fund's page and ``POST /api/v1/notices/{id}/payment``
call) and PaymentReconciliation out (the statement of payment, STM, as the statement page and
``GET /api/v1/statements`` read it: every paid claim and its amount, to the satang).

PaymentNotice elements read: ``request`` the notice by identifier (``urn:sitthi:notice``,
N000123); ``amount`` the THB paid (the notice's total, in full); ``paymentDate`` the day paid
(required here, though R4B leaves it optional); ``payment`` the bank transfer by identifier
(``urn:sitthi:payment-reference``). R4B's ``recipient`` and ``created`` are required by FHIR
and not read."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sitthi.claims import lists as claim_lists
from sitthi.claims import services as claims
from sitthi.claims.stm_api import read_statement
from sitthi.core.actor import Actor
from sitthi.rules.kernel.thaitime import bangkok_date

from . import systems as S
from .claims import Problems


def _money(value: Decimal) -> dict:
    return {"value": value, "currency": "THB"}


def pay(actor: Actor, notice_in, *, now: datetime):
    """Record the payment a PaymentNotice tells of; the stored notice."""
    problems = Problems()
    ident = notice_in.request.identifier if notice_in.request else None
    number = None
    if ident is None:
        problems.required(
            "PaymentNotice.request.identifier", f"the notice, system {S.NOTICE_SYSTEM}"
        )
    elif ident.system != S.NOTICE_SYSTEM:
        problems.unknown("PaymentNotice.request.identifier.system", ident.system, [S.NOTICE_SYSTEM])
    else:
        number = claim_lists.notice_pk(ident.value or "")
        if number is None:
            problems.unknown("PaymentNotice.request.identifier.value", ident.value, ["N000123"])
    amount = notice_in.amount
    if (amount.currency or "THB") != "THB":
        problems.unknown("PaymentNotice.amount.currency", amount.currency, ["THB"])
    if amount.value is None:
        problems.required("PaymentNotice.amount.value", "the amount paid")
    if notice_in.paymentDate is None:
        problems.required("PaymentNotice.paymentDate", "the day the fund paid")
    ref = notice_in.payment.identifier if notice_in.payment else None
    if ref is None or not (ref.value or "").strip():
        problems.required(
            "PaymentNotice.payment.identifier", f"the transfer, system {S.PAYMENT_REF_SYSTEM}"
        )
    elif ref.system != S.PAYMENT_REF_SYSTEM:
        problems.unknown(
            "PaymentNotice.payment.identifier.system", ref.system, [S.PAYMENT_REF_SYSTEM]
        )
    problems.raise_any()
    return claims.record_payment(
        actor, number, Decimal(amount.value), notice_in.paymentDate, ref.value, now=now
    )


def notice_resource(notice, *, now: datetime):
    from fhir.resources.R4B.paymentnotice import PaymentNotice

    return PaymentNotice(
        id=f"paymentnotice-{notice.pk}",
        identifier=[{"system": S.NOTICE_SYSTEM, "value": notice.number}],
        status="active",
        request={"identifier": {"system": S.NOTICE_SYSTEM, "value": notice.number}},
        created=(notice.paid_recorded_at or now).isoformat(),
        payment={"identifier": {"system": S.PAYMENT_REF_SYSTEM, "value": notice.payment_reference}},
        paymentDate=notice.paid_on.isoformat() if notice.paid_on else None,
        payee={"identifier": {"system": S.FUND_SYSTEM, "value": notice.fund_id}},
        recipient={"display": "NHSO / สปสช."},
        amount=_money(notice.paid_amount if notice.paid_amount is not None else notice.total),
        paymentStatus={
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/paymentstatus",
                    "code": "paid" if notice.paid_on else "cleared",
                }
            ]
        },
    )


def reconciliation(actor: Actor, hospital: str | None, params: dict, *, now: datetime):
    """The statement as a searchset Bundle of PaymentReconciliation, one per payment (a fund's
    bank transfer: its reference and day), each detail a claim it paid (its Claim and
    ClaimResponse, the day and the amount). Their amounts add up to the statement page's total
    paid, to the satang."""
    from fhir.resources.R4B.bundle import Bundle

    stm = read_statement(actor, hospital, params, bangkok_date(now))
    hcode = stm.hospital.hcode
    payments: dict[tuple, list] = {}
    for c in stm.claims:
        notice = c.notice if c.notice_id else None
        key = (
            c.fund_id or "UNKNOWN",
            notice.payment_reference if notice else "",
            notice.paid_on if notice and notice.paid_on else bangkok_date(c.paid_at),
        )
        payments.setdefault(key, []).append(c)
    entries = []
    for n, ((fund, reference, paid_on), rows) in enumerate(sorted(payments.items()), start=1):
        resource = {
            "resourceType": "PaymentReconciliation",
            "id": f"stm-{hcode}-{stm.date_from:%Y%m%d}-{stm.date_to:%Y%m%d}-{n}",
            "status": "active",
            "period": {"start": stm.date_from.isoformat(), "end": stm.date_to.isoformat()},
            "created": now.isoformat(),
            "paymentIssuer": {"identifier": {"system": S.FUND_SYSTEM, "value": fund}},
            "requestor": {
                "identifier": {"system": S.HCODE_SYSTEM, "value": hcode},
                "display": stm.hospital.name_th,
            },
            "outcome": "complete",
            "disposition": "รายการชำระเงิน (STM) / statement of payment",
            "paymentDate": paid_on.isoformat(),
            "paymentAmount": _money(sum((c.payable_total for c in rows), Decimal("0.00"))),
            "detail": [_detail(c, hcode) for c in rows],
        }
        if reference:
            resource["paymentIdentifier"] = {"system": S.PAYMENT_REF_SYSTEM, "value": reference}
        entries.append({"fullUrl": f"urn:uuid:sitthi-{resource['id']}", "resource": resource})
    return Bundle(type="searchset", total=len(entries), entry=entries)


def _detail(c, hcode: str) -> dict:
    out = {
        "identifier": {"system": f"{S.CLAIM_KEY_SYSTEM}:{hcode}", "value": c.claim_key},
        "type": {"coding": [{"system": S.PAYMENT_TYPE, "code": "payment"}]},
        "request": {"reference": f"Claim/claim-{c.pk}"},
        "response": {"reference": f"ClaimResponse/claimresponse-{c.pk}"},
        "submitter": {"identifier": {"system": S.HCODE_SYSTEM, "value": hcode}},
        "amount": _money(c.payable_total),
    }
    if c.paid_at:
        out["date"] = bangkok_date(c.paid_at).isoformat()
    return out
