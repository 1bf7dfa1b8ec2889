import pytest

from tests.imports.conftest import admin_confirm, admin_import
from tests.imports.factories import CSV, SECTIONS, FigureEditorFactory, spreadsheet
from tests.servicedesk.factories import ChannelFactory, desk_return


@pytest.mark.parametrize("returns", [1, 4])
def test_export_costs_one_query_however_many_rows(returns, organisation,
                                                  django_assert_num_queries):
    section = SECTIONS[0]
    channels = [ChannelFactory(name=name) for name in ("Telephone", "Self Service", "Email")]
    for quarter in range(1, returns + 1):
        desk_return(organisation, 2019, quarter, calls=dict.fromkeys(channels, 10))
    resource = section.resource(user=FigureEditorFactory())

    # 1. the user's groups: is this a shared-service administrator, who sees everything?
    # 2. the figures joined to their return, its organisation and year, and the channel,
    #    limited to the organisations the user belongs to (a subquery, not a query).
    with django_assert_num_queries(2):
        exported = resource.export(section.model.objects.all())

    assert len(exported) == 3 * returns


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_every_sections_export_is_one_query(section, organisation, editor_client,
                                            django_assert_num_queries):
    section.setup(organisation)
    client = editor_client(section)
    admin_confirm(client, section, admin_import(
        client, section, spreadsheet(section.headers, section.file_rows(organisation)), CSV))
    resource = section.resource(user=FigureEditorFactory())

    # 1. the user's groups (a shared-service administrator sees every organisation);
    # 2. the figures with their return, organisation, year and key, in one join.
    with django_assert_num_queries(2):
        exported = resource.export(section.model.objects.all())

    assert len(exported) == len(section.rows)
