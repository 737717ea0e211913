"""Files that bind several annual reports (two years side by side, departments' reports in
one PDF, a crawl of a page listing two): the template's keys are the first report's, each
key once, and the text, which may speak of any of them, is compared without a claim."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tongbao.corpus.annual import make_report
from tongbao.corpus.annual_flat import render_flat
from tongbao.corpus.annual_glued import prose, render_glued
from tongbao.corpus.annual_pdf import render_pdf
from tongbao.corpus.pdf_faults import bound
from tongbao.extract.document import read_document


def _bound(seed: int, render) -> tuple[str, list]:
    reps, texts = [], []
    for k in range(2):
        rng = random.Random(seed * 2 + k)
        rep = make_report(rng, "a.txt")
        reps.append(rep)
        texts.append(render(rep, rng))
    return "\n".join(texts), reps


RENDERERS = {
    "glued": lambda rep, rng: render_glued(rep, rng, "unique", prose(rep, rng)[0]),
    "tabs": lambda rep, rng: render_flat(rep, rng, "tabs"),
}


def _templates(seed: int) -> list[bool]:
    return [make_report(random.Random(seed * 2 + k), "a.txt").variant.layout_2019 for k in (0, 1)]


# And seeds binding a later report before a 2019-template one (2021's beside 2020's): the
# second's 本年新制作数量 made the first's section 2 read as the 2019 template's, its figures
# under keys it has not (30 of 300 pairs before).
MIXED = [s for s in range(100) if _templates(s) == [False, True]][:3]


@pytest.mark.parametrize("how", sorted(RENDERERS))
@pytest.mark.parametrize("seed", [*range(6), *MIXED])
def test_two_reports_in_one_file_are_read_as_the_first_and_claim_nothing_false(how, seed):
    text, (first, _second) = _bound(seed, RENDERERS[how])
    ex = read_document(text.encode("utf-8"), "two.txt")
    keys = Counter(r.key for r in ex.records if r.key)
    assert set(keys.values()) == {1}  # each key once (records: (doc_id, key) is unique)
    got = {r.key: r.value for r in ex.records if r.key}
    assert {k: v for k, v in got.items() if v is not None and v != first.values.get(k)} == {}
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []
    [note] = [c for c in ex.checks if c.check == "several_reports"]
    assert note.status == "skipped" and "several reports in one file" in note.message


@pytest.mark.parametrize("seed", [0, 1])
def test_two_annual_pdfs_bound_in_one_read_as_the_first(seed):
    """Ruled PDFs bound one after the other (a district's departments' reports): the
    second's tables keep no key, whatever layout either has, and nothing fails."""
    reps, bodies = [], []
    for k in range(2):
        rng = random.Random(seed * 2 + k)
        reps.append(make_report(rng, "a.pdf"))
        bodies.append(render_pdf(reps[-1], rng))
    ex = read_document(bound(bodies), "two.pdf")
    got = {r.key: r.value for r in ex.records if r.key}
    assert got == reps[0].values
    assert Counter(r.key for r in ex.records if r.key).most_common(1)[0][1] == 1
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []
    assert [c.check for c in ex.checks if c.check == "several_reports"] == ["several_reports"]


@pytest.mark.parametrize("rules", [("none", "grid"), ("rows", "grid"), ("none", "rows"),
                                   ("rows", "none")])
@pytest.mark.parametrize("seed", range(4))
def test_two_annual_pdfs_ruled_unlike_read_as_the_first(rules, seed):
    """The first report ruled by rows only or not at all, the second otherwise (a campaign:
    199 of 494 such pairs read the second's figures under the keys, nothing failing, the
    note saying they were the first's). The second's ruled request table turned off the
    reading by labels for the whole file; and the first's section 4, printing nothing, took
    the second's line of figures. Now the first report's pages decide, and a section's
    figures are its own: nothing is read wrong, nothing fails, and the first's request
    table is read."""
    reps, bodies = [], []
    for k, ruled in enumerate(rules):
        rng = random.Random(seed * 2 + k)
        reps.append(make_report(rng, "a.pdf"))
        bodies.append(render_pdf(reps[-1], rng, ruled))
    ex = read_document(bound(bodies), "two.pdf")
    got = {r.key: r.value for r in ex.records if r.key}
    first = reps[0].values
    assert {k: v for k, v in got.items() if v is not None and v != first.get(k)} == {}
    assert got.get("sec3.new_received.total") == first["sec3.new_received.total"]
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []


def test_one_report_has_no_note_of_several():
    rng = random.Random(3)
    rep = make_report(rng, "a.txt")
    ex = read_document(RENDERERS["glued"](rep, rng).encode("utf-8"), "a.txt")
    assert not [c for c in ex.checks if c.check == "several_reports"]


def test_a_template_cell_printing_words_is_unread_not_zero():
    """A heading's text run into a cell where a figure goes (复率:77.9%) is no 0: the key
    is empty and its rules are skipped, never failed."""
    rng = random.Random(5)
    rep = make_report(rng, "a.txt")
    rep.values["sec4.review.upheld"] = 7777.0
    rep.values["sec4.review.total"] += 7777.0
    text = render_flat(rep, rng, "tabs").replace("7777", "见说明")
    ex = read_document(text.encode("utf-8"), "a.txt")
    got = {r.key: r.value for r in ex.records if r.key}
    assert got["sec4.review.upheld"] is None
    assert [(c.check, c.scope) for c in ex.checks if c.status == "fail"] == []
