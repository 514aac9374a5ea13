"""The CapabilityStatement at ``/fhir/metadata``: the resources and interactions the FHIR API
takes, and the identifier systems it reads (built from ``sitthi.fhir.systems``)."""

from __future__ import annotations

from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from . import systems as S

#: The day this statement's content last changed (R4B requires a date).
PUBLISHED = "2026-12-07"

#: resource → (interactions, what it does)
RESOURCES = {
    "CoverageEligibilityRequest": (
        ["create"],
        "POST answers the CoverageEligibilityResponse: the rights check of /api/v1/rights.",
    ),
    "Claim": (
        ["create", "read"],
        "POST use=claim: decided by the claims service, answered by the ClaimResponse; "
        "use=preauthorization: a UCEP triage notification of an open episode.",
    ),
    "ClaimResponse": (["read"], "A claim's decision, each line's adjudication explained."),
    "PaymentNotice": (["create"], "A fund's payment of a notice (token scope pay)."),
    "PaymentReconciliation": (
        ["search-type"],
        "The statement of payment (STM): ?hospital=&from=&to=&fund= as /api/v1/statements.",
    ),
    "Organization": (["read"], "A hospital by its 5-digit code, a fund by its code."),
}


def capability_statement(base: str) -> CapabilityStatement:
    systems = ", ".join(
        f"{name}={value}"
        for name, value in vars(S).items()
        if name.endswith("_SYSTEM") and isinstance(value, str)
    )
    return CapabilityStatement(
        status="active",
        date=PUBLISHED,
        publisher="Sitthi",
        kind="instance",
        software={"name": "Sitthi"},
        implementation={"description": "Sitthi clearing house FHIR API", "url": base},
        fhirVersion="4.3.0",
        format=["application/fhir+json", "json"],
        rest=[
            {
                "mode": "server",
                "documentation": (
                    "Authorization: Bearer <token> (scopes read/submit/pay), as the JSON API. "
                    f"Identifier systems: {systems}."
                ),
                "security": {
                    "description": "Bearer token (the API tokens page) or a logged-in session"
                },
                "resource": [
                    {
                        "type": name,
                        "interaction": [{"code": code} for code in codes],
                        "documentation": about,
                    }
                    for name, (codes, about) in RESOURCES.items()
                ],
            }
        ],
    )
