"""Cap overrides become limits of every shape: the rows are kept (a share away, scoped
by category or OPD, as before) and gain a shape, an office region and a date range."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("circulars", "0002_layers_relations_addresses"),
        ("organizations", "0003_import_progress"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="capoverride", name="cap_override_category_xor_unit"),
        migrations.RemoveConstraint(model_name="capoverride", name="cap_override_0_100"),
        migrations.RenameModel(old_name="CapOverride", new_name="Limit"),
        migrations.RenameField(model_name="limit", old_name="cap_percent", new_name="value"),
        migrations.AlterField(
            model_name="limit",
            name="value",
            field=models.PositiveSmallIntegerField(verbose_name="nilai"),
        ),
        migrations.AlterField(
            model_name="limit",
            name="circular",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="limits",
                to="circulars.circular",
            ),
        ),
        migrations.AddField(
            model_name="limit",
            name="shape",
            field=models.CharField(
                choices=[
                    ("away_share", "Paling banyak % pegawai di luar kantor"),
                    ("away_count", "Paling banyak sekian pegawai di luar kantor"),
                    ("stay_share", "Paling sedikit % pegawai tetap di kantor"),
                    ("stay_count", "Paling sedikit sekian pegawai tetap di kantor"),
                    ("office_max_share", "Paling banyak % pegawai di kantor"),
                    ("office_max_count", "Paling banyak sekian pegawai di kantor"),
                ],
                default="away_share",
                max_length=16,
                verbose_name="bentuk batas",
            ),
        ),
        migrations.AddField(
            model_name="limit",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.region",
                verbose_name="lokasi kantor di wilayah",
            ),
        ),
        migrations.AddField(
            model_name="limit",
            name="start",
            field=models.DateField(blank=True, null=True, verbose_name="mulai"),
        ),
        migrations.AddField(
            model_name="limit",
            name="end",
            field=models.DateField(blank=True, null=True, verbose_name="sampai"),
        ),
        migrations.AlterModelOptions(
            name="limit",
            options={"ordering": ["pk"], "verbose_name": "batas", "verbose_name_plural": "batas"},
        ),
        migrations.AddConstraint(
            model_name="limit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("shape__in", ["away_share", "stay_share", "office_max_share"]), _negated=True
                )
                | models.Q(("value__lte", 100)),
                name="limit_share_0_100",
            ),
        ),
        migrations.AddConstraint(
            model_name="limit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__isnull", True),
                    ("end__isnull", True),
                    ("start__lte", models.F("end")),
                    _connector="OR",
                ),
                name="limit_dates_ordered",
            ),
        ),
    ]
