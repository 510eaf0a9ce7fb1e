"""One form per kind of safety plan section; `section_form` picks the right one.

Each form's `section_value()` is what `safety_section_save` stores for its section.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from planner.models import TrustedContact, Value
from planner.models.safety import (
    COPING_SUGGESTIONS,
    MAX_CRISIS_LINES,
    MAX_ITEM_LENGTH,
    MAX_ITEMS,
    ReviewEvery,
    Section,
)
from planner.selectors.safety import PlanView


class ReviewEveryForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Ask me to look it over",
        choices=ReviewEvery.choices,
        coerce=int,
        initial=ReviewEvery.MONTH,
        error_messages={
            "required": "Please choose every 30, 60 or 90 days.",
            "invalid_choice": "Please choose every 30, 60 or 90 days.",
        },
    )


class LinesField(forms.CharField):
    """A short ordered list, typed one item per line."""

    widget = forms.Textarea(attrs={"rows": 6})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "One per line, the most helpful first. A few words each is plenty.",
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_ITEM_LENGTH:
                raise ValidationError(
                    "Line %(number)d is %(length)s characters long. Please keep each line "
                    "to %(limit)d or fewer: a few words are plenty.",
                    code="line_too_long",
                    params={"number": number, "length": f"{len(line):,}", "limit": MAX_ITEM_LENGTH},
                )
        check_count(lines)
        return lines


def check_count(lines: list) -> None:
    if len(lines) > MAX_ITEMS:
        raise ValidationError(
            "That's %(count)d lines. A short list is easier to use in a hard moment: "
            "please keep it to %(limit)d.",
            code="too_many_lines",
            params={"count": len(lines), "limit": MAX_ITEMS},
        )


class LinesForm(forms.Form):
    items = LinesField()

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].label = section.label

    def section_value(self):
        return self.cleaned_data["items"]


class CopingForm(LinesForm):
    suggestions = forms.MultipleChoiceField(
        label="Add some ideas that help many people",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(COPING_SUGGESTIONS.items()),
        error_messages={"invalid_choice": "Please pick from the ideas listed."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the ideas not already on the list.
        current = set(self.initial.get("items") or [])
        self.fields["suggestions"].choices = [
            (key, text) for key, text in COPING_SUGGESTIONS.items() if text not in current
        ]
        if not self.fields["suggestions"].choices:
            del self.fields["suggestions"]

    def clean(self):
        cleaned = super().clean()
        if "items" in cleaned:
            items = list(cleaned["items"])
            for key in cleaned.get("suggestions", []):
                if COPING_SUGGESTIONS[key] not in items:
                    items.append(COPING_SUGGESTIONS[key])
            try:
                check_count(items)
            except ValidationError as error:
                self.add_error("items", error)
            cleaned["items"] = items
        return cleaned


ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]


class HelpersForm(forms.Form):
    """Each trusted contact gets a place on the list, or none."""

    def __init__(self, *args, contacts: list[TrustedContact], **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("ids", [])
        places = [("", "Not on this list")] + [
            (str(number), ORDINALS[number - 1] if number <= len(ORDINALS) else str(number))
            for number in range(1, len(contacts) + 1)
        ]
        # The people already on the list come first, in their order; then the rest.
        self.contacts = sorted(
            contacts, key=lambda c: current.index(c.pk) if c.pk in current else len(current)
        )
        for contact in self.contacts:
            label = contact.name + (f" ({contact.relationship})" if contact.relationship else "")
            self.fields[f"place_{contact.pk}"] = forms.ChoiceField(
                label=label,
                choices=places,
                required=False,
                initial=str(current.index(contact.pk) + 1) if contact.pk in current else "",
                error_messages={"invalid_choice": "Please pick a place from the list."},
            )

    def section_value(self) -> list[int]:
        chosen = [
            (int(self.cleaned_data[f"place_{contact.pk}"]), index, contact.pk)
            for index, contact in enumerate(self.contacts)
            if self.cleaned_data.get(f"place_{contact.pk}")
        ]
        # Two people given the same place keep the order they are listed in.
        return [pk for _place, _index, pk in sorted(chosen)]


NUMBER = re.compile(r"^\+?[0-9][0-9 ().-]*$")


def validate_number(value: str) -> None:
    digits = re.sub(r"\D", "", value)
    if not NUMBER.match(value) or not 3 <= len(digits) <= 15:
        raise ValidationError(
            "Please use digits and spaces, with a + in front for a country code, "
            "like 116 123 or +44 20 7946 0123.",
            code="invalid_number",
        )


class CrisisLineForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80, required=False)
    phone = forms.CharField(
        label="Number to call", max_length=30, required=False, validators=[validate_number]
    )
    text = forms.CharField(
        label="Number to text", max_length=30, required=False, validators=[validate_number]
    )
    text_body = forms.CharField(
        label="Word to text them",
        max_length=20,
        required=False,
        help_text="Some text lines start with a word, like SHOUT.",
    )
    note = forms.CharField(
        label="A note", max_length=200, required=False, help_text="For example: free, any time."
    )

    def clean(self):
        cleaned = super().clean()
        filled = any(cleaned.get(name) for name in self.fields)
        if filled and not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", "Please give this line a name, so you know who answers.")
        if filled and not (cleaned.get("phone") or cleaned.get("text")):
            if "phone" not in self.errors and "text" not in self.errors:
                self.add_error("phone", "Please add a number to call or to text.")
        return cleaned

    @property
    def is_blank(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in self.fields)


class _CrisisFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Take this line off my plan"


BaseCrisisFormSet = formset_factory(
    CrisisLineForm,
    formset=_CrisisFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_CRISIS_LINES,
    validate_max=True,
)


class CrisisLinesForm:
    """A formset of lines; "reset" goes back to the lines for the person's country."""

    def __init__(self, data=None, *, lines: list[dict], **kwargs):
        self.resetting = bool(data and data.get("reset"))
        self.formset = BaseCrisisFormSet(data, initial=lines, prefix="lines")

    def is_valid(self) -> bool:
        return self.resetting or self.formset.is_valid()

    def section_value(self) -> list[dict] | None:
        if self.resetting:
            return None
        return [
            {name: form.cleaned_data.get(name, "") for name in CrisisLineForm.base_fields}
            for form in self.formset.forms
            if not form.cleaned_data.get("DELETE") and not form.is_blank
        ]


