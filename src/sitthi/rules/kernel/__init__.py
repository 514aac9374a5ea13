"""The kernel: the plumbing every area of the law shares, written once.

- ``codes``     — an error code (stable string, HTTP status, e-Claim family, Thai and English
                  message); each area declares its own beside its rules, ``sitthi.core.errors``
                  gathers them into the one catalogue.
- ``problems``  — ONE ``Problem`` (file, row, field, code, value), ONE ``InputError`` carrying
                  every problem of an input, and the ``Collector`` readers fill.
- ``documents`` — the collecting reader of a YAML document (a fiscal year, award criteria):
                  typed fields, unknown keys, missing values, all reported together.
- ``yamlio``    — the one strict YAML reader (no duplicate or merge keys, numbers exact).
- ``tables``    — the one table reader: CSV (UTF-8 or TIS-620, comma/semicolon/tab) or XLSX
                  into rows numbered as Excel numbers them.
- ``money``     — satang and baht; every rounding is chosen at the call.
- ``thaitime``  — the Bangkok zone (declared here and nowhere else) and Buddhist-Era dates.

Pure like the rest of ``sitthi.rules``: no Django, database, network or clock.
"""
