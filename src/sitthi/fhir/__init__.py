"""HL7 FHIR R4B in and out, beside the Thai files and Sitthi's JSON, never instead of them.

The FHIR API (``sitthi.fhir.api``, served at ``/fhir/``) takes the resources a hospital's or
a fund's system sends (CoverageEligibilityRequest, Claim, PaymentNotice), validates them with
``fhir.resources.R4B``, turns them into the same service calls the JSON API and the pages make
(one way to the money), and answers with the FHIR resource of the decision. Anything that is
not valid FHIR, or names a code Sitthi does not know, is answered with an OperationOutcome
carrying Sitthi's error code, and stores nothing. The identifier systems are in
``sitthi.fhir.systems`` and docs/fhir.md."""
