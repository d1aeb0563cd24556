"""The cache of parsed tables: hit on the same file, miss on a changed one, safe on damage."""

from __future__ import annotations

import shutil

import pytest

from territorial_health_plugin.core import parsed_cache
from territorial_health_plugin.core.parsed_cache import ParsedCache
from territorial_health_plugin.core.sources import drees
from territorial_health_plugin.toolbelt.resources import resource_path

APL = resource_path("sample", "apl_generalistes_extrait_nord.xlsx")


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "apl.xlsx"
    shutil.copy(APL, path)
    return path


def counting_reader(path, calls):
    def parse():
        calls.append(path)
        return drees.read_apl(path)

    return parse


def test_second_read_from_cache(tmp_path, workbook):
    cache = ParsedCache(tmp_path / "parsed")
    calls = []
    first = cache.read(workbook, "drees_apl_mg", (), counting_reader(workbook, calls))
    second = cache.read(workbook, "drees_apl_mg", (), counting_reader(workbook, calls))
    assert len(calls) == 1
    assert second.frame.equals(first.frame)
    assert second.vintage == "2023"
    assert second.hidden_counts == first.hidden_counts


def test_changed_file_parsed_again(tmp_path, workbook):
    cache = ParsedCache(tmp_path / "parsed")
    calls = []
    cache.read(workbook, "drees_apl_mg", (), counting_reader(workbook, calls))
    with open(workbook, "ab") as handle:
        handle.write(b"\0")
    cache.read(workbook, "drees_apl_mg", (), lambda: drees.read_apl(APL))
    assert len(list((tmp_path / "parsed").glob("*.pickle"))) == 2


def test_other_arguments_parsed_again(tmp_path, workbook):
    cache = ParsedCache(tmp_path / "parsed")
    calls = []
    cache.read(workbook, "drees_apl_mg", ("2023",), counting_reader(workbook, calls))
    cache.read(workbook, "drees_apl_mg", ("2022",), counting_reader(workbook, calls))
    assert len(calls) == 2


def test_damaged_entry_replaced(tmp_path, workbook):
    cache = ParsedCache(tmp_path / "parsed")
    calls = []
    cache.read(workbook, "drees_apl_mg", (), counting_reader(workbook, calls))
    [entry] = list((tmp_path / "parsed").glob("*.pickle"))
    entry.write_bytes(b"not a pickle")
    table = cache.read(workbook, "drees_apl_mg", (), counting_reader(workbook, calls))
    assert len(calls) == 2
    assert len(table.frame) == 648
    assert not list((tmp_path / "parsed").glob("*.tmp"))


def test_version_change_misses(tmp_path, workbook, monkeypatch):
    cache = ParsedCache(tmp_path / "parsed")
    before = cache.key(workbook, "drees_apl_mg", ())
    monkeypatch.setattr(parsed_cache, "PARSER_VERSION", "next")
    assert cache.key(workbook, "drees_apl_mg", ()) != before


def test_entries_trimmed(tmp_path, workbook):
    cache = ParsedCache(tmp_path / "parsed", max_entries=2)
    for vintage in ("2022", "2023", None):
        cache.read(workbook, "drees_apl_mg", (vintage,), lambda v=vintage: drees.read_apl(workbook, vintage=v))
    assert len(list((tmp_path / "parsed").glob("*.pickle"))) == 2
