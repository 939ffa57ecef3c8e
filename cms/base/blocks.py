"""StreamField blocks shared by the municipality site's page types (bakerydemo's ``base/blocks.py``).

Every block renders semantic, accessible HTML that works without JavaScript: images cannot be
saved without a text alternative, tables carry a caption and header cells, the accordion is
``<details>``/``<summary>``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Текст заголовка"), max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Уровень"))

    class Meta:
        icon = "title"
        label = _("Заголовок")
        template = "base/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    """An image with a required text alternative (WCAG 2.1 §1.1.1)."""

    image = ImageChooserBlock(label=_("Изображение"))
    alt_text = blocks.CharBlock(
        label=_("Альтернативный текст"), max_length=255, help_text=_("Что изображено — для незрячих посетителей.")
    )
    caption = blocks.CharBlock(label=_("Подпись"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Изображение")
        template = "base/blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Документ"))
    title = blocks.CharBlock(label=_("Название ссылки"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Документ")
        template = "base/blocks/document_block.html"


class TableBlock(blocks.StructBlock):
    """A data table with a caption and a header row, rendered as ``<table>`` with ``<th scope>``.

    Built from plain blocks rather than ``wagtail.contrib.table_block`` so that it needs no
    JavaScript editor and no extra app.
    """

    caption = blocks.CharBlock(label=_("Название таблицы"), max_length=255)
    header = blocks.ListBlock(blocks.CharBlock(label=_("Столбец"), max_length=200), label=_("Заголовки столбцов"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(label=_("Ячейка"), required=False, max_length=1000), label=_("Строка")),
        label=_("Строки"),
    )

    class Meta:
        icon = "table"
        label = _("Таблица")
        template = "base/blocks/table_block.html"


class EmbedMediaBlock(blocks.StructBlock):
    """A video or other embedded media, with a title for screen readers and a plain link."""

    embed = EmbedBlock(label=_("Ссылка на видео или публикацию"))
    title = blocks.CharBlock(label=_("Название"), max_length=255, help_text=_("Для незрячих посетителей."))

    class Meta:
        icon = "media"
        label = _("Видео / встраивание")
        template = "base/blocks/embed_block.html"


class AccordionItemBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Вопрос или заголовок"), max_length=255)
    body = blocks.RichTextBlock(label=_("Текст"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Collapsible sections (``<details>``): open and close with the keyboard, no JavaScript."""

    title = blocks.CharBlock(label=_("Заголовок блока"), required=False, max_length=255)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Разделы"))

    class Meta:
        icon = "list-ul"
        label = _("Аккордеон")
        template = "base/blocks/accordion_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Текст"), features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    document = DocumentBlock()
    table = TableBlock()
    embed = EmbedMediaBlock()
    accordion = AccordionBlock()


class QuickLinkBlock(blocks.StructBlock):
    """A link on the home page: to a page of the site or to an outside address."""

    title = blocks.CharBlock(label=_("Текст ссылки"), max_length=120)
    page = blocks.PageChooserBlock(label=_("Страница сайта"), required=False)
    url = blocks.URLBlock(label=_("Или внешний адрес"), required=False)

    class Meta:
        icon = "link"
        label = _("Быстрая ссылка")
        template = "base/blocks/quick_link_block.html"

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        from django.core.exceptions import ValidationError
        from wagtail.blocks.struct_block import StructBlockValidationError

        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError(_("Укажите либо страницу сайта, либо внешний адрес."))}
            )
        return value
