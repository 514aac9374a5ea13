from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs (issue 15): a claims file import, an allocation run, the isolation round
    close — queued in the database (django-q2's ORM broker) and run by ``sitthi worker``; each
    with a Sitthi :class:`~sitthi.jobs.models.Job` row the pages and the API show."""

    name = "sitthi.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Every write audited: a job's queueing, start and finish; a round's closing. Not the
        # uploaded file (payload) nor the result (a refused file's row report may quote a
        # citizen ID): those stay in the job's row, which the job's page shows to its owner.
        auditlog.register(models.Job, exclude_fields=["payload", "result"])
        auditlog.register(models.RoundClosing)
        # /metrics (sitthi.core.observe): how much waits and how the jobs stand, read from the
        # database at each scrape so every web process reports the same figures.
        from sitthi.core.observe import register_gauge
        from sitthi.jobs.services import jobs_by_status, queue_depth

        register_gauge(
            "sitthi_job_queue_depth", "Tasks in the job queue not yet finished.", queue_depth
        )
        register_gauge(
            "sitthi_jobs",
            "Sitthi jobs by status.",
            lambda: [((status,), n) for status, n in jobs_by_status().items()],
            labels=["status"],
        )
