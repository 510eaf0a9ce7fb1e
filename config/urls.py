from django.urls import include, path
from django.views.generic import RedirectView

from accounts.views import signout
from common import views as common_views

urlpatterns = [
    # allauth's sign-out, plus the header that clears the browser's cache and storage.
    path("accounts/logout/", signout.logout, name="account_logout"),
    # allauth.usersessions' own list is our "Where you're signed in" page.
    path(
        "accounts/sessions/",
        RedirectView.as_view(pattern_name="accounts:sessions"),
        name="usersessions_list",
    ),
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("", include("supporters.urls.sharing")),
    path("", include("supporters.urls.supporting")),
    path("", include("reminders.urls")),
    path("healthz", common_views.healthz, name="healthz"),
    path("", include("planner.urls")),
]
