import factory

from ictreport.core.periods import Quarter
from projects.models import (
    CompletedWorkHighlight,
    CoreWorkReturn,
    Deliverable,
    Project,
    ProjectUpdate,
    Rag,
    Team,
    TeamWork,
    Theme,
)
from tests.factories import FinancialYearFactory, OrganisationFactory


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    position = factory.Sequence(lambda n: n)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    position = factory.Sequence(lambda n: n)


class CoreWorkReturnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoreWorkReturn

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(FinancialYearFactory)
    quarter = Quarter.FULL_YEAR


class TeamWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamWork

    work_return = factory.SubFactory(CoreWorkReturnFactory)
    team = factory.SubFactory(TeamFactory)
    completed = 10
    outstanding = 2


class HighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompletedWorkHighlight

    work_return = factory.SubFactory(CoreWorkReturnFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Completed piece of work {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    year = factory.SubFactory(FinancialYearFactory)
    name = factory.Sequence(lambda n: f"Project {n}")
    theme = factory.SubFactory(ThemeFactory)
    position = factory.Sequence(lambda n: n)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Deliverable {n}")
    position = factory.Sequence(lambda n: n)


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    quarter = Quarter.Q1
    rag = Rag.GREEN
    percent_complete = 25
