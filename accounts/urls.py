from django.urls import path

from accounts.views import activity as activity_views
from accounts.views import deletion as deletion_views
from accounts.views import email_undo
from accounts.views import profile as profile_views
from accounts.views import sessions as sessions_views

app_name = "accounts"

urlpatterns = [
    path("", profile_views.profile, name="profile"),
    path("discreet/", profile_views.discreet_set, name="discreet"),
    path("delete/", deletion_views.account_delete_page, name="delete"),
    path("deleted/", deletion_views.account_deleted, name="deleted"),
    path("activity/", activity_views.activity, name="activity"),
    path("email/undo/<str:token>/", email_undo.email_change_undo_view, name="email_undo"),
    path("sessions/", sessions_views.sessions_page, name="sessions"),
    path("sessions/others/end/", sessions_views.sessions_end_others, name="sessions_end_others"),
    path("sessions/<int:pk>/end/", sessions_views.session_end, name="session_end"),
]
