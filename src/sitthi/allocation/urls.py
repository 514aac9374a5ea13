from django.urls import path

from . import compare_views, views

urlpatterns = [
    path("allocation/", views.index, name="allocation"),
    path("allocation/compare/", compare_views.compare_runs, name="allocation_compare"),
    path("allocation/configs/<int:config_id>/", views.config_detail, name="allocation_config"),
    path("allocation/runs/<int:run_id>/", views.run_detail, name="allocation_run"),
    path("allocation/runs/<int:run_id>/export/", views.run_export, name="allocation_export"),
    path("allocation/runs/<int:run_id>/units/", views.units, name="allocation_units"),
    path(
        "allocation/runs/<int:run_id>/units/<str:unit>/",
        views.statement,
        name="allocation_statement",
    ),
]
