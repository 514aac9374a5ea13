from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sitthi.api import api
from sitthi.claims import print_views
from sitthi.claims import queue as claims_queue
from sitthi.core import ops
from sitthi.fhir.api import api as fhir_api
from sitthi.registry import views as rights
from sitthi.web import accounts, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/password/", accounts.password_change, name="password_change"),
    path("accounts/second-factor/", accounts.second_factor, name="second_factor"),
    path(
        "accounts/second-factor/verify/",
        accounts.second_factor_verify,
        name="second_factor_verify",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("rights/", rights.rights_check, name="rights_check"),
    path("rights/checks/", rights.rights_checks, name="rights_checks"),
    path("rights/checks/<int:check_id>/", rights.rights_check_detail, name="rights_check_detail"),
    path("my-rights/", rights.public_rights, name="public_rights"),
    path("statements/new/", claims_queue.statement_new, name="statement_new"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("help/errors/", views.error_codes, name="error_codes"),
    path("notices/<int:notice_id>/print/", print_views.notice_print, name="notice_print"),
    path("rules/parameters/", views.parameters, name="parameters"),
    path("", include("sitthi.claims.urls")),
    path("", include("sitthi.ucep.urls")),
    path("", include("sitthi.isolation.urls")),
    path("", include("sitthi.allocation.urls")),
    path("", include("sitthi.assistance.urls")),
    path("", include("sitthi.finance.urls")),
    path("", include("sitthi.jobs.urls")),
    path("", include("sitthi.exchange.urls")),
    path("admin/login/", accounts.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("fhir/", fhir_api.urls),
    path("healthz", ops.healthz, name="healthz"),
    path("metrics", ops.metrics, name="metrics"),
]

#: A database fault raised in a middleware is answered 503 DATABASE_UNAVAILABLE, not 500.
handler403 = "sitthi.web.views.forbidden"
handler404 = "sitthi.web.views.not_found"
handler500 = "sitthi.core.dbfaults.server_error"
