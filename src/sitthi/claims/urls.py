from django.urls import path

from . import views, whatif_views

urlpatterns = [
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/new/", views.claim_form, name="claim_form"),
    path("claims/upload/", views.claim_upload, name="claim_upload"),
    path("claims/upload/report.xlsx", views.upload_report, name="claim_upload_report"),
    path("claims/upload/template.xlsx", views.upload_template, name="claim_upload_template"),
    path("claims/deadlines/", views.deadlines, name="deadlines"),
    path("claims/tariffs/", views.tariffs, name="tariffs"),
    path("claims/lookup/", views.claim_lookup, name="claim_lookup"),
    path("claims/bulk/", views.claim_bulk, name="claim_bulk"),
    path("claims/whatif/", whatif_views.whatif_form, name="whatif_form"),
    path("claims/whatif/<int:job_id>/", whatif_views.whatif_result, name="whatif_result"),
    path("claims/whatif/<int:job_id>/whatif.xlsx", whatif_views.whatif_xlsx, name="whatif_xlsx"),
    path("claims/<int:claim_id>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:claim_id>/resend/", views.claim_resend, name="claim_resend"),
    path("claims/<int:claim_id>/documents/", views.claim_documents, name="claim_documents"),
    path(
        "claims/<int:claim_id>/documents/<int:document_id>/",
        views.claim_document,
        name="claim_document",
    ),
    path("claims/<int:claim_id>/<slug:move>/", views.claim_move, name="claim_move"),
    path("notices/", views.notices, name="notices"),
    path("notices/new/", views.notice_create, name="notice_create"),
    path("notices/transfer/", views.notice_transfer, name="notice_transfer"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("statements/", views.statement, name="statement"),
]
