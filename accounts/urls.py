from django.urls import path

from accounts.views import phone as phone_views
from accounts.views import profile as profile_views
from accounts.views import reminders as reminders_views

app_name = "accounts"
urlpatterns = [
    path("", profile_views.profile, name="profile"),
    # Reminders: preferences, pause, the calendar feed, and confirming a phone
    path("reminders/", reminders_views.reminders, name="reminders"),
    path("reminders/pause/", reminders_views.reminders_pause, name="reminders_pause"),
    path("reminders/resume/", reminders_views.reminders_resume, name="reminders_resume"),
    path("reminders/calendar/", reminders_views.calendar_feed_make, name="calendar_feed_make"),
    path(
        "reminders/calendar/options/",
        reminders_views.calendar_feed_options,
        name="calendar_feed_options",
    ),
    path("reminders/calendar/stop/", reminders_views.calendar_feed_stop, name="calendar_feed_stop"),
    path("reminders/phone/", phone_views.phone, name="phone"),
    path("reminders/phone/confirm/", phone_views.phone_confirm, name="phone_confirm"),
    path("reminders/phone/forget/", phone_views.phone_forget, name="phone_forget"),
]
