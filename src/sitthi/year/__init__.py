"""A national year of claims priced in minutes (issue 18): a seeded synthetic year in Parquet
(one folder per month), and ``price_year`` running the unchanged ``rules.claims.price.price``
over it month by month on one machine (``engine="local"``) or per partition on Apache Spark
(``engine="spark"``).

Pure data code: no Django, no database. The command line is ``sitthi year`` (the app's
management command).
"""

from sitthi.year.engine import MonthTotals, YearInputError, YearTotals, price_year
from sitthi.year.synth import make_lines, synth_year

__all__ = [
    "MonthTotals",
    "YearInputError",
    "YearTotals",
    "make_lines",
    "price_year",
    "synth_year",
]
