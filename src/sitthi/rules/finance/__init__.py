"""Hospital finance (DOMAIN.md §6, seed 002): the MOPH financial-crisis risk score and the
Bright Spot Hospital award. Pure: no Django, database or clock."""
