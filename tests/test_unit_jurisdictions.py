"""Units over 320 generated notices from 44 jurisdictions (issue 13): never placed outside
the document's jurisdiction, kept as printed when unresolved, each the unit its truth says;
aliases of one unit merge, distinct units stay apart."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from tongbao.corpus.generate import make_notice, render_text
from tongbao.extract.document import read_document
from tongbao.normalize.jurisdictions import relation

NOTICES = 320


@pytest.fixture(scope="module")
def notices():
    """(truth, extraction) for each generated notice."""
    out = []
    for seed in range(NOTICES):
        rng = random.Random(seed)
        truth = make_notice(rng, f"n{seed}.txt", wrong_fraction=0.1)
        ex = read_document(render_text(truth, rng).encode("utf-8"), f"n{seed}.txt")
        out.append((truth, ex))
    return out


def _unit_records(notices):
    for truth, ex in notices:
        expected = {u["printed"]: u for u in truth.expected_units}
        for r in ex.records:
            if r.unit_raw:
                yield truth, ex.document, r, expected[r.unit_raw]


def test_notices_come_from_many_jurisdictions(notices):
    places = Counter(truth.jurisdiction for truth, _ in notices)
    assert len(places) >= 30
    assert all(ex.document.jurisdiction == truth.jurisdiction for truth, ex in notices)


def test_no_record_is_placed_outside_its_documents_jurisdiction(notices):
    relations = Counter(relation(r.jurisdiction, d.jurisdiction)
                        for _, d, r, _ in _unit_records(notices))
    assert relations["outside"] == 0
    assert relations["same"] > 10_000 and relations["inside"] > 0 and relations["above"] > 0


def test_unresolved_names_are_kept_as_printed(notices):
    unresolved = [r for _, _, r, _ in _unit_records(notices) if r.unit_status == "unresolved"]
    assert len(unresolved) > 1_000  # streets of other places, units of other divisions
    assert [r.unit_raw for r in unresolved if r.unit != r.unit_raw] == []


def test_every_name_is_the_unit_its_truth_says(notices):
    wrong = []
    for _truth, _d, r, want in _unit_records(notices):
        got = (r.unit, r.unit_type, r.jurisdiction) if r.unit_status != "unresolved" else None
        exp = (want["unit"], want["unit_type"], want["jurisdiction"]) if want["resolved"] else None
        if got != exp:
            wrong.append((r.unit_raw, got, exp))
    assert wrong == []


def test_aliases_merge_and_distinct_units_stay_apart(notices):
    """One unit of the truth is one unit read, whatever form it was printed in
    (区住建局 and 住房和城乡建设局 of one district), and two are two."""
    read_as = defaultdict(set)
    printed_as = defaultdict(set)
    for _truth, _d, r, want in _unit_records(notices):
        if want["resolved"]:
            read_as[(want["unit"], want["jurisdiction"])].add((r.unit, r.jurisdiction))
            printed_as[(want["unit"], want["jurisdiction"])].add(r.unit_raw)
    assert all(len(units) == 1 for units in read_as.values())
    assert len({next(iter(u)) for u in read_as.values()}) == len(read_as)
    merged = [forms for forms in printed_as.values() if len(forms) > 1]
    assert len(merged) > 100  # many units were printed in more than one form
    assert any({"区住建局", "住房和城乡建设局"} <= forms for forms in merged)


def test_a_renamed_divisions_old_names_point_at_its_new_path_only():
    """Every line of the renaming log: an old name that is no current division's name
    leads to the division on the line's new path, never to a namesake elsewhere
    (南沙群岛 became 三沙市南沙区, not also 广州市南沙区)."""
    from tongbao.normalize.datafiles import data_bytes
    from tongbao.normalize.gazetteer import _DIRECT, gazetteer

    places = gazetteer()
    current = {n for d in places.counties for n in (d.county, d.short)}
    checked = wrong = 0
    for line in data_bytes("tongbao.normalize", "division_changes.txt").decode().split("\n"):
        if "=>" not in line or line.startswith("#"):
            continue
        old, new = line.split("=>")
        path = [n for n in new.split("\t") if n and n not in _DIRECT]
        for name in [f for f in old.split("\t")[2:] if f][-2:]:
            found = places.lookup(name)
            if name in current or not found:
                continue  # a current name too: it names that division as well
            checked += 1
            # the new path's province and city (its county may have been renamed again since)
            wrong += any(d.province != path[0] or not set(path[1:-1]) <= {d.city, d.county}
                         for d in found)
    assert checked == 116 and wrong == 0, (checked, wrong)
    assert [d.path for d in places.lookup("南沙群岛")] == ["海南省三沙市南沙区"]
