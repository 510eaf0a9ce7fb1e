from django.urls import include, path

from common import views as common_views

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("", include("supporters.urls.sharing")),
    path("", include("supporters.urls.supporting")),
    path("", include("reminders.urls")),
    path("healthz", common_views.healthz, name="healthz"),
    path("", include("planner.urls")),
]
