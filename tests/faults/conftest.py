"""The claims area's fee schedule fixture, for the races that submit and pay claims."""

from ..claims.conftest import tariff  # noqa: F401
