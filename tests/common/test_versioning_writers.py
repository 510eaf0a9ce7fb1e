"""Every service that writes a person's data bumps their version (common.versioning).

The list of services is read from the service modules themselves
(tests/common/versioning_support.py), so a new one that writes without bumping
fails here until it bumps or is listed below with the reason it need not.
"""

from tests.common import versioning_support

_IMPORT = "runs only inside planner.services.export.export_import, which bumps once at its end"
_OUTBOX = "reminder delivery bookkeeping (outbox rows): no cached fragment shows it"
_REMINDER_PAGES = "shown only on reminder settings pages, which are not cached"
_ACCESS_LOG = "the access log is the supporter's read, shown only on the uncached sharing pages"

EXEMPT = {
    "planner.services.export.thought_records_import": _IMPORT,
    "planner.services.export_account.checkin_settings_import": _IMPORT,
    "planner.services.export_account.lesson_reads_import": _IMPORT,
    "planner.services.export_account.problems_import": _IMPORT,
    "planner.services.export_account.profile_import": _IMPORT,
    "planner.services.export_account.wins_import": _IMPORT,
    "planner.services.export_format.created_at_restore": _IMPORT,
    "planner.services.export_format.rows_import": _IMPORT,
    "planner.services.export_plan.attempts_import": _IMPORT,
    "planner.services.export_plan.goals_import": _IMPORT,
    "planner.services.export_plan.plan_settings_import": _IMPORT,
    "planner.services.export_plan.rest_days_import": _IMPORT,
    "planner.services.export_plan.scheduled_steps_import": _IMPORT,
    "planner.services.export_plan.steps_import": _IMPORT,
    "planner.services.export_plan.values_import": _IMPORT,
    "planner.services.export_safety.contacts_import": _IMPORT,
    "planner.services.export_safety.safety_plan_import": _IMPORT,
    "planner.services.progress_export.measures_import": _IMPORT,
    "planner.services.progress_export.problems_import": _IMPORT,
    "planner.services.progress_export.wins_import": _IMPORT,
    "planner.services.import_batches.bulk_play_back": (
        "called only by import_run_put_back, which bumps in the same last transaction"
    ),
    "planner.services.import_batches.journal_play_back": (
        "called only by import_run_put_back, which bumps in the same last transaction"
    ),
    "planner.services.import_runs.import_notice_take": (
        "ends a finished run's row: the notice it returns is a one-time message, never cached"
    ),
    "planner.services.import_runs.import_run_start": (
        "a run's own row; while it runs every page of the person waits (ImportGuardMiddleware), "
        "and the import bumps when it ends or is put back"
    ),
    "planner.services.safety.safety_link_open": (
        "someone opening the shared safety plan link: 'last opened' shows only on the "
        "uncached safety plan page"
    ),
    "reminders.services.calendar.calendar_feed_create": _REMINDER_PAGES,
    "reminders.services.calendar.calendar_feed_open": _REMINDER_PAGES,
    "reminders.services.calendar.calendar_feed_revoke": _REMINDER_PAGES,
    "reminders.services.calendar.calendar_feed_set_exit_strategy": _REMINDER_PAGES,
    "reminders.services.phone.phone_remove": _REMINDER_PAGES,
    "reminders.services.phone.phone_verification_confirm": _REMINDER_PAGES,
    "reminders.services.phone.phone_verification_start": _REMINDER_PAGES,
    "reminders.services.preferences.reminder_preferences_pause": _REMINDER_PAGES,
    "reminders.services.preferences.reminder_preferences_resume": _REMINDER_PAGES,
    "reminders.services.preferences.reminder_preferences_update": _REMINDER_PAGES,
    "reminders.services.deletion.reminders_forget_person": "the person is being deleted",
    "reminders.services.delivery.outbox_deliver": _OUTBOX,
    "reminders.services.delivery.outbox_record_failure": _OUTBOX,
    "reminders.services.delivery_batch.outbox_deliver_batch": _OUTBOX,
    "reminders.services.dispatch.outbox_claim": _OUTBOX,
    "reminders.services.dispatch.outbox_reconcile": _OUTBOX,
    "reminders.services.dispatch.outbox_release": _OUTBOX,
    "reminders.services.schedule.reminders_cancel_for_steps": _OUTBOX,
    "reminders.services.schedule.reminders_materialise": _OUTBOX,
    "reminders.services.schedule.reminders_replan": _OUTBOX,
    "reminders.services.schedule.reminders_sync_recurring": _OUTBOX,
    "reminders.services.schedule.reminders_sync_scheduled_step": _OUTBOX,
    "reminders.services.schedule.reminders_sync_steps_of": _OUTBOX,
    # A "not this time" by text goes through scheduled_step_cancel, which bumps.
    "reminders.services.sms_inbound.sms_inbound_receive": _OUTBOX,
    "supporters.services.access.access_log_prune": _ACCESS_LOG,
    "supporters.services.access.access_log_record": _ACCESS_LOG,
    "supporters.services.access.access_log_record_once": _ACCESS_LOG,
    "supporters.services.access.access_log_record_shown": _ACCESS_LOG,
    "supporters.services.links.ally_steps_resync": (
        "called by supporter_contact_set, supporter_settings_set and invitation_accept, "
        "which bump the owner in the same transaction"
    ),
}


def test_every_service_that_writes_bumps_the_persons_version_or_says_why_not():
    writes, bumps = versioning_support.writers_and_bumpers()
    forgot = sorted(writes - bumps - set(EXEMPT))
    assert not forgot, (
        "These services write but never call common.versioning (bump, or @versioning.bumps): "
        "their change would not show on a cached page until the cache expired. "
        f"Bump, or add each to EXEMPT with the reason: {forgot}"
    )


def test_the_exemptions_still_name_writers_that_do_not_bump():
    writes, bumps = versioning_support.writers_and_bumpers()
    stale = sorted(name for name in EXEMPT if name not in writes or name in bumps)
    assert not stale, f"EXEMPT lists services that no longer need it: {stale}"


def test_the_import_that_the_exemptions_lean_on_bumps_and_so_do_ally_resyncs_callers():
    _, bumps = versioning_support.writers_and_bumpers()
    assert "planner.services.export.export_import" in bumps
    for caller in (
        "supporters.services.links.supporter_contact_set",
        "supporters.services.links.supporter_settings_set",
        "supporters.services.invitations.invitation_accept",
    ):
        assert caller in bumps


def test_the_service_list_is_read_from_the_modules_not_typed_in():
    modules = versioning_support.service_modules()
    assert {
        "planner.services.week",
        "supporters.services.links",
        "reminders.services.phone",
    } <= set(modules)
    writes, _ = versioning_support.writers_and_bumpers()
    assert "planner.services.week.rest_day_set" in writes
