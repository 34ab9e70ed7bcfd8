"""Load administrative units from the vietnamadminunits package (placeholder until the loader lands)."""


def units_load() -> None:
    return None
