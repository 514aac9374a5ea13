"""`sitthi assistance demo`: demo initial-assistance requests (run by `make run`)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Initial assistance (Section 41, providers, vaccine injury)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("demo", help="demo requests through the committee's steps")

    def handle(self, *args, action, **options):
        from sitthi.assistance.demo import load_demo_assistance

        self.stdout.write(load_demo_assistance())
