from django.core.management.base import BaseCommand

from sitthi.registry.models import Fund, Province, Region
from sitthi.registry.reference import load_reference


class Command(BaseCommand):
    help = "Load or refresh regions, provinces and funds from the shipped reference data."

    def handle(self, *args, **options):
        counts = load_reference(Region, Province, Fund)
        self.stdout.write(", ".join(f"{v} {k}" for k, v in counts.items()))
