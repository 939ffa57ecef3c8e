from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import BOUND_ROLES, MUNICIPAL_ROLES, Role, User

# Bound roles are given with their body or organisation, on those screens.
FREE_ROLES = [r for r in MUNICIPAL_ROLES if r not in BOUND_ROLES]


class StaffInviteForm(forms.Form):
    # As long as the account's column: a longer address answered 500 on the insert.
    email = forms.EmailField(label=_("E-mail"), max_length=User._meta.get_field("email").max_length)
    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Роль"), choices=[(r.value, r.label) for r in FREE_ROLES])


class RoleRevokeForm(forms.Form):
    user_id = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in FREE_ROLES], widget=forms.HiddenInput)

    def clean_role(self) -> Role:
        return Role(self.cleaned_data["role"])
