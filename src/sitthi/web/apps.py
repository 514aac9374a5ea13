from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sitthi.web"
    label = "web"
    verbose_name = "Sitthi web pages"