class MattersForm(forms.Form):
    values = forms.ModelMultipleChoiceField(
        label="Values you chose in your plan",
        queryset=Value.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Please pick from your own values."},
    )
    items = LinesField(
        label="In my own words",
        help_text="People, plans, hopes, small joys. One per line.",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the person's own values can be picked: another person's id is refused.
        self.fields["values"].queryset = Value.objects.filter(owner=owner)
        if not self.fields["values"].queryset.exists():
            del self.fields["values"]

    def section_value(self) -> dict:
        values = self.cleaned_data.get("values") or []
        return {"values": [value.pk for value in values], "items": self.cleaned_data["items"]}


def section_form(
    section: Section,
    *,
    plan_view: PlanView,
    content: dict,
    contacts: list[TrustedContact] | None = None,
    owner=None,
    data=None,
):
    """The form for `section`, filled from the plan's `content` (and bound to `data`)."""
    if section == Section.HELPERS:
        return HelpersForm(data, contacts=contacts or [], initial={"ids": content[section]})
    if section == Section.CRISIS:
        lines = [line.as_dict() for line in plan_view.section(section).crisis_lines]
        return CrisisLinesForm(data, lines=lines)
    if section == Section.MATTERS:
        matters = content[section]
        return MattersForm(
            data, owner=owner, initial={"values": matters["values"], "items": matters["items"]}
        )
    form_class = CopingForm if section == Section.COPING else LinesForm
    return form_class(data, section=section, initial={"items": content[section]})
