"""The demo materials: realistic, idempotent, with files whose words the search finds."""

from __future__ import annotations

from django_tenants.utils import tenant_context

from tenants.resources.demo import MATERIALS, demo_seed
from tenants.resources.models import Resource, ResourceKind
from tenants.resources.selectors import resource_search


def test_demo_seed_is_idempotent_and_searchable(muni_a):
    with tenant_context(muni_a):
        demo_seed(muni_a)
        demo_seed(muni_a)
        assert Resource.objects.count() == len(MATERIALS) and 20 <= len(MATERIALS) <= 40
        assert set(Resource.objects.values_list("kind", flat=True)) == set(ResourceKind.values)
        with_files = Resource.objects.exclude(file="")
        assert with_files.count() >= 10
        assert set(with_files.values_list("file_kind", flat=True)) == {"docx", "pdf", "odt"}
        assert not with_files.filter(extracted_text="").exists()
        assert Resource.objects.filter(search_vector__isnull=True).count() == 0
        # Words found only inside a file.
        assert [h.resource.title for h in resource_search(query="маятник").hits] == [
            "Урок-исследование по физике: методика проведения"
        ]
        assert resource_search(query="методическое объединение").total >= 3
        assert resource_search(query="грамотность", public_only=True).total >= 2
