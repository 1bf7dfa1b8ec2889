"""Whole-report files that YAML itself would take the wrong way or choke on: a key given
twice, nesting or aliases that exhaust the process, a file far too big. Each is refused
with a plain message, nothing is written, and the command exits non-zero."""

import os
import subprocess
import sys
import tracemalloc
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command

from ictreport.core import file_yaml
from ictreport.core.files import ReportFileError, read_report_file, write_report_file
from ictreport.core.models import AnnualReport
from tests.conftest import ROOT, SHIPPED_REPORT
from tests.core.test_report_file import MINIMAL

pytestmark = pytest.mark.django_db



@contextmanager
def allocations():
    """The peak of Python's allocations inside the block (``peak()`` after it): a file
    refused as it is read costs little; one built or expanded first costs gigabytes."""
    tracemalloc.start()
    peaks = []
    try:
        yield lambda: peaks[0]
    finally:
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def problems_of(text):
    with pytest.raises(ReportFileError) as excinfo:
        read_report_file(text)
    return [str(p) for p in excinfo.value.problems]


def import_command(path):
    """manage.py import_report as a person runs it: its exit code and what it printed."""
    return subprocess.run([sys.executable, "manage.py", "import_report", str(path)],
                          cwd=ROOT, env=os.environ.copy(), capture_output=True, text=True,
                          timeout=120)


def test_organisation_given_twice_is_refused_with_both_lines(gwent):
    text = MINIMAL + "organisation: another-police\n"
    assert problems_of(text) == ["organisation: organisation appears twice, lines 2 and 11"]
    assert not AnnualReport.objects.exists()


def test_a_key_given_twice_deep_in_a_section_is_named_by_its_path(gwent):
    shipped = SHIPPED_REPORT.read_text(encoding="utf-8")
    old = "  - name: Telephone\n    name_cy: Ffôn\n    self_service: false\n"
    assert old in shipped
    text = shipped.replace(old, old + "    self_service: true\n", 1)
    assert problems_of(text) == [
        "servicedesk.channels[0].self_service: self_service appears twice, lines 421 and 422"
    ]
    assert not AnnualReport.objects.exists()


def test_every_key_given_twice_is_listed_in_line_order(gwent):
    text = MINIMAL.replace("  timing: Routine\n", "  timing: Routine\n  title: Again\n")
    text += "year: 2020-21\n"
    assert problems_of(text) == [
        "report.title: title appears twice, lines 5 and 9",
        "year: year appears twice, lines 3 and 12",
    ]


def test_nesting_fifty_thousand_deep_is_refused_plainly(gwent):
    with allocations() as peak:
        problems = problems_of("format: 1\nreport: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert peak() < 20 * 2**20  # refused as read, never built
    assert problems == ["line 2: nested more than 20 levels deep; a report file needs far "
                        "fewer"]


def test_nested_block_mappings_are_refused_at_the_line_too_deep(gwent):
    text = "".join("  " * level + f"level{level}:\n" for level in range(40)) + "  " * 40 + "x\n"
    assert problems_of(text) == [
        "line 21: nested more than 20 levels deep; a report file needs far fewer"]


def test_an_alias_bomb_is_refused_before_it_expands(gwent):
    laughs = ["a: &a [" + ", ".join(["lol"] * 10) + "]"]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        laughs.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    with allocations() as peak:
        problems = problems_of("\n".join(laughs) + "\n")  # 10⁹ values once expanded
    assert peak() < 20 * 2**20  # counted, never expanded
    assert problems == ["line 6: the file holds more than 200,000 values once its aliases "
                        "are expanded; a report file needs far fewer"]


def test_an_alias_that_nests_too_deep_is_refused(gwent):
    deep = "a: &deep " + "[" * 15 + "]" * 15 + "\n"
    assert problems_of(deep + "b: " + "[" * 10 + "*deep" + "]" * 10 + "\n") == [
        "line 2: the alias *deep nests the file more than 20 levels deep"]


def test_an_alias_inside_its_own_anchor_is_refused(gwent):
    assert problems_of("report: &loop [1, *loop]\n") == [
        "line 1: the alias *loop refers to the collection it is in"]


def test_a_harmless_alias_still_reads(gwent):
    text = MINIMAL.replace("  timing: Routine\n", "  timing: &same Routine\n").replace(
        "  purpose: For monitoring\n", "  purpose: *same\n")
    assert read_report_file(text).purpose == "Routine"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(gwent, tmp_path,
                                                                 monkeypatch, capsys):
    path = tmp_path / "huge.yaml"
    path.write_text(MINIMAL + "# " + "x" * (6 * 1024 * 1024) + "\n", encoding="utf-8")
    monkeypatch.setattr(type(path), "read_text", lambda *a, **k: pytest.fail("was read"))
    with pytest.raises(CommandError, match=r"huge.yaml is 6.0 MB; a report file may be at "
                                           r"most 5 MB. Nothing was imported."):
        call_command("import_report", str(path))
    assert not AnnualReport.objects.exists()


def test_the_text_over_the_size_limit_is_refused_too(gwent):
    assert problems_of(MINIMAL + "# " + "x" * file_yaml.MAX_FILE_BYTES + "\n") == [
        "the file is 5.0 MB; a report file may be at most 5 MB"]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("deep", "report: " + "[" * 50_000 + "]" * 50_000 + "\n",
     "line 1: nested more than 20 levels deep"),
    ("twice", MINIMAL + "organisation: another-police\n",
     "organisation: organisation appears twice, lines 2 and 11"),
])
def test_the_command_exits_non_zero_with_the_message_and_no_traceback(tmp_path, name, text,
                                                                      message):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    result = import_command(path)
    assert result.returncode == 1
    assert f"{path}: {message}" in result.stderr
    assert "nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_written_file_never_uses_anchors(shipped_report):
    text = write_report_file(shipped_report)
    assert "&id" not in text and "*id" not in text
    file_yaml._check_shape(text)  # and stays well inside the limits
