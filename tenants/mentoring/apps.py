from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "tenants.mentoring"
    label = "mentoring"
    verbose_name = _("Наставничество и школа молодого педагога")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from rollups.rebuild import rollup_rebuilder_register
        from tenants.audited_actions import audited_write
        from tenants.mentoring.rollups import mentoring_rollup_rebuild, teacher_write_receive
        from tenants.people.models import Teacher

        rollup_rebuilder_register("mentoring", mentoring_rollup_rebuild)
        audited_write.connect(teacher_write_receive, sender=Teacher, dispatch_uid="mentoring.teacher")
