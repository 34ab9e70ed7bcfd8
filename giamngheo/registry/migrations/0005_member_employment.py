from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0004_search_key_unindexed'),
    ]

    operations = [
        migrations.AddField(
            model_name='member',
            name='employment',
            field=models.CharField(
                blank=True,
                choices=[
                    ('employed_contract', 'Làm công có hợp đồng lao động'),
                    ('wage_no_contract', 'Làm công không có hợp đồng lao động'),
                    ('self_employed', 'Tự làm, tự kinh doanh'),
                    ('unemployed', 'Thất nghiệp'),
                    ('not_in_labour_force', 'Không tham gia lao động'),
                ],
                default='',
                max_length=24,
                verbose_name='việc làm',
            ),
        ),
    ]
