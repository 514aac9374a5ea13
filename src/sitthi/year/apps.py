from django.apps import AppConfig


class YearConfig(AppConfig):
    """A year of claims priced on one machine or on Spark (issue 18): the ``sitthi year``
    command only; no models."""

    name = "sitthi.year"
    label = "year"
    verbose_name = "A year's pricing"
