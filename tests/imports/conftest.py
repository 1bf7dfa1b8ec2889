import pytest
from django.urls import reverse

from tests.factories import FinancialYearFactory, OrganisationFactory
from tests.imports.factories import FORMAT_INDEX, FigureEditorFactory


@pytest.fixture
def organisation(db):
    """Gwent Police, and the year 2019-20 the files are for (an import creates no year)."""
    FinancialYearFactory(start_year=2019)
    return OrganisationFactory(name="Gwent Police", slug="gwent-police")


@pytest.fixture
def editor_client(client):
    """A client signed in as an editor of the figures of the section under test."""

    def sign_in(section):
        client.force_login(FigureEditorFactory(figures=section.model))
        return client

    return sign_in


def admin_import(client, section, upload, file_format):
    """The first step: upload the file, get the dry run's preview."""
    return client.post(reverse(f"admin:{section.admin_name}_import"),
                       {"format": FORMAT_INDEX[file_format], "import_file": upload})


def admin_confirm(client, section, preview):
    """The second step: confirm the previewed file."""
    return client.post(reverse(f"admin:{section.admin_name}_process_import"),
                       preview.context["confirm_form"].initial)


def admin_export(client, section, file_format, **filters):
    url = reverse(f"admin:{section.admin_name}_export")
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return client.post(f"{url}?{query}" if query else url,
                       {"format": FORMAT_INDEX[file_format]})
