from django.urls import path

from accounts.views import email_undo
from accounts.views import profile as profile_views

app_name = "accounts"

urlpatterns = [
    path("", profile_views.profile, name="profile"),
    path("discreet/", profile_views.discreet_set, name="discreet"),
    path("email/undo/<str:token>/", email_undo.email_change_undo_view, name="email_undo"),
]
