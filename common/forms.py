from django.forms.renderers import TemplatesSetting


class StepwiseFormRenderer(TemplatesSetting):
    """Render every field with our template: label, help, error, input, in that order.

    Django ties the input to its help and error text with aria-describedby; the
    template gives the error an icon and words, never colour alone.
    """

    field_template_name = "forms/field.html"
