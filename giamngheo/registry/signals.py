"""Events of the registry for contexts above it, which the registry itself must not import.

Both are sent inside the transaction that made the change, with ``household_ids``; receivers that start work
should do so with ``transaction.on_commit``.

- ``households_assessed``: new yearly results were written (a confirmed import).
- ``households_changed``: households moved to another commune, or were struck off the register or restored.
"""

from django.dispatch import Signal

households_assessed = Signal()
households_changed = Signal()
