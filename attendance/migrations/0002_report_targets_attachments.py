"""Daily reports against work-plan targets and with several attachments.

The data moves before the old columns go: a report's single ``attachment`` becomes its
first ``ReportAttachment`` (its kind read from the file's first bytes), and a
``target_ref`` that names a work target of the employee's own applications becomes a
``ReportTarget``; any other text in it is kept at the end of the report's text.
"""

import attendance.models
import django.db.models.deletion
from django.db import migrations, models


SIGNATURES = ((b"%PDF-", "pdf"), (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpeg"))


def _kind(field) -> tuple[str, int]:
    try:
        with field.open("rb") as handle:
            head = handle.read(8)
        size = field.size
    except (OSError, ValueError):
        return "other", 0
    kind = next((k for sig, k in SIGNATURES if head.startswith(sig)), "other")
    return kind, size


def forward(apps, schema_editor):
    DailyReport = apps.get_model("attendance", "DailyReport")
    ReportAttachment = apps.get_model("attendance", "ReportAttachment")
    ReportTarget = apps.get_model("attendance", "ReportTarget")
    WorkTarget = apps.get_model("standing", "WorkTarget")
    for report in DailyReport.objects.exclude(attachment="").exclude(attachment__isnull=True):
        kind, size = _kind(report.attachment)
        ReportAttachment.objects.create(
            report=report,
            file=report.attachment.name,
            name=report.attachment.name.rsplit("/", 1)[-1][:200],
            kind=kind,
            size=size,
        )
    for report in DailyReport.objects.exclude(target_ref=""):
        ref = report.target_ref.strip()
        target = None
        if ref.isdigit():
            target = WorkTarget.objects.filter(
                pk=int(ref), application__employee_id=report.employee_id
            ).first()
        if target is not None:
            ReportTarget.objects.get_or_create(report=report, target=target)
        else:
            report.text = f"{report.text}\n[Sasaran kerja: {ref}]"
            report.save(update_fields=["text"])


def backward(apps, schema_editor):
    DailyReport = apps.get_model("attendance", "DailyReport")
    for report in DailyReport.objects.all():
        first = report.attachments.order_by("pk").first()
        link = report.target_links.order_by("pk").first()
        report.attachment = first.file.name if first else ""
        report.target_ref = str(link.target_id) if link else ""
        report.save(update_fields=["attachment", "target_ref"])


class Migration(migrations.Migration):

    dependencies = [
        ('attendance', '0001_duties_points_checkins_reports'),
        ('standing', '0001_standing_policy_arrangements_recalls'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='target_links', to='attendance.dailyreport')),
                ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_links', to='standing.worktarget', verbose_name='target rencana kerja')),
            ],
            options={
                'verbose_name': 'target laporan kerja',
                'verbose_name_plural': 'target laporan kerja',
            },
        ),
        migrations.AddField(
            model_name='dailyreport',
            name='targets',
            field=models.ManyToManyField(blank=True, related_name='+', through='attendance.ReportTarget', to='standing.worktarget', verbose_name='target rencana kerja'),
        ),
        migrations.CreateModel(
            name='ReportAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=attendance.models.attachment_path, verbose_name='berkas')),
                ('name', models.CharField(max_length=200, verbose_name='nama berkas')),
                ('kind', models.CharField(choices=[('pdf', 'PDF'), ('png', 'PNG'), ('jpeg', 'JPEG'), ('other', 'Lain (lampiran lama)')], max_length=8, verbose_name='jenis')),
                ('size', models.PositiveIntegerField(verbose_name='ukuran (bita)')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='diunggah')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='attendance.dailyreport')),
            ],
            options={
                'verbose_name': 'lampiran laporan kerja',
                'verbose_name_plural': 'lampiran laporan kerja',
                'ordering': ['pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('size__lte', 5242880)), name='attachment_at_most_5mb')],
            },
        ),
        migrations.AddConstraint(
            model_name='reporttarget',
            constraint=models.UniqueConstraint(fields=('report', 'target'), name='report_target_once'),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(
            model_name='dailyreport',
            name='attachment',
        ),
        migrations.RemoveField(
            model_name='dailyreport',
            name='target_ref',
        ),
    ]
