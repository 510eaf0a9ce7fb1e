from django.urls import path

from planner.views import checkins as checkins_views
from planner.views import (
    contacts,
    goals,
    grounding,
    home,
    offline,
    onboarding,
    safety,
    steps,
    values,
)
from planner.views import export as export_views
from planner.views import journal as journal_views
from planner.views import learn as learn_views
from planner.views import measures as measures_views
from planner.views import practice as practice_views
from planner.views import problems as problems_views
from planner.views import progress as progress_views
from planner.views import report as report_views
from planner.views import week as week_views
from planner.views import welcome_back as welcome_back_views
from planner.views import wins as wins_views

app_name = "planner"
urlpatterns = [
    path("", home.home, name="home"),
    # Safety plan, contacts, grounding
    path("safety-plan/", safety.safety_plan, name="safety_plan"),
    path("safety-plan/reviewed/", safety.safety_plan_reviewed, name="safety_reviewed"),
    path("safety-plan/review-every/", safety.safety_review_every, name="safety_review_every"),
    path("safety-plan/history/", safety.safety_history, name="safety_history"),
    path("safety-plan/history/<int:pk>/", safety.safety_version, name="safety_version"),
    path(
        "safety-plan/history/<int:pk>/restore/",
        safety.safety_version_restore_view,
        name="safety_version_restore",
    ),
    path("safety-plan/private-link/", safety.safety_link, name="safety_link"),
    path(
        "safety-plan/private-link/revoke/",
        safety.safety_link_revoke_view,
        name="safety_link_revoke",
    ),
    path("safety-plan/wallet-card/", safety.safety_wallet_card, name="safety_wallet_card"),
    path("safety-plan/shared/<str:token>/", safety.safety_shared, name="safety_shared"),
    path("safety-plan/<slug:section>/", safety.safety_section, name="safety_section"),
    path(
        "safety-plan/<slug:section>/edit/", safety.safety_section_edit, name="safety_section_edit"
    ),
    path("contacts/", contacts.contacts, name="contacts"),
    path("contacts/new/", contacts.contact_new, name="contact_new"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/remove/", contacts.contact_remove, name="contact_remove"),
    path("contacts/<int:pk>/ask/", contacts.contact_ask, name="contact_ask"),
    path("contacts/<int:pk>/agreed/", contacts.contact_agreed, name="contact_agreed"),
    path("grounding/", grounding.grounding, name="grounding"),
    # The offline copy: served from the root so the worker's scope covers both pages.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("manifest-plain.webmanifest", offline.manifest_plain, name="manifest_plain"),
    path("exit-this-page/", grounding.exit_help, name="exit_help"),
    path("about/", grounding.about, name="about"),
    # Values, goals, ladders and first-run onboarding
    path("values/", values.values, name="values"),
    path("values/<int:pk>/edit/", values.value_edit, name="value_edit"),
    path("goals/", goals.goals, name="goals"),
    path("goals/new/", goals.goal_create_view, name="goal_create"),
    path("goals/<int:pk>/", goals.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/status/", goals.goal_status, name="goal_status"),
    path("goals/<int:pk>/ladder/suggested/", steps.ladder_suggest, name="ladder_suggest"),
    path("goals/<int:pk>/ladder/order/", steps.ladder_reorder_view, name="ladder_reorder"),
    path("goals/<int:pk>/steps/new/", steps.step_create, name="step_create"),
    path("steps/<int:pk>/edit/", steps.step_edit, name="step_edit"),
    path("steps/<int:pk>/move/", steps.step_move_view, name="step_move"),
    path("steps/<int:pk>/remove/", steps.step_remove_view, name="step_remove"),
    path("welcome/", onboarding.onboarding, name="onboarding"),
    path("welcome/values/", onboarding.onboarding_values, name="onboarding_values"),
    path("welcome/goal/", onboarding.onboarding_goal, name="onboarding_goal"),
    path("welcome/goals/<int:pk>/ladder/", onboarding.onboarding_ladder, name="onboarding_ladder"),
    path("welcome/first-step/", onboarding.onboarding_first_step, name="onboarding_first_step"),
    path(
        "welcome/goals/<int:pk>/first-step/",
        onboarding.onboarding_first_step,
        name="onboarding_first_step",
    ),
    # Weekly plan
    path("week/", week_views.week, name="week"),
    path("week/<int:year>-<int:month>-<int:day>/", week_views.week, name="week_of"),
    path("week/plan/", week_views.scheduled_step_create, name="scheduled_step_create"),
    path("week/steps/<int:pk>/", week_views.scheduled_step_card, name="scheduled_step_card"),
    path(
        "week/steps/<int:pk>/move/",
        week_views.scheduled_step_reschedule,
        name="scheduled_step_reschedule",
    ),
    path(
        "week/steps/<int:pk>/cancel/",
        week_views.scheduled_step_cancel,
        name="scheduled_step_cancel",
    ),
    path("week/rest-day/", week_views.rest_day_set, name="rest_day_set"),
    path("week/settings/", week_views.plan_settings, name="plan_settings"),
    path("week/pause/", week_views.plan_pause, name="plan_pause"),
    path("week/resume/", week_views.plan_resume, name="plan_resume"),
    # Practice log
    path("practice/", practice_views.forecasts, name="forecasts"),
    path(
        "practice/scheduled/<int:pk>/before/",
        practice_views.attempt_predict,
        name="attempt_predict",
    ),
    path("practice/scheduled/<int:pk>/log/", practice_views.attempt_log, name="attempt_log"),
    path("practice/steps/<int:pk>/", practice_views.step_practice, name="step_practice"),
    path("practice/steps/<int:pk>/log/", practice_views.step_attempt_log, name="step_attempt_log"),
    # Progress, measures, small wins, problem solving and welcome back
    path("progress/", progress_views.progress, name="progress"),
    # A report to print or take to a clinician (GET forms: choosing stores nothing).
    path("report/", report_views.report, name="report"),
    path("report/view/", report_views.report_view, name="report_view"),
    path("report/stepwise-report.pdf", report_views.report_pdf, name="report_pdf"),
    path("measures/", measures_views.measures_list, name="measures"),
    path("measures/later/", measures_views.measures_later, name="measures_later"),
    path("measures/<slug:kind>/", measures_views.measure_take, name="measure_take"),
    path("wins/", wins_views.wins, name="wins"),
    path("wins/new/", wins_views.win_add, name="win_add"),
    path("wins/attempts/<int:pk>/", wins_views.win_from_attempt, name="win_from_attempt"),
    path("wins/check-ins/<int:pk>/", wins_views.win_from_checkin, name="win_from_checkin"),
    path("wins/contacts/<int:pk>/", wins_views.win_from_contact, name="win_from_contact"),
    path("wins/<int:pk>/remove/", wins_views.win_remove, name="win_remove"),
    path("problems/", problems_views.problems, name="problems"),
    path("problems/new/", problems_views.problem_new, name="problem_new"),
    path("problems/<int:pk>/", problems_views.problem, name="problem"),
    path("problems/<int:pk>/remove/", problems_views.problem_remove_view, name="problem_remove"),
    path("welcome-back/", welcome_back_views.welcome_back, name="welcome_back"),
    # Check-ins, journal, thought records and export
    path("check-in/", checkins_views.checkin, name="checkin"),
    path("check-in/settings/", checkins_views.checkin_settings, name="checkin_settings"),
    path("journal/", journal_views.journal, name="journal"),
    path("journal/new/", journal_views.journal_entry_new, name="journal_entry_new"),
    path("journal/<int:pk>/", journal_views.journal_entry, name="journal_entry"),
    path("journal/<int:pk>/edit/", journal_views.journal_entry_edit, name="journal_entry_edit"),
    path(
        "journal/<int:pk>/delete/", journal_views.journal_entry_delete, name="journal_entry_delete"
    ),
    path("thoughts/", journal_views.thoughts, name="thoughts"),
    path("thoughts/new/", journal_views.thought_new, name="thought_new"),
    path("thoughts/<int:pk>/", journal_views.thought, name="thought"),
    path("thoughts/<int:pk>/edit/", journal_views.thought_edit, name="thought_edit"),
    path("thoughts/<int:pk>/delete/", journal_views.thought_delete, name="thought_delete"),
    path("export/", export_views.export, name="export"),
    # Export: everything as one ZIP
    path("export/stepwise.zip", export_views.export_everything_zip, name="export_zip"),
    path("export/stepwise.json", export_views.export_json, name="export_json"),
    path("export/check-ins.csv", export_views.export_checkins_csv, name="export_checkins_csv"),
    # Learn: short lessons, and which ones the person has read
    path("learn/", learn_views.learn, name="learn"),
    path("learn/<slug:slug>/", learn_views.lesson, name="lesson"),
    path("learn/<slug:slug>/read/", learn_views.lesson_read, name="lesson_read"),
    path("learn/<slug:slug>/unread/", learn_views.lesson_unread, name="lesson_unread"),
]
