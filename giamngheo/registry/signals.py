"""Events of the registry for contexts above it, which the registry itself must not import.

Both are sent inside the transaction that made the change; receivers that start work should do so with
``transaction.on_commit``.

- ``households_assessed(batch_id)``: a confirmed import wrote new yearly results (its households are those of
  the batch's assessments; the batch id is sent rather than reading up to a whole province's ids in the write).
- ``households_changed(household_ids)``: households moved to another commune, or were struck off or restored.
"""

from django.dispatch import Signal

households_assessed = Signal()
households_changed = Signal()
