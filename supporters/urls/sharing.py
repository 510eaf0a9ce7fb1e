"""Sharing with supporters: the owner's page, invitations, and a supporter stepping back."""

from django.urls import path

from supporters.views import invitations, sharing

app_name = "sharing"
urlpatterns = [
    path("sharing/", sharing.sharing, name="page"),
    path("sharing/invite/", sharing.invitation_create, name="invite"),
    path(
        "sharing/invitations/<int:pk>/withdraw/",
        sharing.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("sharing/supporters/<int:pk>/", sharing.supporter, name="supporter"),
    path("sharing/supporters/<int:pk>/revoke/", sharing.supporter_revoke, name="revoke"),
    path("sharing/access-log/", sharing.access_log, name="access_log"),
    path("sharing/supporting/<int:pk>/leave/", sharing.supporting_leave, name="leave"),
    path("invitations/<str:token>/", invitations.invitation_accept_view, name="invitation_accept"),
]
