"""FHIR ``Claim`` in: ``use`` = ``claim`` is a claim for the claims service (the same
``sitthi.claims.services.submit`` the JSON API, the bulk API, the file and the form call, so
the same claim gets the same decision whichever way it comes); ``use`` = ``preauthorization``
is a UCEP triage notification to the EMS coordination centre for an open episode
(``sitthi.ucep.services.notify_ems``). Answered by a ``ClaimResponse``.

The Claim's elements Sitthi reads (anything else R4B allows is accepted and not read):

- ``identifier``: the hospital's claim key, system ``urn:sitthi:claim-key`` (or
  ``urn:sitthi:claim-key:<hcode>`` as Sitthi writes it); a pre-authorisation names the episode
  instead, system ``urn:sitthi:ucep-episode``.
- ``provider``: the hospital by identifier ``urn:sitthi:hcode``.
- ``patient``: by identifier ``urn:sitthi:thai-citizen-id`` or a contained Patient with it.
- ``subType``: the service type, system ``urn:sitthi:service-type`` (OP, IP, COVID_BODY);
  without it ``type`` decides: institutional → IP, professional → OP.
- ``billablePeriod``: start the visit or admission, end the discharge; times with offsets.
- ``diagnosis``: ICD-10 codes (``http://hl7.org/fhir/sid/icd-10``), the type as
  ``urn:sitthi:dxtype`` ("1" principal) or the text "principal".
- ``item``: ``productOrService`` the item code (``urn:sitthi:item``), ``quantity``,
  ``servicedPeriod.start`` (or ``servicedDate``, read as midnight in Bangkok), ``net`` the
  charge in THB."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal

from sitthi.claims import frames as fr
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.rules.citizen_id import normalise as normalise_cid
from sitthi.rules.kernel.thaitime import BANGKOK

from . import systems as S
from .eligibility import contained_of

FROM_CLAIM_TYPE = {"institutional": "IP", "professional": "OP"}
USES = ("claim", "preauthorization")


class Problems:
    """Every problem of a message, reported together (as the JSON API reports a claim's)."""

    def __init__(self):
        self.items: list[ErrorItem] = []

    def required(self, at: str, detail: str) -> None:
        self.items.append(ErrorItem("FHIR_ELEMENT_REQUIRED", at, {"at": at, "detail": detail}))

    def unknown(self, at: str, value, known) -> None:
        self.items.append(
            ErrorItem(
                "FHIR_CODE_UNKNOWN",
                at,
                {"at": at, "value": str(value)[:80], "known": ", ".join(known)},
            )
        )

    def raise_any(self) -> None:
        if self.items:
            raise SitthiError(*self.items)


def _code(concept, system: str):
    for c in (concept and concept.coding) or []:
        if c.system == system:
            return c.code
    return None


def _moment(value, at: str, problems: Problems) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    problems.required(at, "a date and time with its offset, e.g. 2024-03-01T09:00:00+07:00")
    return None


def _patient_cid(claim, problems: Problems) -> str:
    ref, at = claim.patient, "Claim.patient"
    if ref.identifier is not None:
        if ref.identifier.system != S.CID_SYSTEM:
            problems.unknown(f"{at}.identifier.system", ref.identifier.system, [S.CID_SYSTEM])
            return ""
        return ref.identifier.value or ""
    if ref.reference and ref.reference.startswith("#"):
        found = contained_of(claim).get(ref.reference[1:])
        for i in (found and found.identifier) or []:
            if i.system == S.CID_SYSTEM:
                return i.value or ""
    problems.required(f"{at}.identifier", f"the citizen ID, system {S.CID_SYSTEM}")
    return ""


def _hospital(claim, problems: Problems) -> str:
    ident = claim.provider.identifier
    if ident is None:
        problems.required(
            "Claim.provider.identifier", f"the hospital code, system {S.HCODE_SYSTEM}"
        )
        return ""
    if ident.system != S.HCODE_SYSTEM:
        problems.unknown("Claim.provider.identifier.system", ident.system, [S.HCODE_SYSTEM])
        return ""
    return ident.value or ""


def _claim_key(claim, hospital: str, problems: Problems) -> str:
    for ident in claim.identifier or []:
        system = ident.system or ""
        if (system == S.CLAIM_KEY_SYSTEM or system == f"{S.CLAIM_KEY_SYSTEM}:{hospital}") and (
            ident.value or ""
        ).strip():
            return ident.value
    problems.required("Claim.identifier", f"the claim key, system {S.CLAIM_KEY_SYSTEM}")
    return ""


def _service_type(claim, problems: Problems) -> str:
    sub = _code(claim.subType, S.SERVICE_TYPE_SYSTEM)
    if sub is not None:
        # Any code goes to the claims service, which refuses what it does not take with its
        # own codes (UCEP and HI/CI: CLAIM_NEEDS_EPISODE / CLAIM_NEEDS_CASE), as on every
        # other way in.
        return sub
    kind = _code(claim.type, S.CLAIM_TYPE)
    if kind in FROM_CLAIM_TYPE:
        return FROM_CLAIM_TYPE[kind]
    problems.unknown("Claim.type.coding.code", kind or "(none)", list(FROM_CLAIM_TYPE))
    return ""


def _dx_type(dx) -> str:
    for concept in dx.type or []:
        code = _code(concept, S.DX_TYPE_SYSTEM)
        if code:
            return code
        if (concept.text or "").strip().lower() == "principal":
            return "1"
    return "1"


def _fits(value: Decimal, digits: int, places: int) -> bool:
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    if -exponent > places and value != value.quantize(Decimal(1).scaleb(-places)):
        return False
    return abs(value) < Decimal(10) ** (digits - places)


def _too_big(at: str, detail: str) -> ErrorItem:
    return ErrorItem("FHIR_INVALID", at, {"at": at, "detail": f"at most {detail}"})


def _lines(claim, problems: Problems) -> list[fr.LineIn]:
    out = []
    for i, item in enumerate(claim.item or []):
        at = f"Claim.item[{i}]"
        code = _code(item.productOrService, S.ITEM_SYSTEM)
        if not code:
            problems.required(f"{at}.productOrService", f"the item code, system {S.ITEM_SYSTEM}")
        quantity = (
            item.quantity.value if item.quantity and item.quantity.value is not None else None
        )
        if quantity is None:
            problems.required(f"{at}.quantity.value", "the quantity")
        if item.servicedPeriod is not None:
            served = _moment(item.servicedPeriod.start, f"{at}.servicedPeriod.start", problems)
        elif item.servicedDate is not None:
            served = datetime.combine(item.servicedDate, time(0), BANGKOK)
        else:
            served = None
            problems.required(f"{at}.servicedPeriod", "when the item was given")
        net = item.net
        if net is None or net.value is None:
            problems.required(f"{at}.net", "the charge in THB")
        elif (net.currency or "THB") != "THB":
            problems.unknown(f"{at}.net.currency", net.currency, ["THB"])
        # The JSON API's bounds (claims.api.LineIn): 14 digits, 3 places of a quantity, 2 of money.
        if quantity is not None and not _fits(Decimal(quantity), 14, 3):
            problems.items.append(_too_big(f"{at}.quantity.value", "14 digits, 3 decimals"))
            quantity = None
        if net is not None and net.value is not None and not _fits(Decimal(net.value), 14, 2):
            problems.items.append(_too_big(f"{at}.net.value", "14 digits, 2 decimals"))
            net = None
        if code and quantity is not None and served and net is not None and net.value is not None:
            out.append(fr.LineIn(code, Decimal(quantity), served, Decimal(net.value)))
    return out


def claim_input(claim) -> fr.ClaimIn:
    """The FHIR Claim as the claims service's input; every problem of the message at once."""
    problems = Problems()
    hospital = _hospital(claim, problems)
    key = _claim_key(claim, hospital, problems)
    cid = _patient_cid(claim, problems)
    service_type = _service_type(claim, problems)
    period = claim.billablePeriod
    admitted = _moment(period and period.start, "Claim.billablePeriod.start", problems)
    if period is None or period.start is None:
        problems.required("Claim.billablePeriod.start", "the visit or admission time")
    discharged = _moment(period and period.end, "Claim.billablePeriod.end", problems)
    diagnoses = []
    for i, dx in enumerate(claim.diagnosis or []):
        code = _code(dx.diagnosisCodeableConcept, S.ICD10)
        if not code:
            problems.required(
                f"Claim.diagnosis[{i}].diagnosisCodeableConcept", f"an ICD-10 code ({S.ICD10})"
            )
            continue
        diagnoses.append(fr.DiagnosisIn(code, _dx_type(dx)))
    lines = _lines(claim, problems)
    problems.raise_any()
    return fr.ClaimIn(
        claim_key=key,
        hospital=hospital,
        citizen_id=normalise_cid(cid),
        service_type=service_type,
        admitted_at=admitted,
        discharged_at=discharged,
        diagnoses=diagnoses,
        lines=lines,
    )


def episode_of(claim) -> tuple[int, str]:
    """A pre-authorisation's episode id and the patient's citizen ID it names."""
    problems = Problems()
    episode = None
    for ident in claim.identifier or []:
        if ident.system == S.EPISODE_SYSTEM:
            episode = ident.value
    if episode is None:
        problems.required("Claim.identifier", f"the UCEP episode, system {S.EPISODE_SYSTEM}")
    elif not str(episode).isdigit() or len(str(episode)) > 18:
        problems.unknown("Claim.identifier.value", episode, ["an episode id (digits)"])
    cid = _patient_cid(claim, problems)
    problems.raise_any()
    return int(episode), normalise_cid(cid)


def contact_of(claim) -> str:
    """Who the coordination centre calls: a ``supportingInfo`` whose category code is
    ``contact`` (any system), as ``valueString``."""
    for info in claim.supportingInfo or []:
        codes = [c.code for c in (info.category and info.category.coding) or []]
        if "contact" in codes and info.valueString:
            return info.valueString
    return ""
