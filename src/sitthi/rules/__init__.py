"""The law as code: pure functions and dated parameters. Imports no Django, touches no
database, network or clock."""
