"""The identifier and code systems Sitthi's FHIR resources use, in one place (docs/fhir.md
lists them for HIS developers). Thailand has no published FHIR naming system for these yet
(none was found in the national FHIR guides), so Sitthi states its own URNs; a HIS sends them
exactly as written here."""

from __future__ import annotations

SYSTEM = "urn:sitthi"
#: The 13-digit Thai citizen ID (เลขประจำตัวประชาชน), digits only.
CID_SYSTEM = f"{SYSTEM}:thai-citizen-id"
#: The 5-digit hospital code (รหัสหน่วยบริการ, HCODE) of the MOPH registry.
HCODE_SYSTEM = f"{SYSTEM}:hcode"
#: The fund (สิทธิ) code as e-Claim writes it: UCS, SSS, OFC, LGO…
FUND_SYSTEM = f"{SYSTEM}:inscl"
#: A hospital's own claim key; the system may carry the hospital code after a colon.
CLAIM_KEY_SYSTEM = f"{SYSTEM}:claim-key"
#: Sitthi's service types (OP, IP, COVID_BODY) as ``Claim.subType``.
SERVICE_TYPE_SYSTEM = f"{SYSTEM}:service-type"
#: e-Claim's diagnosis type ("1" principal, "2" co-morbidity, …) as ``Claim.diagnosis.type``.
DX_TYPE_SYSTEM = f"{SYSTEM}:dxtype"
#: A claim line's item code as the fee schedule names it.
ITEM_SYSTEM = f"{SYSTEM}:item"
#: Sitthi's error codes (the catalogue on /help/errors/).
ERROR_SYSTEM = f"{SYSTEM}:error"
#: A claims notice's number (N000123) a fund pays.
NOTICE_SYSTEM = f"{SYSTEM}:notice"
#: The fund's bank-transfer reference of a payment.
PAYMENT_REF_SYSTEM = f"{SYSTEM}:payment-reference"
#: A UCEP episode's id, for a pre-authorisation (the triage notification).
EPISODE_SYSTEM = f"{SYSTEM}:ucep-episode"
#: The extension naming a right's main registered unit (หน่วยบริการประจำ) on a Coverage.
MAIN_UNIT_EXTENSION = f"{SYSTEM}:extension:main-unit"
#: Sitthi's explanations of a line's price (the rule applied, th and en).
RULE_SYSTEM = f"{SYSTEM}:rule"

ICD10 = "http://hl7.org/fhir/sid/icd-10"
CLAIM_TYPE = "http://terminology.hl7.org/CodeSystem/claim-type"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
PROCESS_PRIORITY = "http://terminology.hl7.org/CodeSystem/processpriority"
BENEFIT_NETWORK = "http://terminology.hl7.org/CodeSystem/benefit-network"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/payment-type"
