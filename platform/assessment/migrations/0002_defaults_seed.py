"""The region's default kinds of assessment procedures, subjects and thresholds (issue 14)."""

from django.db import migrations
from django.utils import translation

from assessment.vocabulary import DEFAULT_PROCEDURE_KINDS, DEFAULT_SUBJECTS


def defaults_seed(apps, schema_editor):
    ProcedureKind = apps.get_model("assessment", "ProcedureKind")
    AssessmentSubject = apps.get_model("assessment", "AssessmentSubject")
    QualityThresholds = apps.get_model("assessment", "QualityThresholds")
    kinds = set(ProcedureKind.objects.values_list("code", flat=True))
    subjects = set(AssessmentSubject.objects.values_list("code", flat=True))
    with translation.override("ru"):
        ProcedureKind.objects.bulk_create(
            ProcedureKind(
                code=kind.code,
                short_name=str(kind.short_name),
                name=str(kind.name),
                result_form=kind.result_form,
                grades=list(kind.grades),
                journal_comparison=kind.journal_comparison,
                objectivity_checked=kind.objectivity_checked,
                is_state_exam=kind.is_state_exam,
                max_score=kind.max_score,
                is_default=True,
                position=(index + 1) * 10,
            )
            for index, kind in enumerate(DEFAULT_PROCEDURE_KINDS)
            if kind.code not in kinds
        )
        AssessmentSubject.objects.bulk_create(
            AssessmentSubject(code=code, name=str(name), is_default=True, position=(index + 1) * 10)
            for index, (code, name) in enumerate(DEFAULT_SUBJECTS)
            if code not in subjects
        )
    QualityThresholds.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(defaults_seed, migrations.RunPython.noop),
    ]
