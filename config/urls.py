from django.urls import include, path

from accounts.views import unsubscribe as unsubscribe_views
from common import views as common_views

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("profile/", include("accounts.urls")),
    path("", include("accounts.urls_sharing")),
    path("healthz", common_views.healthz, name="healthz"),
    # The one-click link in reminder emails (RFC 8058): no sign-in needed.
    path("unsubscribe/<str:token>/", unsubscribe_views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/undo/", unsubscribe_views.resubscribe, name="unsubscribe_undo"),
    path("", include("planner.urls")),
]
