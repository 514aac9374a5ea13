"""HI Portal dispatch of COVID-19 home and community isolation cases (seed
000_a3b7e1d5dbe51319.txt; DOMAIN.md §2): the two daily decision rounds (``rounds``), the unit a
case is offered to (``policy``), and the green-only gate (``triage_gate``)."""
