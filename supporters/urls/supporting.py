"""Supporting someone: the dashboard, read-only pages per shared scope, notes, ally answers."""

from django.urls import path

from supporters.views import supporting as supporting_views
from supporters.views import supporting_actions as supporting_action_views

app_name = "supporting"
urlpatterns = [
    path("supporting/", supporting_views.supporting, name="dashboard"),
    path("supporting/guide/", supporting_views.supporter_guide, name="guide"),
    path("supporting/<int:owner_id>/", supporting_views.supporting_person, name="person"),
    path("supporting/<int:owner_id>/plan/", supporting_views.supporting_plan, name="plan"),
    path(
        "supporting/<int:owner_id>/practice/",
        supporting_views.supporting_practice,
        name="practice",
    ),
    path(
        "supporting/<int:owner_id>/check-ins/",
        supporting_views.supporting_checkins,
        name="checkins",
    ),
    path(
        "supporting/<int:owner_id>/safety-plan/",
        supporting_views.supporting_safety,
        name="safety",
    ),
    path(
        "supporting/<int:owner_id>/journal/",
        supporting_views.supporting_journal,
        name="journal",
    ),
    path(
        "supporting/<int:owner_id>/report/",
        supporting_views.supporting_report,
        name="report",
    ),
    path(
        "supporting/<int:owner_id>/encourage/",
        supporting_action_views.encouragement_send,
        name="encourage",
    ),
    path(
        "supporting/<int:owner_id>/steps/<int:scheduled_id>/answer/",
        supporting_action_views.ally_answer,
        name="ally_answer",
    ),
    path(
        "notes/<int:pk>/put-away/",
        supporting_action_views.encouragement_put_away,
        name="encouragement_put_away",
    ),
]
