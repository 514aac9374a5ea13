"""The claims tests' fee schedule and claim body, for the FHIR tests."""

from tests.claims.conftest import payload, post_claim, tariff  # noqa: F401
