from wagtail.users.apps import WagtailUsersAppConfig


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user and group admin, scoped to the current municipality's people and groups.

    Accounts are shared across the region, so the stock views would list every person of every
    municipality.
    """

    user_viewset = "accounts.wagtail_viewsets.MunicipalityUserViewSet"
    group_viewset = "accounts.wagtail_viewsets.MunicipalityGroupViewSet"

    def ready(self) -> None:
        super().ready()
        from accounts.view_restrictions import privacy_forms_scope

        privacy_forms_scope()
