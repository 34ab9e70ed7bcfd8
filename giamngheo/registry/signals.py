"""Events of the registry for contexts above it, which the registry itself must not import.

``households_assessed`` is sent inside the transaction that wrote new yearly results (a confirmed import), with
``household_ids``; receivers that start work should do so with ``transaction.on_commit``.
"""

from django.dispatch import Signal

households_assessed = Signal()
