"""The nightly recount: flags follow a threshold the institute changed, in each municipality's own schema."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from assessment.services import thresholds_update
from audit.models import AuditEntry
from rollups.models import QualityRollup
from tenants.quality.models import Flag
from tenants.quality.services.results import results_changed
from tenants.quality.tasks import quality_recount_task
from tests.tenants.organisations.factories import OrganisationFactory
from tests.tenants.quality.factories import YEAR, marks, procedure


def test_a_new_threshold_reaches_the_flags_at_the_recount(muni_a, make_user):
    from accounts.models import Role

    with tenant_context(muni_a):
        school = OrganisationFactory()
        marks(school, procedure("vpr", grades=(5,)), 5, "math", 4, 10, 5, 1)  # 20 % «2»
        results_changed(academic_years=[YEAR])
        assert not Flag.objects.exists()
    institute = make_user(Role.INSTITUTE, None)
    thresholds_update(acting_user=institute, low_share_2=Decimal("20.0"))
    entry = AuditEntry.objects.get(action="quality_thresholds.update")
    assert entry.data == {"low_share_2": ["25.0", "20.0"]}
    with tenant_context(muni_a):
        assert not Flag.objects.exists()  # nothing moves until the recount
        assert quality_recount_task(municipality_id=muni_a.pk) == muni_a.schema_name
        assert Flag.objects.get().reason == "low_share_2"
    assert QualityRollup.objects.get(municipality=muni_a).organisations_flagged_low == 1


def test_the_recount_refuses_another_municipalitys_schema(muni_a, muni_b):
    with tenant_context(muni_b), pytest.raises(RuntimeError, match="refusing"):
        quality_recount_task(municipality_id=muni_a.pk)


def test_thresholds_are_validated(make_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        thresholds_update(acting_user=None, raised_share=Decimal("101"))
    with pytest.raises(ValueError, match="not thresholds"):
        thresholds_update(acting_user=None, colour="red")
