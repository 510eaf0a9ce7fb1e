import factory
from allauth.account.models import EmailAddress

from accounts.models import User

PASSWORD = "calm-river-stones-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    display_name = factory.Faker("first_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    timezone = "Europe/Dublin"
    locale = "en-IE"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        # Most tests want a person who can sign in; pass verified=False for a new sign-up.
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
