"""Dated rule parameters: every rate, ceiling, deadline and window with its dates and source.

    >>> from datetime import date
    >>> ps = default_parameters()
    >>> ps.value("ucep.coverage_window_hours", date(2017, 4, 1)).value
    Decimal('72')

The law's data has one home here, in three kinds: dated scalars (``scalars/``, one YAML file
per parameter, read by this loader), dated tables (``tables/``, CSV) and dated documents
(``documents/``: a fiscal year's allocation, a criteria set). One content hash, the set's
``version``, covers all three.

See ``loader`` for the file format and the checks.
"""

from sitthi.rules.params.loader import (
    DATA_ROOT,
    DOCUMENTS_ROOT,
    SCALARS_ROOT,
    TABLES_ROOT,
    ParamError,
    Parameter,
    ParameterSet,
    ParamFileError,
    ParamLookupError,
    ParamValue,
    default_parameters,
    file_digests,
    load_parameters,
)

__all__ = [
    "DATA_ROOT",
    "DOCUMENTS_ROOT",
    "SCALARS_ROOT",
    "TABLES_ROOT",
    "Parameter",
    "ParameterSet",
    "ParamError",
    "ParamFileError",
    "ParamLookupError",
    "ParamValue",
    "default_parameters",
    "file_digests",
    "load_parameters",
]
