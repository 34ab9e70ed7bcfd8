"""Import the household assessment file (plus members) into the registry, with preview and maker-checker.

The public API other contexts call (the review round workflow, the CLI, the web and the API):

    household_import_stage(acting_user=…, commune_id=…, content=…, filename=…, year=…, standard_id=…)
    household_import_confirm(acting_user=…, batch_id=…)
    household_import_reject(acting_user=…, batch_id=…, note=…)

Each returns the ImportBatch; ImportRefused carries one Vietnamese sentence for the person.
"""

from giamngheo.registry.importing.problems import ImportProblem, ImportRefused
from giamngheo.registry.importing.services import (
    household_import_confirm,
    household_import_reject,
    household_import_stage,
)

__all__ = [
    "ImportProblem",
    "ImportRefused",
    "household_import_confirm",
    "household_import_reject",
    "household_import_stage",
]
