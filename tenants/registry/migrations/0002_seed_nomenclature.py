"""Seed the nomenclature of documents: the checklist every municipal service keeps.

It runs in every municipality's schema and in the template, so a municipality provisioned
later gets it by cloning. The list is the union of the regulations' lists:

* 004 §4.10 — the Leningrad oblast model regulation (binding on the region's services):
  4.10.1 regulation of the service, 4.10.2 regulation and composition of the methodological
  council, 4.10.3 annual plan, 4.10.4 tripartite agreement, 4.10.5 "other documents" (those are
  the municipality's own kinds, added in the admin);
* 000 §3.7 and 001 §3.6 — Sosnovy Bor's lists; 003 §5.1 — Kizlyar's list.

Required: what 004 §4.10 lists; the regulations of the council, the associations (ГМО) and
the creative groups, without which those bodies cannot work (000 §3.5, 001 §3.5); and the
analysis of the annual plan, the yearly final report (000 §3.6, 001 §3.4). The rest is optional
and each municipality decides. Existing rows are left as they are (matched by code), so the
migration may run again.
"""

from django.db import migrations

R_004 = "Примерное положение о ММС Ленинградской области"
R_000 = "Положение о ММС Сосновоборского ГО"
R_001 = "Положение о ГМК Сосновоборского ГО (2016)"
R_003 = "Положение о ММС г. Кизляра"

STANDING, ANNUAL, ANNUAL_REPORT = "standing", "annual", "annual_report"

# (code, name, required, renewal, clause)
NOMENCLATURE = [
    (
        "mms-regulation",
        "Положение о муниципальной методической службе",
        True,
        STANDING,
        f"{R_004}, п. 4.10.1; {R_000}, п. 3.7; {R_003}, п. 5.1",
    ),
    (
        "council-regulation",
        "Положение о муниципальном методическом совете",
        True,
        STANDING,
        f"{R_004}, п. 4.10.2; {R_000}, п. 3.5, 3.7; {R_003}, п. 5.1",
    ),
    (
        "council-composition",
        "Состав муниципального методического совета, утверждённый правовым актом ОМСУ",
        True,
        STANDING,
        f"{R_004}, п. 4.10.2; {R_003}, п. 5.1",
    ),
    (
        "association-regulation",
        "Положение о городском методическом объединении (ГМО)",
        True,
        STANDING,
        f"{R_000}, п. 3.5, 3.7; {R_001}, п. 3.5, 3.6; {R_003}, п. 5.1",
    ),
    (
        "creative-group-regulation",
        "Положение о творческой (проблемной, рабочей) группе",
        True,
        STANDING,
        f"{R_000}, п. 3.5, 3.7; {R_001}, п. 3.6; {R_003}, п. 5.1",
    ),
    (
        "annual-plan",
        "Годовой план работы ММС на учебный год",
        True,
        ANNUAL,
        f"{R_004}, п. 4.10.3; {R_000}, п. 3.2, 3.7; {R_001}, п. 3.6; {R_003}, п. 5.1",
    ),
    (
        "annual-plan-analysis",
        "Анализ выполнения годового плана работы ММС",
        True,
        ANNUAL_REPORT,
        f"{R_000}, п. 3.6, 3.7; {R_001}, п. 3.4; {R_003}, п. 5.1",
    ),
    (
        "tripartite-agreement",
        "Трёхстороннее соглашение между ОМСУ, Комитетом общего и профессионального образования "
        "Ленинградской области и ГАОУ ДПО «ЛОИРО»",
        True,
        STANDING,
        f"{R_004}, п. 4.4, 4.10.4; {R_000}, п. 3.7",
    ),
    ("council-plan", "План работы методического совета на учебный год", False, ANNUAL, f"{R_003}, п. 5.1"),
    ("association-plans", "Планы работы ГМО на учебный год", False, ANNUAL, f"{R_003}, п. 5.1"),
    ("association-analysis", "Анализ работы ГМО", False, ANNUAL_REPORT, f"{R_003}, п. 5.1"),
    (
        "school-association-regulation",
        "Примерное положение о школьном методическом объединении (ШМО)",
        False,
        STANDING,
        f"{R_003}, п. 5.1",
    ),
    ("expert-council-regulation", "Положение об экспертном совете", False, STANDING, f"{R_003}, п. 5.1"),
    (
        "gifted-children-council-regulation",
        "Положение о координационном совете по работе с одарёнными детьми",
        False,
        STANDING,
        f"{R_000}, п. 3.7; {R_001}, п. 3.6",
    ),
    (
        "innovation-regulation",
        "Положение об инновационной деятельности",
        False,
        STANDING,
        f"{R_000}, п. 3.7; {R_001}, п. 3.6",
    ),
    ("support-site-regulation", "Положение об опорной площадке", False, STANDING, f"{R_001}, п. 3.6"),
    (
        "experience-regulation",
        "Положение о трансляции педагогического опыта",
        False,
        STANDING,
        f"{R_000}, п. 3.7",
    ),
    (
        "young-teacher-school-regulation",
        "Положение о «Школе молодого педагога»",
        False,
        STANDING,
        f"{R_000}, п. 3.7; {R_001}, п. 3.6",
    ),
    ("professional-development-regulation", "Положение о повышении квалификации", False, STANDING, f"{R_000}, п. 3.7"),
    (
        "conference-regulation",
        "Положение о научно-практической конференции педагогических и руководящих работников",
        False,
        STANDING,
        f"{R_000}, п. 3.7; {R_001}, п. 3.6; {R_003}, п. 5.1",
    ),
    ("master-class-regulation", "Положение о городском мастер-классе", False, STANDING, f"{R_003}, п. 5.1"),
    (
        "methodical-contest-regulation",
        "Положение о конкурсе методических разработок",
        False,
        STANDING,
        f"{R_001}, п. 3.6",
    ),
    (
        "quality-assessment-regulation",
        "Положение о муниципальной системе оценки качества образования (МСОКО)",
        False,
        STANDING,
        f"{R_001}, п. 3.6",
    ),
]


def seed_nomenclature(apps, schema_editor):
    DocumentKind = apps.get_model("registry", "DocumentKind")
    taken_names = set(DocumentKind.objects.values_list("name", flat=True))
    for position, (code, name, required, renewal, clause) in enumerate(NOMENCLATURE, start=1):
        if DocumentKind.objects.filter(code=code).exists() or name in taken_names:
            continue
        DocumentKind.objects.create(
            code=code, name=name, is_required=required, renewal=renewal, clause=clause, order=position * 10
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed_nomenclature, migrations.RunPython.noop)]
