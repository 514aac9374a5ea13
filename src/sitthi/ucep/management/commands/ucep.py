"""`sitthi ucep demo`: demo emergency episodes (run by `make run`)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "UCEP: demo episodes."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("demo", help="demo emergency episodes")

    def handle(self, *args, action, **options):
        from sitthi.ucep.demo import load_demo_episodes

        self.stdout.write(load_demo_episodes())
