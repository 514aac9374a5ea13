"""`sitthi worker`: runs the background job queue (django-q2's cluster: worker processes and
the scheduler) — claims file imports, allocation runs and the isolation round close at 12:00
and 18:00. Run as many as wanted (on one machine or several): each job runs once."""

from django.core.management.base import BaseCommand

from sitthi.jobs.rounds import ensure_schedules


class Command(BaseCommand):
    help = "Run the background job queue (workers and schedules)."

    def handle(self, *args, **options):
        from django_q.cluster import Cluster
        from django_q.scheduler import scheduler

        ensure_schedules()
        # The cluster looks at the schedules every 30 s, the first time 30 s after it starts;
        # a schedule already due (the worker was down at 12:00) is queued now instead.
        scheduler()
        self.stdout.write(self.style.SUCCESS("Sitthi worker: running the job queue."))
        self.stdout.write("  Stop with Ctrl+C.")
        self.stdout.flush()
        cluster = Cluster()
        cluster.start()
