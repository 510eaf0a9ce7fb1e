"""Sign a person, or everyone, out everywhere: for an operator after a suspected
takeover or a leaked session store (ASVS 5.0 V7.4.5). People end their own other
sessions on "Where you're signed in"; this is the same service.
"""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services.sessions import end_all_sessions


class Command(BaseCommand):
    help = "End every session of one person (--email) or of everyone (--everyone)."

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--email", help="the person's sign-in address")
        who.add_argument("--everyone", action="store_true", help="every person")

    def handle(self, *args, email=None, everyone=False, **options):
        if everyone:
            people = User.objects.order_by("pk")
        else:
            people = User.objects.filter(email__iexact=email.strip())
            if not people.exists():
                raise CommandError(f"No account signs in as {email}.")
        ended = sum(end_all_sessions(person) for person in people.iterator())
        self.stdout.write(f"Ended {ended} session{'s' if ended != 1 else ''}.")
