from django import forms
from django.utils.translation import gettext_lazy as _

from cms.base.forms import AnnouncedErrorsMixin


class MunicipalityProvisionForm(AnnouncedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Полное наименование"), max_length=255)
    short_name = forms.CharField(label=_("Краткое наименование"), max_length=100)
    slug = forms.CharField(
        label=_("Код (адрес сайта)"),
        max_length=40,
        help_text=_("Латиница, цифры и дефис: например, sosnovy-bor."),
    )
    oktmo = forms.CharField(label=_("ОКТМО"), max_length=11, required=False)
    contact_email = forms.EmailField(label=_("Контактный e-mail службы"))
    domains = forms.CharField(
        label=_("Дополнительные домены"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("По одному в строке, если у службы есть свой адрес, например metod.sbor.ru."),
    )
    head_email = forms.EmailField(label=_("E-mail руководителя службы"), required=False)
    head_last_name = forms.CharField(label=_("Фамилия руководителя"), max_length=150, required=False)
    head_first_name = forms.CharField(label=_("Имя руководителя"), max_length=150, required=False)

    def clean_domains(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["domains"].splitlines() if line.strip()]


class RegionalNewsForm(AnnouncedErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Заголовок"), max_length=255)
    summary = forms.CharField(label=_("Анонс"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label=_("Текст"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    published_on = forms.DateField(label=_("Дата"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_published = forms.BooleanField(label=_("Опубликовано"), required=False, initial=True)
