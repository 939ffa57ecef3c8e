"""The world the URL × role matrix walks: municipalities A and B of the test conftest, a person in
every role, and real objects of A of every kind a URL can name.

A's content is what ``manage.py demo_region`` gives a demo municipality (every app's own
``demo_seed``: organisations, people, bodies, the register, banks, plans, events, development,
mentoring, consultations, the quality of education, the site), plus what the demo never makes
(an image, a collection, a redirect, a form page, a locked page, a workflow task, audit rows).
Built once per matrix run inside a transaction that is rolled back afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db import connection
from django_tenants.utils import tenant_context

from accounts.models import BOUND_ROLES, Role, User
from accounts.selectors import user_roles
from accounts.services import role_grant
from tenants.municipalities.models import Municipality
from tests.factories import UserFactory

# (role key, Role, "a"/"b"/None for the region). The order is the order of the report's columns.
ROLES: tuple[tuple[str, str | None, str | None], ...] = (
    ("anonymous", None, None),
    ("teacher_a", Role.TEACHER, "a"),
    ("methodologist_a", Role.METHODOLOGIST, "a"),
    ("head_a", Role.HEAD, "a"),
    ("chair_a", Role.CHAIR, "a"),
    # The bound roles (issue 15 §1): the demo seeders bind them to A's first ГМО and first school.
    ("leader_a", Role.ASSOCIATION_LEADER, "a"),
    ("coordinator_a", Role.SCHOOL_COORDINATOR, "a"),
    ("teacher_b", Role.TEACHER, "b"),
    ("methodologist_b", Role.METHODOLOGIST, "b"),
    ("head_b", Role.HEAD, "b"),
    ("chair_b", Role.CHAIR, "b"),
    ("institute", Role.INSTITUTE, None),
    ("committee", Role.COMMITTEE, None),
    ("operator", Role.OPERATOR, None),
)
ROLE_KEYS = tuple(key for key, _role, _where in ROLES)

# The demo seeders find their people by these addresses (``head@<slug>.example`` and the region's).
_LOCAL_PART = {
    Role.TEACHER: "teacher",
    Role.METHODOLOGIST: "metodist",
    Role.HEAD: "head",
    Role.CHAIR: "chair",
    Role.ASSOCIATION_LEADER: "gmo",  # bound by tenants.bodies.demo
    Role.SCHOOL_COORDINATOR: "zavuch",  # bound by tenants.organisations.demo
}
_REGION_ADDRESS = {
    Role.INSTITUTE: "loiro@lenobl.example",
    Role.COMMITTEE: "komitet@lenobl.example",
    Role.OPERATOR: "operator@lenobl.example",
}


@dataclass
class World:
    a: Municipality
    b: Municipality
    people: dict[str, User | None] = field(default_factory=dict)
    # Objects of A the URLs name, by model name or by a name of their own ("page", "document").
    extras: dict[str, Any] = field(default_factory=dict)


def _person(role: str, municipality: Municipality | None) -> User:
    email = f"{_LOCAL_PART[role]}@{municipality.slug}.example" if municipality else _REGION_ADDRESS[role]
    user = UserFactory(email=email, last_name=role.capitalize(), first_name="Мир", totp=role == Role.OPERATOR)
    if role not in BOUND_ROLES:  # a bound role comes with its object, from the demo seeders
        role_grant(user=user, role=role, municipality=municipality, acting_user=None)
    return User.objects.get(pk=user.pk)


def world_build(a: Municipality, b: Municipality) -> World:
    from tenants.municipalities.demo_region import (
        REGION_DEMO_SEEDERS_AFTER,
        REGION_DEMO_SEEDERS_BEFORE,
        _content_seed,
        _demo_pages,
        _region_seed,
    )

    world = World(a=a, b=b)
    places = {"a": a, "b": b, None: None}
    for key, role, where in ROLES:
        world.people[key] = None if role is None else _person(role, places[where])
    _region_seed(REGION_DEMO_SEEDERS_BEFORE)
    _demo_pages(a)
    _content_seed(a)
    _region_seed(REGION_DEMO_SEEDERS_AFTER)
    for key, role, _where in ROLES:
        if role in BOUND_ROLES:
            person = User.objects.get(pk=world.people[key].pk)  # type: ignore[union-attr]
            assert user_roles(person).has(role, a.schema_name), f"the demo did not bind {key}"
            world.people[key] = person
    with tenant_context(a):
        _extras(world)
    connection.set_schema_to_public()
    _region_extras(world)
    return world


def _region_extras(world: World) -> None:
    """An agreement of A waiting for signatures and a comment of the institute on A's plan: the
    region's demo makes them only for the demo municipalities."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.demo import _fields
    from agreements.services import agreement_create, agreement_scan_attach, agreement_send
    from api.scopes import Scope
    from api.services import api_key_issue
    from institute.models import RegionalDiagnostic
    from institute.services import plan_comment_create
    from region.models import RegionalNews

    institute = world.people["institute"]
    RegionalNews.objects.create(title="Новость региона", summary="Анонс", published_on=datetime.date(2026, 1, 9))
    start = datetime.date(2025, 9, 1)
    agreement = agreement_create(acting_user=institute, **_fields(world.a, "ТС-матрица", start))
    agreement = agreement_send(agreement=agreement, acting_user=institute)
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    world.extras["agreement"] = agreement_scan_attach(agreement=agreement, file=scan, acting_user=institute)
    world.extras["comment"] = plan_comment_create(
        municipality=world.a,
        academic_year=int(world.extras["AnnualPlan"].academic_year),
        text="Комментарий ЛОИРО к плану",
        acting_user=institute,
    )
    from rollups.models import MunicipalityYearRollup
    from tenants.academic_years import AcademicYear
    from tenants.plans.models import ReportSubmission

    MunicipalityYearRollup.objects.update_or_create(
        municipality=world.a,
        academic_year=AcademicYear.current().label,
        defaults={
            "annual_report_status": ReportSubmission.ACCEPTED,
            "annual_report_id": world.extras["accepted_analysis"].pk,
        },
    )
    # A regional diagnostic to delete and an API key to revoke.
    RegionalDiagnostic.objects.create(
        title="Диагностика матрицы", academic_year="2025/2026", held_on=datetime.date(2026, 3, 1), loaded_by=institute
    )
    operator = world.people["operator"]
    assert operator is not None
    api_key_issue(acting_user=operator, name="Система матрицы", owner=operator, scopes=[Scope.EVENTS_READ])


