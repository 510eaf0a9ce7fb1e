from datetime import date

from django import forms

from planner import catalog, ladder_templates
from planner.models import Area, Goal, Value

AREA_DESCRIPTIONS = {
    Area.SOCIAL_SKILLS: "Practising conversations, asking for things, saying what you think.",
    Area.TECHNOLOGY: "Messages, calls and online groups as a bridge to people.",
    Area.COMMUNITY: "Volunteering, local places and small groups near you.",
    Area.RELATIONSHIPS: "People already in your life: family, old friends, neighbours.",
}


class AreaSelect(forms.RadioSelect):
    """Radio buttons that say in a line what each area is about."""

    option_template_name = "planner/goals/_area_option.html"

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["description"] = AREA_DESCRIPTIONS.get(value, "")
        return option


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m", attrs={"placeholder": "YYYY-MM"})


class MonthField(forms.DateField):
    """A month, kept as its first day. Browsers without a month picker show a text
    box, so "2026-09" typed by hand works too."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%m/%Y"]
    default_error_messages = {"invalid": "Enter a month like 2026-09."}

    def to_python(self, value):
        day = super().to_python(value)
        if day is None:
            return None
        if not 2000 <= day.year <= 2100:
            raise forms.ValidationError("Choose a month between the years 2000 and 2100.")
        return date(day.year, day.month, 1)


class ValueChoiceField(forms.ChoiceField):
    def valid_value(self, value):
        # Any catalog value is fine, even one chosen in another tab since this page
        # was drawn: the goal then serves the value already chosen.
        kind, _, key = str(value).partition(":")
        return super().valid_value(value) or (kind == "c" and key in catalog.BY_KEY)


class GoalForm(forms.ModelForm):
    """A goal's words. Its value may be one the person chose already or any catalog
    value: picking a new one adds it to their values."""

    value = ValueChoiceField(
        label="Which value does it serve?",
        error_messages={
            "required": "Choose the value this goal serves.",
            "invalid_choice": "Choose one of the values in the list.",
        },
    )
    target_month = MonthField(
        label="A month to aim for (optional)",
        required=False,
        help_text="Only a guide. Goals can take longer, and that's fine.",
    )
    why = forms.CharField(
        label="Why it matters to you (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Private: only you see this. It can help on a hard day.",
        error_messages={"max_length": "Please keep this under 2,000 characters."},
    )

    class Meta:
        model = Goal
        fields = ["title", "area", "why", "target_month"]
        labels = {"title": "Your goal, in a few words", "area": "Which area is it in?"}
        help_texts = {"title": "Small and concrete: “have coffee with my sister once a month”."}
        widgets = {"area": AreaSelect}
        error_messages = {
            "title": {
                "required": "Give your goal a short name.",
                "max_length": "Please keep this under 140 characters (it has %(show_value)d).",
            },
            "area": {
                "required": "Choose the area that fits best; you can change it later.",
                "invalid_choice": "Choose one of the four areas.",
            },
        }

    # Onboarding's "skip anything" promise: a goal needs only its words there.
    # A value left open goes to the first one the person chose (else Connection,
    # which every goal here serves); an area left open follows the goal's words.
    DEFAULT_VALUE, DEFAULT_AREA = "connection", Area.SOCIAL_SKILLS

    def __init__(self, *args, values: list[Value], optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        self.values = {str(value.pk): value for value in values}
        self.first_value = values[0] if values else None
        chosen = {value.catalog_key for value in values}
        more = [(f"c:{e.key}", e.name) for e in catalog.VALUES if e.key not in chosen]
        mine = [(f"v:{value.pk}", value.name) for value in values]
        if optional:
            self.fields["value"].required = self.fields["area"].required = False
            self.fields["value"].label = "Which value does it serve? (optional)"
            self.fields["area"].label = "Which area is it in? (optional)"
            self.fields["value"].help_text = (
                f"Left open, it goes with “{values[0].name}”." if values else ""
            ) + " You can change this later."
            self.fields[
                "area"
            ].help_text = (
                "Left open, we'll go by the words of your goal. You can change this later."
            )
        self.fields["value"].choices = [
            ("", "Not sure yet" if optional else "Choose a value"),
            *([("Your values", mine)] if mine else []),
            ("More values" if mine else "Values", more),
        ]
        if self.instance.pk:
            self.initial.setdefault("value", f"v:{self.instance.value_id}")
        self.fields["area"].choices = Area.choices
        self.order_fields(["title", "value", "area", "why", "target_month"])

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_value(self) -> Value | str:
        if self.optional and not self.cleaned_data["value"]:
            return self.first_value or self.DEFAULT_VALUE
        kind, _, ident = self.cleaned_data["value"].partition(":")
        if kind == "v" and ident in self.values:
            return self.values[ident]
        if kind == "c" and ident in catalog.BY_KEY:
            return ident
        raise forms.ValidationError("Choose one of the values in the list.")

    def clean(self):
        cleaned = super().clean()
        if self.optional and not cleaned.get("area") and cleaned.get("title"):
            fits = ladder_templates.suggestions_for(cleaned["title"], area=None, limit=1)
            cleaned["area"] = fits[0].area if fits else self.DEFAULT_AREA
            self.instance.area = cleaned["area"]
        return cleaned
