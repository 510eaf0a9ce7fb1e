from django.urls import path

from accounts.views import activity as activity_views
from accounts.views import profile as profile_views

app_name = "accounts"

urlpatterns = [
    path("", profile_views.profile, name="profile"),
    path("discreet/", profile_views.discreet_set, name="discreet"),
    path("activity/", activity_views.activity, name="activity"),
]