def _body_year_with_plan() -> Any:
    from django.core.files.base import ContentFile

    from tenants.bodies.models import BodyYear

    year = BodyYear.objects.order_by("pk").first()
    assert year is not None
    year.plan_file.save("matrix-plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    return year


def _with_related(model: Any, related: str, **filters: object) -> Any:
    """The first object of ``model`` that has at least one ``related`` (a plan with items...)."""
    found = model.objects.filter(**{f"{related}__isnull": False}, **filters).order_by("pk").first()
    if found is None:
        raise LookupError(f"the demo made no {model.__name__} with {related}")
    return found


def _docx() -> bytes:
    from docx import Document

    buffer = BytesIO()
    document = Document()
    document.add_paragraph("Анализ выполнения плана")
    document.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), (12, 34, 56)).save(buffer, "PNG")
    return buffer.getvalue()


def _course_extras(extras: dict[str, Any]) -> None:
    """The course demo's offers and applications the URLs name (issue 15 §3)."""
    from tenants.courses.models import ApplicationStatus, CourseApplication
    from tenants.development.models import CourseOffer
    from tenants.organisations.models import SchoolCoordinator

    coordinated = SchoolCoordinator.objects.values("organisation_id")
    offers = CourseOffer.objects.filter(quota__isnull=False)
    # The teacher's own application on a list, and an offer they have not applied to, still open.
    mine = CourseApplication.objects.filter(teacher=extras["Teacher"], status=ApplicationStatus.LISTED)
    extras["CourseApplication"] = mine.get()
    extras["open_offer"] = offers.exclude(applications__teacher=extras["Teacher"]).order_by("start_date").first()
    extras["quota_offer"] = extras["CourseApplication"].offer
    # One the service decides: confirmed, of a school without a coordinator.
    extras["decidable_application"] = (
        CourseApplication.objects.filter(status=ApplicationStatus.CONFIRMED)
        .exclude(teacher__organisation_id__in=coordinated)
        .order_by("pk")
        .first()
    )
    assert all(extras[key] for key in ("open_offer", "decidable_application")), "the courses demo makes them"


