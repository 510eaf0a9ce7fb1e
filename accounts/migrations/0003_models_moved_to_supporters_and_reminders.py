"""Supporter links and reminder preferences now live in supporters and reminders."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_supporters_and_reminder_preferences"),
        ("planner", "0003_models_moved_to_supporters_and_reminders"),
        ("supporters", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        # State only: the models live on in their new app with the same tables.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="accesslog",
                    name="accounts_ac_owner_i_f0467a_idx",
                ),
                migrations.RemoveIndex(
                    model_name="accesslog",
                    name="accounts_ac_viewed__416d9b_idx",
                ),
                migrations.RemoveIndex(
                    model_name="encouragement",
                    name="accounts_en_owner_i_9f5697_idx",
                ),
                migrations.RemoveIndex(
                    model_name="invitation",
                    name="accounts_in_owner_i_d5eacb_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="invitation",
                    name="invitation_status_known",
                ),
                migrations.RemoveIndex(
                    model_name="phoneverification",
                    name="accounts_ph_owner_i_8bc3c5_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="reminderpreferences",
                    name="reminder_planning_weekday_in_range",
                ),
                migrations.RemoveConstraint(
                    model_name="reminderpreferences",
                    name="reminder_sms_needs_verified_phone",
                ),
                migrations.RemoveIndex(
                    model_name="supporterlink",
                    name="accounts_su_support_058a5b_idx",
                ),
                migrations.RemoveIndex(
                    model_name="supporterlink",
                    name="accounts_su_owner_i_55d773_idx",
                ),
                migrations.RemoveConstraint(
                    model_name="supporterlink",
                    name="supporter_link_one_active_per_pair",
                ),
                migrations.RemoveConstraint(
                    model_name="supporterlink",
                    name="supporter_link_not_self",
                ),
                migrations.RemoveField(
                    model_name="encouragement",
                    name="link",
                ),
                migrations.RemoveField(
                    model_name="encouragement",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="accepted_by",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="link",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="phoneverification",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="reminderpreferences",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="supporterlink",
                    name="owner",
                ),
                migrations.RemoveField(
                    model_name="supporterlink",
                    name="supporter",
                ),
                migrations.DeleteModel(
                    name="AccessLog",
                ),
                migrations.DeleteModel(
                    name="Encouragement",
                ),
                migrations.DeleteModel(
                    name="Invitation",
                ),
                migrations.DeleteModel(
                    name="PhoneVerification",
                ),
                migrations.DeleteModel(
                    name="ReminderPreferences",
                ),
                migrations.DeleteModel(
                    name="SupporterLink",
                ),
            ],
        ),
    ]
