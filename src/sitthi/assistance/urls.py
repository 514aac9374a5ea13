from django.urls import path

from . import views

urlpatterns = [
    path("assistance/", views.queue, name="assistance_queue"),
    path("assistance/new/", views.new, name="assistance_new"),
    path("assistance/report/", views.report, name="assistance_report"),
    path("assistance/status/", views.status, name="assistance_status"),
    path("assistance/<str:number>/", views.detail, name="assistance_detail"),
    path("assistance/<str:number>/letter/", views.letter, name="assistance_letter"),
    path(
        "assistance/<str:number>/documents/<int:doc_id>/",
        views.document,
        name="assistance_document",
    ),
]
