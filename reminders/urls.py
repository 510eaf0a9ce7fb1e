from django.urls import path

from reminders.views import calendar as calendar_views
from reminders.views import not_this_time as not_this_time_views
from reminders.views import onboarding as onboarding_views
from reminders.views import phone as phone_views
from reminders.views import preferences as reminders_views
from reminders.views import sms_webhook as sms_webhook_views
from reminders.views import unsubscribe as unsubscribe_views

app_name = "reminders"
urlpatterns = [
    # Reminders: preferences, pause, the calendar feed, and confirming a phone
    path("profile/reminders/", reminders_views.reminders, name="page"),
    path("profile/reminders/pause/", reminders_views.reminders_pause, name="pause"),
    path("profile/reminders/resume/", reminders_views.reminders_resume, name="resume"),
    path(
        "profile/reminders/calendar/", reminders_views.calendar_feed_make, name="calendar_feed_make"
    ),
    path(
        "profile/reminders/calendar/options/",
        reminders_views.calendar_feed_options,
        name="calendar_feed_options",
    ),
    path(
        "profile/reminders/calendar/stop/",
        reminders_views.calendar_feed_stop,
        name="calendar_feed_stop",
    ),
    path(
        "profile/reminders/unsubscribe-links/",
        reminders_views.unsubscribe_links_revoke,
        name="unsubscribe_links_revoke",
    ),
    path("profile/reminders/phone/", phone_views.phone, name="phone"),
    # Onboarding's last screen ("You're set"), here because it offers reminders.
    path("welcome/done/", onboarding_views.onboarding_done, name="onboarding_done"),
    path("profile/reminders/phone/confirm/", phone_views.phone_confirm, name="phone_confirm"),
    path("profile/reminders/phone/forget/", phone_views.phone_forget, name="phone_forget"),
    # The private calendar feed (made on the reminders page)
    path("calendar/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    # Texts people send back (Twilio's webhook, signed): STOP, START, HELP, SKIP
    path("sms/inbound/twilio/", sms_webhook_views.twilio_inbound, name="sms_inbound_twilio"),
    # The one-click link in reminder emails (RFC 8058): no sign-in needed.
    path("unsubscribe/<str:token>/", unsubscribe_views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", unsubscribe_views.resubscribe, name="unsubscribe_undo"),
    # "Not this time" from the link in a step reminder: no sign-in needed.
    path("not-now/<str:token>/", not_this_time_views.not_this_time, name="not_this_time"),
]
