from django.urls import path

from . import award_views, views

urlpatterns = [
    path("finance/", views.index, name="finance"),
    path("finance/template.csv", views.template_csv, name="finance_template"),
    path("finance/watch/", views.watch, name="finance_watch"),
    path("finance/hospitals/<str:hcode>/", views.hospital, name="finance_hospital"),
    path("finance/brightspot/", award_views.index, name="brightspot"),
    path(
        "finance/brightspot/nominations/<int:nomination_id>/",
        award_views.nomination,
        name="brightspot_nomination",
    ),
    path("finance/brightspot/runs/<int:run_id>/", award_views.run_detail, name="brightspot_run"),
    path(
        "finance/brightspot/runs/<int:run_id>/certificates/<str:hcode>/",
        award_views.certificate,
        name="brightspot_certificate",
    ),
]
