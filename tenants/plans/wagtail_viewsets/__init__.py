"""The annual plan in the municipality's Wagtail admin.

«Годовой план» in the menu groups: the plans (list, create, the plan screen), the directions
catalogue and the cyclogram. The plan screen has the month × direction grid, the filtered list
of items, the workflow buttons each role may use, the history of transitions, corrections,
"the plan as of a date", reports with their progress, import and exports. Every write goes
through ``tenants.plans.services``; views only parse forms and show errors.

In three modules: ``forms``, ``screens`` (the views) and ``viewsets`` (the menu and URLs).
"""

from tenants.plans.wagtail_viewsets.viewsets import plan_screen_urls, plans_viewset_group

__all__ = ["plan_screen_urls", "plans_viewset_group"]
