from allauth.account import forms as allauth_forms
from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils import timezone

from accounts.models import User
from accounts.models.users import EXIT_URL_INVALID, TEXT_SIZE_CHOICES
from accounts.services import profile as profile_services
from accounts.services.sessions import session_remember
from accounts.timezones import timezone_choices


class TimezoneSelect(forms.Select):
    """A select that the browser pre-fills with its own zone (static/js/stepwise.js)."""

    def __init__(self, attrs=None):
        super().__init__({"data-browser-timezone": "", "autocomplete": "off", **(attrs or {})})


def _timezone_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Time zone",
        choices=[("", "Pick the city nearest you")] + timezone_choices(),
        widget=TimezoneSelect,
        help_text="Reminders and your week follow this zone.",
        error_messages={
            "required": "Please pick a time zone so reminders come at the right hour.",
            "invalid_choice": "We don't know that time zone. Please pick your city from the list.",
        },
    )


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up adds to email and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label="What should we call you?",
        max_length=80,
        help_text="A first name or a nickname is plenty.",
        error_messages={
            "required": "Please tell us what to call you. A nickname is fine.",
            "max_length": "Please keep it to %(limit_value)d characters (you have %(show_value)d).",
        },
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    timezone = _timezone_field()

    field_order = ["display_name", "email", "password1", "password2", "timezone"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["display_name", "timezone"])


DISCREET_HELP = (
    "Tabs read “Planner” with a plain icon, the Safety plan link reads “Help now”, and "
    "reminders come from “Reminders” without the name Stepwise or what your step is."
)


def _discreet_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="Discreet mode, for a screen or phone someone else may see",
        required=False,
        help_text=DISCREET_HELP,
    )


class DiscreetForm(forms.Form):
    """The one switch, offered on its own where it helps (the safety plan page)."""

    discreet = _discreet_field()


class ProfileForm(forms.ModelForm):
    timezone = _timezone_field()
    discreet = _discreet_field()
    exit_url = forms.URLField(
        label="Where “Exit this page” takes you",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"], message=EXIT_URL_INVALID)],
        error_messages={"invalid": EXIT_URL_INVALID},
        help_text=(
            "Any ordinary website you would not mind someone seeing, such as weather or "
            "recipes. Leave it empty to use the usual one."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    text_size = forms.TypedChoiceField(
        label="Text size",
        choices=TEXT_SIZE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": "Please choose one of the sizes shown; 100%% is the usual size.",
        },
        help_text="Makes the words bigger on every page. Pages rearrange to fit; nothing is cut off.",
    )
    readable_font = forms.BooleanField(
        label="Use Atkinson Hyperlegible, a font made to tell similar letters apart",
        required=False,
        help_text="Some people find it easier to read, for example with low vision or dyslexia.",
    )

    class Meta:
        model = User
        # What the profile service may save is what the form offers.
        fields = list(profile_services.EDITABLE)
        labels = {"display_name": "What should we call you?"}
        error_messages = {
            "display_name": {
                "required": "Please tell us what to call you. A nickname is fine.",
                "max_length": "Please keep it to %(limit_value)d characters (you have %(show_value)d).",
            },
        }
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}

    def clean_text_size(self) -> int:
        """None picked (a form from before the setting existed) keeps the saved size."""
        size = self.cleaned_data.get("text_size")
        return self.instance.text_size if size is None else size


class LoginForm(allauth_forms.LoginForm):
    """allauth's sign-in, in our words; the page itself links to password reset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email"
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
            self.fields["remember"].help_text = (
                f"Stay signed in on this device for up to {settings.SESSION_REMEMBER_FOR.days} "
                "days. Leave this off on a shared computer."
            )

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        remember = bool(self.cleaned_data.get("remember"))
        session_remember(request.session, remember=remember, now=timezone.now())
        return response
