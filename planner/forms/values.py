from django import forms

from common.blind_index import matching
from planner import catalog
from planner.models import Value
from planner.services.values import OwnValue

IMPORTANCE_CHOICES = [
    (1, "1 · a little"),
    (2, "2 · somewhat"),
    (3, "3 · quite a lot"),
    (4, "4 · a lot"),
    (5, "5 · more than most things"),
]
NOT_NOW = ("", "Not for me right now")


def _importance_field(*, label: str, help_text: str, initial: int | None):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[NOT_NOW, *IMPORTANCE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        initial=initial,
        error_messages={"invalid_choice": "Choose how much this matters, from 1 to 5."},
    )


def _name_taken_message(name: str) -> str:
    return f"You already have a value called “{name}”."


class ValuesForm(forms.Form):
    """Every catalog value and every value of the person's own, with how much each
    matters (or "not for me right now"), plus room to add one of their own."""

    new_name = forms.CharField(
        label="Name",
        max_length=60,
        required=False,
        error_messages={"max_length": "Please keep the name under 60 characters."},
    )
    new_description = forms.CharField(
        label="In a few words, what it means to you (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "Please keep this under 200 characters."},
    )
    new_importance = forms.TypedChoiceField(
        label="How much it matters",
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        initial=3,
        error_messages={"invalid_choice": "Choose how much this matters, from 1 to 5."},
    )

    def __init__(self, *args, values: list[Value], **kwargs):
        super().__init__(*args, **kwargs)
        self.values = {value.pk: value for value in values}
        chosen = {value.catalog_key: value for value in values if value.catalog_key}
        for entry in catalog.VALUES:
            value = chosen.get(entry.key)
            self.fields[f"c_{entry.key}"] = _importance_field(
                label=entry.name,
                help_text=entry.description,
                initial=value.importance if value else None,
            )
        for value in values:
            if not value.catalog_key:
                self.fields[f"v_{value.pk}"] = _importance_field(
                    label=value.name, help_text=value.description, initial=value.importance
                )
        # The three "add your own" fields last, in the order they are read.
        for name in ("new_name", "new_description", "new_importance"):
            self.fields[name] = self.fields.pop(name)

    # --- Groups the template renders under their own headings -------------------------
    def catalog_fields(self):
        return [self[f"c_{entry.key}"] for entry in catalog.VALUES]

    def own_fields(self):
        return [self[name] for name in self.fields if name.startswith("v_")]

    def new_fields(self):
        return [self["new_name"], self["new_description"], self["new_importance"]]

    # --- Validation ----------------------------------------------------------------------
    def _value_for(self, name: str) -> Value | None:
        if name.startswith("v_"):
            return self.values.get(int(name[2:]))
        key = name[2:]
        return next((v for v in self.values.values() if v.catalog_key == key), None)

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if name[:2] not in ("c_", "v_") or name not in cleaned or cleaned[name] is not None:
                continue
            value = self._value_for(name)
            if value is not None and value.goal_count:
                n = value.goal_count
                self.add_error(
                    name,
                    f"{'A goal serves' if n == 1 else f'{n} goals serve'} this value, so it "
                    f"stays for now. Move {'it' if n == 1 else 'them'} to another value first.",
                )
        new_name = cleaned.get("new_name", "").strip()
        if new_name:
            taken = {v.name.lower() for v in self.values.values()}
            entry = next((e for e in catalog.VALUES if e.name.lower() == new_name.lower()), None)
            if new_name.lower() in taken:
                self.add_error("new_name", _name_taken_message(new_name))
            elif entry is not None:
                self.add_error("new_name", f"“{entry.name}” is in the list above: choose it there.")
        elif cleaned.get("new_description"):
            self.add_error("new_name", "Give your value a name, or clear the description.")
        return cleaned

    def catalog_importance(self) -> dict[str, int | None]:
        return {entry.key: self.cleaned_data[f"c_{entry.key}"] for entry in catalog.VALUES}

    def own_importance(self) -> dict[int, int | None]:
        return {int(name[2:]): self.cleaned_data[name] for name in self.fields if name[:2] == "v_"}

    def new_own(self) -> OwnValue | None:
        name = self.cleaned_data["new_name"].strip()
        if not name:
            return None
        return OwnValue(
            name=name,
            description=self.cleaned_data["new_description"].strip(),
            importance=self.cleaned_data["new_importance"],
        )


class ValueForm(forms.ModelForm):
    """Rename or re-rate one value (catalog or own: it is the person's copy either way)."""

    importance = forms.TypedChoiceField(
        label="How much it matters",
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        error_messages={"invalid_choice": "Choose how much this matters, from 1 to 5."},
    )

    class Meta:
        model = Value
        fields = ["name", "description", "importance"]
        labels = {"description": "In a few words, what it means to you (optional)"}
        error_messages = {
            "name": {
                "required": "Give your value a name.",
                "max_length": "Please keep the name under 60 characters.",
            },
            "description": {"max_length": "Please keep this under 200 characters."},
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Value.objects.filter(owner=self.instance.owner).exclude(pk=self.instance.pk)
        if others.filter(matching(Value, "name", name)).exists():
            raise forms.ValidationError(_name_taken_message(name))
        return name

    def validate_constraints(self):
        # clean_name already says it kindly, beside the field.
        pass
