"""The JSON API: /api/v1/…, its OpenAPI document at /api/openapi.json, its page at /api/docs."""

from ninja import NinjaAPI

from sitthi.allocation.api import router as allocation_router
from sitthi.api_guide import openapi_tags
from sitthi.assistance.api import router as assistance_router
from sitthi.claims.api import router as claims_router
from sitthi.claims.stm_api import router as statements_router
from sitthi.core.api import BangkokJSONRenderer, error_catalogue_markdown, install_error_handlers
from sitthi.exchange.api import router as exchange_router
from sitthi.finance.api import router as finance_router
from sitthi.isolation.api import router as isolation_router
from sitthi.jobs.api import router as jobs_router
from sitthi.registry.api import router as registry_router
from sitthi.ucep.api import router as ucep_router

DESCRIPTION = f"""
Sitthi (สิทธิ) API for hospital information systems and fund systems.

* Authenticate with `Authorization: Bearer <token>` (a hospital officer makes a token on the
  page *API tokens*), or with a logged-in session.
* The same services also speak HL7 FHIR R4B at `/fhir/` (rights, claims, UCEP
  notification, payments, statements): see `/fhir/metadata` and `/fhir/docs`.
* Dates are ISO 8601 in the Christian Era; times carry their offset (+07:00). Money is a
  string with two decimals.
* Every error is a 4xx with `{{"errors": [{{"code", "family", "field", "message_th", "message_en"}}]}}`.
  The codes are stable:

{error_catalogue_markdown()}
"""

api = NinjaAPI(
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
