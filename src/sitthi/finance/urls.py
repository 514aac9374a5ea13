from django.urls import path

from . import views

urlpatterns = [
    path("finance/", views.index, name="finance"),
    path("finance/template.csv", views.template_csv, name="finance_template"),
    path("finance/watch/", views.watch, name="finance_watch"),
    path("finance/hospitals/<str:hcode>/", views.hospital, name="finance_hospital"),
]
