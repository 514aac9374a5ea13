"""`sitthi isolation close-round`: time out every offer past its deadline and hand the cases
on (for cron; `sitthi worker` closes each round once on its own, see sitthi.jobs.rounds)."""

from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = "HI Portal: close the rounds whose deadline has passed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("close-round", help="time out overdue offers and hand the cases on")
        sub.add_parser("demo", help="demo units and cases (run by make run)")

    def handle(self, *args, action, **options):
        if action == "demo":
            from sitthi.isolation.demo import load_demo_isolation

            self.stdout.write(load_demo_isolation())
            return
        from sitthi.isolation.services import close_round

        result = close_round(timezone.now())
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
