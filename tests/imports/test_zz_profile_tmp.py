import cProfile, pstats, io
from tests.imports.test_bulk_rows import _import, editor  # noqa: F401
from tests.servicedesk.factories import ChannelFactory
from tests.factories import OrganisationFactory

def test_profile(editor):
    from ictreport.core.models import Organisation
    rows = []
    chans = [f"Channel {n:02}" for n in range(10)]
    for y in ("2017-18", "2018-19", "2019-20"):
        for q in ("Q1", "Q2", "Q3", "Q4"):
            for c in chans:
                rows.append(["gwent-police", y, q, c, "5"])
    rows = (rows * 9)[:1000]
    # make rows unique: use 9 organisations? keep invalid duplicates out: take first 120 only x? 
    rows = rows[:120]
    pr = cProfile.Profile(); pr.enable()
    _import(editor, rows, dry_run=True)
    pr.disable()
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(40)
    print(s.getvalue())
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(25)
    print(s.getvalue())