def _needs_extras(teacher: Any) -> dict[str, Any]:
    """The demo teacher's questionnaire waiting for an answer, and a draft to delete from."""
    from tenants.needs.models import Question, Questionnaire, QuestionnaireStatus, Recipient

    draft = Questionnaire.objects.filter(status=QuestionnaireStatus.DRAFT, responses__isnull=True).first()
    return {
        "Recipient": Recipient.objects.filter(teacher=teacher, answered=False).order_by("pk").first(),
        "draft_questionnaire": draft,
        "draft_question": Question.objects.filter(questionnaire=draft).order_by("pk").first(),
    }


def _extras(world: World) -> None:
    """Pick the objects the URLs name, and make what no demo seeder makes."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from django.utils import timezone
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site, UploadedFile, Workflow

    from cms.home.models import StandardPage
    from tenants.bodies.models import BodyYear
    from tenants.consultations.models import Consultation
    from tenants.development.models import CourseRecord, RouteStep
    from tenants.events.models import CalendarFeedToken, Event, Registration
    from tenants.organisations.models import Organisation
    from tenants.people.models import Teacher
    from tenants.plans.models import AnnualPlan, PlanCorrection, PlanItem, PlanReport
    from tenants.practices.models import PracticeMaterial
    from tenants.quality.models import LessonObservation, SupportMeasure, SupportProgramme, Visit
    from tenants.registry.models import DocumentVersion
    from tenants.resources.models import Resource
    from unified_calendar.models import RegionalEvent

    extras = world.extras
    a = world.a
    methodologist = world.people["methodologist_a"]
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    page = StandardPage.objects.child_of(home).live().order_by("path").first()
    assert page is not None
    private = home.add_child(instance=StandardPage(title="Внутренняя страница", slug="matrix-private"))
    private.save_revision().publish()
    extras.update(site=site, home=home, page=page, revision=page.latest_revision, private_page=private)
    extras["page_restriction"] = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="matrix-password"
    )
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    assert workflow is not None, "Wagtail's default moderation workflow"
    extras.update(workflow=workflow, task=workflow.tasks.order_by("pk").first())
    workflow_state = workflow.start(private, methodologist)  # the private page: the walked one stays editable
    extras.update(workflow_state=workflow_state, task_state=workflow_state.current_task_state)

    collection = Collection.get_first_root_node().add_child(name="Матрица")
    extras["collection"] = collection
    extras["collection_restriction"] = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password="matrix-password"
    )
    document = get_document_model().objects.create(
        title="Документ матрицы", file=ContentFile(b"%PDF-1.4 matrix", name="matrix.pdf")
    )
    image = get_image_model().objects.create(
        title="Картинка матрицы", file=ImageFile(BytesIO(_png()), name="matrix.png")
    )
    extras.update(document=document, image=image, media_path=f"{a.schema_name}/{image.file.name}")
    extras["uploaded_document"] = UploadedFile.objects.create(
        file=ContentFile(b"%PDF-1.4 upload", name="upload.pdf"),
        for_content_type=ContentType.objects.get_for_model(get_document_model()),
        uploaded_by_user=methodologist,
    )
    extras["redirect"] = Redirect.objects.create(old_path="/matrix-old", redirect_link="/", site=site)
    extras["editing_session"] = EditingSession.objects.create(
        user=methodologist,
        content_type=ContentType.objects.get_for_model(page.specific_class),
        object_id=str(page.pk),
        last_seen_at=timezone.now(),
    )

    plan = _with_related(AnnualPlan, "items")
    extras.update(AnnualPlan=plan, PlanItem=PlanItem.objects.filter(plan=plan).order_by("pk").first())
    extras["PlanCorrection"] = PlanCorrection.objects.filter(plan=plan).first() or PlanCorrection.objects.create(
        plan=plan, kind="month", period_start=timezone.localdate().replace(day=1), reason="Матрица"
    )
    report = PlanReport.objects.filter(plan=plan).exclude(docx_file="").first()
    if report is None:
        report = PlanReport.objects.create(
            plan=plan, kind="year", period_start=timezone.localdate(), period_end=timezone.localdate()
        )
        report.docx_file.save("matrix-report.docx", ContentFile(_docx()), save=True)
    extras["PlanReport"] = report
    from tenants.academic_years import AcademicYear
    from tenants.plans.models import PlanStatus
    from tenants.plans.services import plan_create

    extras["draft_plan"] = AnnualPlan.objects.filter(status=PlanStatus.DRAFT).first() or plan_create(
        academic_year=AcademicYear(2029), acting_user=None, skip_permission_checks=True
    )
    programme = _with_related(SupportProgramme, "measures")
    extras.update(SupportProgramme=programme, SupportMeasure=SupportMeasure.objects.filter(programme=programme).first())
    visit = _with_related(Visit, "observations")
    extras.update(Visit=visit, LessonObservation=LessonObservation.objects.filter(visit=visit).first())
    event = _with_related(Event, "registrations")
    extras.update(Event=event, registration=Registration.objects.filter(event=event).order_by("pk").first())
    extras["Organisation"] = Organisation.objects.order_by("pk").first()
    teacher_account = world.people["teacher_a"]
    extras["Teacher"] = Teacher.objects.filter(user=teacher_account).first() or Teacher.objects.order_by("pk").first()
    extras["feed_token"] = CalendarFeedToken.objects.create(user=teacher_account)
    extras["Consultation"] = (
        Consultation.objects.filter(requester_user=teacher_account).order_by("pk").first()
        or Consultation.objects.order_by("pk").first()
    )
    extras["RouteStep"] = RouteStep.objects.filter(route__teacher=extras["Teacher"]).order_by("pk").first()
    extras["CourseRecord"] = (
        CourseRecord.objects.filter(teacher=extras["Teacher"]).exclude(file="").order_by("pk").first()
        or CourseRecord.objects.exclude(file="").order_by("pk").first()
    )
    extras["Resource"] = Resource.objects.exclude(file="").order_by("pk").first()
    extras["PracticeMaterial"] = PracticeMaterial.objects.exclude(file="").order_by("pk").first()
    extras["DocumentVersion"] = DocumentVersion.objects.exclude(file="").order_by("pk").first()
    extras["body_year_with_plan"] = BodyYear.objects.exclude(plan_file="").order_by("pk").first()
    extras["body_year_with_plan"] = extras["body_year_with_plan"] or _body_year_with_plan()
    extras["RegionalEvent"] = RegionalEvent.objects.order_by("pk").first()
    _course_extras(extras)
    from tenants.olympiads.models import AWARDED, Round

    # A round with winners: its certificates are a PDF, not the 404 of a round without any.
    from tenants.partners.models import PartnerAgreement
    from tenants.plans.models import ReportSubmission

    # The year's analysis, accepted by the chair: the institute's PDF of it (_region_extras).
    analysis = PlanReport.objects.create(
        plan=plan,
        kind="year",
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        submission=ReportSubmission.ACCEPTED,
    )
    analysis.pdf_file.save("matrix-analysis.pdf", ContentFile(b"%PDF-1.4 analysis"), save=True)
    extras["accepted_analysis"] = analysis
    partner_agreement = PartnerAgreement.objects.exclude(scan="").order_by("pk").first()
    if partner_agreement is None:
        partner_agreement = PartnerAgreement.objects.order_by("pk").first()
        assert partner_agreement is not None, "the partners' demo makes agreements"
        partner_agreement.scan_format = "pdf"
        partner_agreement.scan.save("matrix-scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    extras["PartnerAgreement"] = partner_agreement
    from tenants.internships.models import Enrolment, EnrolmentStatus, Internship

    # An internship taking applications, and the teacher's own application to withdraw.
    internship = Internship.objects.filter(finished_on__isnull=True).order_by("pk").first()
    extras["Internship"] = internship
    extras["Enrolment"] = Enrolment.objects.filter(teacher=extras["Teacher"]).order_by("pk").first() or (
        Enrolment.objects.create(
            internship=internship, teacher=extras["Teacher"], status=EnrolmentStatus.APPLIED, applied_by_teacher=True
        )
        if internship is not None
        else None
    )
    rounds = Round.objects.order_by("pk")
    extras["Round"] = rounds.filter(participants__status__in=AWARDED).first() or rounds.first()
    # The leader's own body, year with a plan file, and a review waiting (tenants.leadership.demo).
    from tenants.bodies.models import AssociationLeader
    from tenants.leadership.models import BodyYearReview, ReviewStatus

    led = AssociationLeader.objects.order_by("pk").first()
    extras["led_body"] = led.body if led is not None else None
    led_year = BodyYear.objects.filter(body=extras["led_body"]).order_by("-academic_year").first()
    if led_year is not None and not led_year.plan_file:
        led_year.plan_file.save("matrix-led-plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    extras["led_body_year"] = led_year
    extras["BodyYearReview"] = BodyYearReview.objects.filter(status=ReviewStatus.SUBMITTED).order_by("pk").first()
    # The coordinator's ШМО with this year's plan file (tenants.leadership.demo).
    from tenants.bodies.models import Body, BodyKind
    from tenants.organisations.models import SchoolCoordinator

    coordinator = SchoolCoordinator.objects.order_by("pk").first()
    extras["coordinated_shmo"] = (
        Body.objects.filter(kind=BodyKind.SCHOOL_ASSOCIATION, organisation=coordinator.organisation)
        .order_by("pk")
        .first()
        if coordinator is not None
        else None
    )
    shmo_year = BodyYear.objects.filter(body=extras["coordinated_shmo"]).order_by("-academic_year").first()
    if shmo_year is not None and not shmo_year.plan_file:
        shmo_year.plan_file.save("matrix-shmo-plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    extras["coordinated_shmo_year"] = shmo_year
    extras.update(_needs_extras(extras["Teacher"]))
    from tenants.contests.models import ApplicationDocument, Contest, ContestStage, Score

    # The published contest (its protocol and diplomas), the open one (applications, jurors' sheets),
    # the teacher's own application with its document, a participant the methodologist has scored.
    extras["Contest"] = Contest.objects.filter(results_published_at__isnull=False).order_by("pk").first()
    extras["open_contest"] = Contest.objects.filter(results_published_at__isnull=True).order_by("pk").first()
    extras["contest_stage"] = ContestStage.objects.order_by("pk").first()
    extras["ApplicationDocument"] = (
        ApplicationDocument.objects.filter(application__teacher=extras["Teacher"]).order_by("pk").first()
    )
    extras["own_application"] = extras["ApplicationDocument"] and extras["ApplicationDocument"].application
    scored = Score.objects.filter(
        juror__methodologist__user=world.people["methodologist_a"], application__contest=extras["open_contest"]
    ).first()
    extras["scored_application"] = scored and scored.application
    missing = sorted(name for name, value in extras.items() if value is None)
    assert not missing, f"the world lacks {missing}"
