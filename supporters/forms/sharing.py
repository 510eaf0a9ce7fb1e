"""The sharing page's forms: inviting someone, and what one supporter sees and gets.

The journal is the most private scope: ticking it brings a question back
("share your journal?") rather than saving, in both forms.
"""

from django import forms

from supporters.models import Relationship, Scope, SupporterLink
from supporters.models.links import SCOPE_FIELDS

# What each scope shows a supporter, in the words a person reads when choosing.
SCOPE_HELP = {
    Scope.PLAN: "Your goals, the steps on each ladder, and what you've planned this week.",
    Scope.PRACTICE: "How each step went: how hard it felt before, at its peak and after.",
    Scope.CHECKINS: "A weekly summary of your check-in numbers (averages per week), or each "
    "check-in if you choose that for them. Never your notes.",
    Scope.SAFETY: "Your safety plan, so they know what helps on a hard day.",
    Scope.JOURNAL: "Your journal entries and thought records. Off unless you choose it.",
    Scope.REPORT: "A report to print, for a clinician: your ladders and steps tried, "
    "forecasts against what happened, weekly check-in averages, your monthly measures "
    "and wins. Your safety plan only if you share it too; never your journal or notes.",
}
# The same, told to the person invited.
SCOPE_FOR_SUPPORTER = {
    Scope.PLAN: "Their goals, the steps on each ladder, and what they've planned each week.",
    Scope.PRACTICE: "How each step went for them, and how hard it felt.",
    Scope.CHECKINS: "A weekly summary of their check-ins: averages per week, never their "
    "notes. They can choose to show each check-in instead.",
    Scope.SAFETY: "Their safety plan, so you know what helps on a hard day.",
    Scope.JOURNAL: "Their journal entries and thought records.",
    Scope.REPORT: "A report you can print: their ladders, forecasts against outcomes, "
    "weekly check-in averages, measures and wins.",
}
JOURNAL_FIELD = SCOPE_FIELDS[Scope.JOURNAL]
# The two scopes that show what a person writes at their most exposed: granting either
# asks for the password again (accounts.reauth), so an unlocked phone cannot hand them
# over. Granting the others, or taking any away, does not.
PRIVATE_SCOPES = frozenset({Scope.SAFETY, Scope.JOURNAL})


class ScopeFieldsMixin:
    """One checkbox per scope, plus the journal question asked through a button.

    The confirmation arrives as `journal_confirmed` = "yes" or "no" from the two
    buttons of the question; "no" leaves the journal out and saves the rest.
    """

    journal_was_on = False
    granted_before: frozenset = frozenset()

    def _add_scope_fields(self):
        for scope in Scope:
            self.fields[SCOPE_FIELDS[scope]] = forms.BooleanField(
                label=scope.label, required=False, help_text=SCOPE_HELP[scope]
            )
        self.journal_answer = (self.data.get("journal_confirmed") or "") if self.is_bound else ""
        self.asks_journal = False

    def clean_scope_journal(self) -> bool:
        wanted = self.cleaned_data.get(JOURNAL_FIELD, False)
        if wanted and not self.journal_was_on:
            if self.journal_answer == "no":
                return False
            if self.journal_answer != "yes":
                self.asks_journal = True
        return wanted

    @property
    def journal_confirmed(self) -> bool:
        return self.journal_answer == "yes"

    @property
    def scope_fields(self) -> list:
        """The scope checkboxes, in Scope order (the card's first fieldset)."""
        return [self[SCOPE_FIELDS[scope]] for scope in Scope]

    def chosen_scopes(self) -> list[str]:
        return [scope.value for scope in Scope if self.cleaned_data.get(SCOPE_FIELDS[scope])]

    def grants_private_scope(self) -> bool:
        """Whether saving would newly grant the safety plan or the journal."""
        chosen = {scope for scope in Scope if self.cleaned_data.get(SCOPE_FIELDS[scope])}
        return bool((chosen & PRIVATE_SCOPES) - self.granted_before)

    def scope_values(self) -> dict[str, bool]:
        return {scope.value: bool(self.cleaned_data.get(SCOPE_FIELDS[scope])) for scope in Scope}


class InvitationForm(ScopeFieldsMixin, forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="We send them a link that works once, for 7 days.",
        error_messages={
            "required": "Please give the address to send the invitation to.",
            "invalid": "That doesn't look like an email address. Please check it.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    relationship = forms.ChoiceField(
        label="How you know them",
        choices=[("", "Choose one"), *Relationship.choices],
        error_messages={"required": "Please choose how you know them."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "invite_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self._add_scope_fields()


class SupporterForm(ScopeFieldsMixin, forms.Form):
    """Everything about one supporter, posted whole each time a toggle changes."""

    def __init__(self, *args, link, contacts, **kwargs):
        kwargs.setdefault("auto_id", f"supporter-{link.pk}-%s")
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault(
            "initial",
            {
                **{field: getattr(link, field) for field in SCOPE_FIELDS.values()},
                "checkins_shown": link.checkins_shown,
                "share_readiness": link.share_readiness,
                "digest_enabled": link.digest_enabled,
                "notes_muted": link.notes_muted,
                "contact": next(
                    (str(c.pk) for c in contacts if c.supporter_link_id == link.pk), ""
                ),
            },
        )
        super().__init__(*args, **kwargs)
        self.link = link
        self.journal_was_on = link.scope_journal
        self.granted_before = frozenset(link.granted_scopes)
        self._add_scope_fields()
        name = link.supporter.get_short_name()
        self.fields["share_readiness"] = forms.BooleanField(
            label="Show when a step looks ready to move up",
            required=False,
            help_text="With practice: a step that has gone calmly twice in a row is marked "
            f"\u201clooks ready\u201d for {name}. Off unless you choose it; when to move up "
            "stays your call.",
        )
        self.fields["checkins_shown"] = forms.ChoiceField(
            label=f"How {name} sees your check-ins",
            choices=SupporterLink.CheckinsShown.choices,
            required=False,
            widget=forms.RadioSelect,
            error_messages={
                "invalid_choice": "Please choose one of the two ways of sharing check-ins."
            },
        )
        self.fields["digest_enabled"] = forms.BooleanField(
            label="Weekly summary email",
            required=False,
            help_text="A short email each week with what you share above, nothing more.",
        )
        self.fields["notes_muted"] = forms.BooleanField(
            label="Mute their notes",
            required=False,
            help_text="Their encouragement notes stop showing on your home page.",
        )
        # Choices built from the list the page already loaded: no query per card.
        self._contacts = {str(c.pk): c for c in contacts}
        self.fields["contact"] = forms.ChoiceField(
            label="Which of your trusted contacts they are",
            required=False,
            choices=[("", "None of them"), *((str(c.pk), c.name) for c in contacts)],
            help_text="Then naming that contact as a step's ally shows them the step "
            "and reminds them.",
            error_messages={"invalid_choice": "Please choose one of your trusted contacts."},
        )

    def clean_checkins_shown(self) -> str:
        # A card posted without the choice (an older page, a script) keeps the saved one.
        return self.cleaned_data.get("checkins_shown") or self.link.checkins_shown

    @property
    def message_fields(self) -> list:
        """What the supporter gets from Stepwise (the card's second fieldset)."""
        return [self["digest_enabled"], self["notes_muted"]]

    @property
    def contact(self):
        return self._contacts.get(self.cleaned_data.get("contact") or "")
