import factory
from django.contrib.auth.models import Group

from ictreport.core.models import Membership
from tests.factories import OrganisationFactory, UserFactory


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def user_in(group: str | None, *organisations, **fields):
    """A staff user in one role group (made by migrate) and the given organisations."""
    user = UserFactory(is_staff=True, **fields)
    if group is not None:
        user.groups.add(Group.objects.get(name=group))
    for organisation in organisations:
        MembershipFactory(user=user, organisation=organisation)
    return user
