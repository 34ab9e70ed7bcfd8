"""Seed the policy catalogue (domain spec §6) as version 1 of each policy; later edits go through services."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    from giamngheo.policies.catalogue import SEED

    Policy = apps.get_model("policies", "Policy")
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    fields = ("name", "group", "agency", "legal_basis", "valid_from", "valid_to", "benefit", "how_to_claim",
              "documents", "amount_verified", "verification_note", "rule", "active", "public", "position")
    for item in SEED:
        if Policy.objects.filter(code=item["code"]).exists():
            continue
        values = {k: v for k, v in item.items() if k != "code"}
        for name in ("valid_from", "valid_to"):
            if values.get(name):
                values[name] = dt.date.fromisoformat(values[name])
        policy = Policy.objects.create(code=item["code"], version=1, **values)
        data = {name: getattr(policy, name) for name in fields}
        for name in ("valid_from", "valid_to"):
            data[name] = data[name].isoformat() if data[name] else None
        PolicyVersion.objects.create(policy=policy, version=1, data=data,
                                     note="Khởi tạo danh mục theo đặc tả (mục 6)")


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
