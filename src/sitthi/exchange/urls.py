from django.urls import path

from . import views

urlpatterns = [
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:webhook_id>/remove/", views.webhook_remove, name="webhook_remove"),
    path("webhooks/deliveries/", views.deliveries, name="webhook_deliveries"),
    path(
        "webhooks/deliveries/<int:delivery_id>/replay/",
        views.delivery_replay,
        name="webhook_delivery_replay",
    ),
]
