"""The fixtures of the areas whose work runs as jobs."""

from tests.allocation.test_allocation_app import registered  # noqa: F401
from tests.claims.conftest import tariff  # noqa: F401
from tests.isolation.conftest import units  # noqa: F401
