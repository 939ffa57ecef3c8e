"""StreamField blocks shared by the municipality site's page types."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Текст заголовка"), max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Уровень"))

    class Meta:
        icon = "title"
        label = _("Заголовок")
        template = "base/blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
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


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Текст"), features=["bold", "italic", "link", "ol", "ul", "document-link"])
    image = ImageBlock()
    document = DocumentBlock()
