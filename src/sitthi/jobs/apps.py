from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs (issue 15): a claims file import, an allocation run, the isolation round
    close — queued in the database (django-q2's ORM broker) and run by ``sitthi worker``; each
    with a Sitthi :class:`~sitthi.jobs.models.Job` row the pages and the API show."""

    name = "sitthi.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
