"""Drop the single-column indexes Django adds to the entitlement's foreign keys.

The unique constraint (household, policy, scenario) already serves every read by household, the lists read
through policies_ent_policy_path, and policies and communes are not deleted; a full recompute writes half a
million rows, each into every index. Index names are Django's (deterministic, the same on SQLite and
PostgreSQL), dropped with plain SQL so that SQLite does not rebuild the table.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "household_id": "policies_entitlement_household_id_cfe223a1",
    "policy_id": "policies_entitlement_policy_id_4b7e787b",
    "commune_id": "policies_entitlement_commune_id_b53c8c8b",
}


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0003_entitlement_fewer_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {name}",
                    reverse_sql=f"CREATE INDEX {name} ON policies_entitlement ({column})",
                )
                for column, name in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="entitlement",
                    name="commune",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="+", to="geo.adminunit", verbose_name="xã"),
                ),
                migrations.AlterField(
                    model_name="entitlement",
                    name="household",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="entitlements", to="registry.household"),
                ),
                migrations.AlterField(
                    model_name="entitlement",
                    name="policy",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="entitlements", to="policies.policy"),
                ),
            ],
        ),
    ]
