from django.urls import path

from accounts.views import profile as profile_views

app_name = "accounts"

urlpatterns = [
    path("", profile_views.profile, name="profile"),
    path("discreet/", profile_views.discreet_set, name="discreet"),
]
