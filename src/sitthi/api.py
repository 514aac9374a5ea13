"""The JSON API: /api/v1/…, its OpenAPI document at /api/openapi.json, its page at /api/docs."""

from sitthi.allocation.api import router as allocation_router
from sitthi.api_guide import openapi_tags
from sitthi.assistance.api import router as assistance_router
from sitthi.claims.api import router as claims_router
from sitthi.claims.stm_api import router as statements_router
from sitthi.core.api import (
    BangkokJSONRenderer,
    SitthiAPI,
    error_catalogue_markdown,
    install_error_handlers,
)
from sitthi.core.token_api import router as tokens_router
from sitthi.exchange.api import router as exchange_router
from sitthi.finance.api import router as finance_router
from sitthi.isolation.api import router as isolation_router
from sitthi.jobs.api import router as jobs_router
from sitthi.registry.api import router as registry_router
from sitthi.ucep.api import router as ucep_router

DESCRIPTION = f"""
Sitthi (สิทธิ) API for hospital information systems and fund systems.

* Authenticate with `Authorization: Bearer <token>` (an officer makes a token on the page
  *API tokens*, or with `POST /api/v1/tokens`), or with a logged-in session.
* The same services also speak HL7 FHIR R4B at `/fhir/` (rights, claims, UCEP
  notification, payments, statements): see `/fhir/metadata` and `/fhir/docs`.
* Dates are ISO 8601 in the Christian Era; times carry their offset (+07:00). Money is a
  string with two decimals.
* Every write (POST, PUT, PATCH, DELETE) takes an optional `Idempotency-Key` header (1–255
  printable ASCII characters, a UUID say). Sent again by the same token (or the same
  logged-in officer) with the same key and request within 24 hours, it gets the first answer
  back (header `Idempotent-Replayed: true`) and nothing is done twice; an answer that says
  "send again" (5xx, 429, 401, 403, 409 `CONCURRENT_CHANGE`) is not kept. The same key with
  another request is 409 `IDEMPOTENCY_KEY_REUSED`, while the first still runs 409
  `IDEMPOTENCY_IN_PROGRESS`, a first request cut off 409 `IDEMPOTENCY_OUTCOME_UNKNOWN`, an
  answer too large to keep 409 `IDEMPOTENCY_ANSWER_NOT_KEPT`. Unauthenticated calls and the
  look-ups by citizen ID (`POST /api/v1/rights`) ignore the key.
* Every error is a 4xx with `{{"errors": [{{"code", "family", "field", "message_th", "message_en"}}]}}`.
  The codes are stable:

{error_catalogue_markdown()}
"""

api = SitthiAPI(
    title="Sitthi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The areas the docs page groups endpoints by, each with a worked example (sitthi.api_guide).
    openapi_extra={"tags": openapi_tags()},
    renderer=BangkokJSONRenderer(),
)
install_error_handlers(api)
api.add_router("/v1", registry_router)
api.add_router("/v1", claims_router)
api.add_router("/v1", statements_router)
api.add_router("/v1", ucep_router)
api.add_router("/v1", isolation_router)
api.add_router("/v1", allocation_router)
api.add_router("/v1", assistance_router)
api.add_router("/v1", finance_router)
api.add_router("/v1", jobs_router)
api.add_router("/v1", exchange_router)
api.add_router("/v1", tokens_router)
