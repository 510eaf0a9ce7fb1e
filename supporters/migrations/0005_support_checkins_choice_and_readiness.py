"""The check-ins choice (weekly summary or each check-in) and readiness as its own tick.

Named for the lead to renumber at merge (another helper adds a supporters migration).

Why existing links get the weekly summary, not "each check-in" (what they showed):
the person granted "Check-ins: summaries, never notes". That label is what they
agreed to; showing every day's mood, distress and energy went beyond it. The new
column's default, "weekly", is the option that matches the old label, so every
existing link moves to it. Likewise "this step looks ready to move up" was shown
to every practice supporter without the person choosing it; it is now off unless
they tick it. Both changes show a supporter less, never more, so nothing private
is widened without consent. The person is told: every live link that shared
check-ins or practice gets `notice_pending`, and their sharing page says what
changed on that supporter's card (with the choice right there) until they next
save it. Ended links grant nothing and are left alone.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def tell_the_people_sharing(apps, schema_editor):
    SupporterLink = apps.get_model("supporters", "SupporterLink")
    SupporterLink.objects.filter(
        Q(scope_checkins=True) | Q(scope_practice=True), ended_at__isnull=True
    ).update(notice_pending=True, checkins_shown="weekly", share_readiness=False)


class Migration(migrations.Migration):
    dependencies = [
        ("supporters", "0004_report_scope"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="supporterlink",
            name="checkins_shown",
            field=models.CharField(
                choices=[
                    (
                        "weekly",
                        "A weekly summary: for each week, how many check-ins and the average mood, distress, energy and meaningful moments. No single day.",
                    ),
                    (
                        "each",
                        "Each check-in: the day, mood, distress, energy and meaningful moments.",
                    ),
                ],
                default="weekly",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="supporterlink",
            name="notice_pending",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="supporterlink",
            name="share_readiness",
            field=models.BooleanField(default=False, verbose_name="show when a step looks ready"),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="scope",
            field=models.CharField(
                blank=True,
                choices=[
                    ("plan", "Plan: goals, ladders and the week"),
                    ("practice", "Practice: how steps went, and distress ratings"),
                    ("checkins", "Check-ins: numbers only, never notes"),
                    ("safety", "Safety plan"),
                    ("journal", "Journal and thought records"),
                    ("report", "Report: a printable summary for a clinician"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="supporterlink",
            constraint=models.CheckConstraint(
                condition=models.Q(("checkins_shown__in", ["weekly", "each"])),
                name="supporter_link_checkins_shown_known",
            ),
        ),
        migrations.RunPython(tell_the_people_sharing, migrations.RunPython.noop),
    ]
