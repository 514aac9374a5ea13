from django.urls import path

from . import views

urlpatterns = [
    path("allocation/", views.index, name="allocation"),
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
