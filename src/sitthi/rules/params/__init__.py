"""Dated rule parameters: every rate, ceiling, deadline and window with its dates and source.

    >>> from datetime import date
    >>> ps = default_parameters()
    >>> ps.value("ucep.coverage_window_hours", date(2017, 4, 1)).value
    Decimal('72')

See ``loader`` for the file format and the checks.
"""

from sitthi.rules.params.loader import (
    DATA_ROOT,
    ParamError,
    Parameter,
    ParameterSet,
    ParamFileError,
    ParamLookupError,
    ParamValue,
    default_parameters,
    load_parameters,
)

__all__ = [
    "DATA_ROOT",
    "Parameter",
    "ParameterSet",
    "ParamError",
    "ParamFileError",
    "ParamLookupError",
    "ParamValue",
    "default_parameters",
    "load_parameters",
]
