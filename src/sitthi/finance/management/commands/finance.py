"""`sitthi finance demo`: demo statements and the Bright Spot award (run by `make run`)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Hospital finance: the MOPH risk score and the Bright Spot award."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("demo", help="demo quarterly statements and the Bright Spot award")

    def handle(self, *args, action, **options):
        from sitthi.finance.demo import load_demo_finance

        self.stdout.write(load_demo_finance())
