"""great-expectations suites on a real warehouse (run inside DuckDB): all pass on the seeds, each
planted defect fails exactly its expectation, the offline report renders in a real browser with
no network, GX stays off the hot path."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import lxml.html
import pytest

from tests.conftest import SHARED
from tongbao.pipelines.batch import run
from tongbao.pipelines.validate import SUITES, load_suite, validate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="module")
def seed_warehouse(tmp_path_factory) -> Path:
    if not SEEDS.exists():
        pytest.skip("../shared/seeds is not here")
    out = tmp_path_factory.mktemp("seeds") / "wh"
    run([str(SEEDS)], str(out), workers=1, log=lambda _m: None)
    return out


def _failing(outcomes) -> list[str]:
    return sorted(f"{o.suite}/{o.expectation}" for o in outcomes if not o.success)


def test_every_suite_passes_on_the_seed_warehouse(seed_warehouse, tmp_path):
    out = tmp_path / "wh"
    shutil.copytree(seed_warehouse, out)
    outcomes, report = validate(out)
    assert _failing(outcomes) == []
    assert {o.suite for o in outcomes} == {"documents", "records", "checks", "template_coverage"}
    assert len(outcomes) == 31 and report.exists()
    con = duckdb.connect(str(out / "warehouse.duckdb"), read_only=True)
    stored = con.execute("""SELECT count(*), count(*) FILTER (WHERE status = 'pass')
                            FROM checks WHERE scope LIKE '%/expect_%'""").fetchone()
    coverage = con.execute("SELECT count(*), sum(n) FROM template_coverage").fetchone()
    con.close()
    assert stored == (31, 31)
    assert coverage == (200, 200)  # seed 003: the 200 keys of its layout, each once


DEFECTS = {
    "a negative count": (
        "UPDATE records SET value = -3 WHERE key = 'sec2.rules.issued'",
        "records/expect_column_values_to_be_between(value)"),
    "a duplicate key": (
        "INSERT INTO records SELECT * FROM records WHERE key = 'sec4.review.total'",
        "records/expect_compound_columns_to_be_unique(doc_id,key)"),
    "a missing canonical key": (
        "DELETE FROM records WHERE key = 'sec3.granted.research'",
        "template_coverage/expect_column_values_to_be_between(n)"),
    "a wrong total": (
        "UPDATE records SET value = value + 1 WHERE is_total AND unit IS NOT NULL AND rowid = "
        "(SELECT min(rowid) FROM records WHERE is_total AND unit IS NOT NULL)",
        "records/expect_group_totals_to_equal_sum_of_parts(doc_id,table_id,unit)"),
    "a fractional count": (
        "UPDATE records SET value = 2.5 WHERE key = 'sec2.rules.issued'",
        "records/expect_column_values_to_be_integers(value)"),
    "a unit placed in another division": (  # issue 13: 中山路街道办事处 -> 广东省中山市
        "UPDATE records SET jurisdiction = '广东省中山市' WHERE unit_raw = '解放路街道办事处'",
        "records/expect_column_values_to_be_in_set(jurisdiction_relation)"),
    "an unresolved name not kept as printed": (
        "UPDATE records SET unit = '路街道办事处', unit_status = 'unresolved' "
        "WHERE unit_raw = '红旗路街道办事处'",
        "records/expect_column_pair_values_to_be_equal(unit,unit_raw)"),
    "a failed document without its reason": (
        "UPDATE documents SET status = 'failed', error = NULL WHERE rowid = 0",
        "documents/expect_column_values_to_not_be_null(error)"),
}


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_one_planted_defect_fails_exactly_its_expectation(seed_warehouse, tmp_path, defect):
    sql, expectation = DEFECTS[defect]
    out = tmp_path / "wh"
    shutil.copytree(seed_warehouse, out)
    con = duckdb.connect(str(out / "warehouse.duckdb"))
    con.execute(sql)
    con.close()
    outcomes, _ = validate(out, report=False)
    assert _failing(outcomes) == [expectation]


def test_a_wrong_total_names_its_document_table_and_unit(seed_warehouse, tmp_path):
    out = tmp_path / "wh"
    shutil.copytree(seed_warehouse, out)
    con = duckdb.connect(str(out / "warehouse.duckdb"))
    doc, table, unit, total = con.execute(
        """SELECT d.source_path, r.table_id, r.unit, r.value FROM records r JOIN documents d
           USING (doc_id) WHERE r.is_total AND r.unit IS NOT NULL ORDER BY r.rowid LIMIT 1"""
    ).fetchone()
    con.execute(DEFECTS["a wrong total"][0])
    con.close()
    outcomes, _ = validate(out, report=False)
    [failed] = [o for o in outcomes if not o.success]
    assert failed.unexpected == 1
    assert failed.message == (f"{doc} table {table} {unit}: printed total {total + 1:g}, "
                              f"parts add up to {total:g}")


def test_the_total_rule_runs_on_sql_too(seed_warehouse, tmp_path):
    """The same custom expectation on a SQL engine (SQLite here, a team's warehouse there)."""
    import sqlite3

    import great_expectations as gx

    import tongbao.expectations.custom  # noqa: F401

    db = tmp_path / "records.sqlite"
    con = duckdb.connect(str(seed_warehouse / "warehouse.duckdb"), read_only=True)
    frame = con.execute("SELECT doc_id, table_id, unit, value, is_total FROM records").df()
    con.close()
    frame.loc[frame.index[(frame.is_total & frame.unit.notna())][0], "value"] += 2
    with sqlite3.connect(db) as lite:
        frame.to_sql("records", lite, index=False)
    context = gx.get_context(mode="ephemeral")
    asset = context.data_sources.add_sqlite("lite", connection_string=f"sqlite:///{db}") \
        .add_table_asset("records", table_name="records")
    suite = context.suites.add(gx.ExpectationSuite(name="totals", expectations=[
        {"type": "expect_group_totals_to_equal_sum_of_parts", "kwargs": {}}]))
    result = asset.add_batch_definition_whole_table("all").get_batch().validate(suite)
    [r] = result.results
    assert not r.success and r.result["details"]["mismatched"] == 1
    [group] = r.result["details"]["mismatched_groups"]
    assert group["sum_of_parts"] - group["total"] == -2


def test_show_does_not_import_great_expectations():
    code = ("import sys, runpy; sys.argv = ['tongbao', 'show', 'corpus/samples/notice_000.txt'];"
            "import tongbao.pipelines.cli as c; c.main(sys.argv[1:]);"
            "assert 'great_expectations' not in sys.modules, 'GX imported by show'")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-1500:]


def _chromium() -> str:
    path = shutil.which("chromium")
    if not path:
        pytest.fail("chromium is missing: `make test` installs Debian's chromium (make system-deps)")
    return path


# A browser with no network: every host name unresolvable and every request sent to a proxy
# that is not there, as on a government network without internet.
OFFLINE_BROWSER = ["--headless", "--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
                   "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def _dom(url: str) -> lxml.html.HtmlElement:
    proc = subprocess.run([_chromium(), *OFFLINE_BROWSER, "--dump-dom", url], capture_output=True,
                          text=True, timeout=120)
    return lxml.html.fromstring(proc.stdout)


def _text(el) -> str:
    return " ".join(" ".join(el.itertext()).split())


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    """The sample corpus (some totals printed wrong on purpose), extracted and validated."""
    out = tmp_path_factory.mktemp("samples") / "wh"
    run([str(ROOT / "corpus" / "samples")], str(out), workers=2, log=lambda _m: None)
    validate(out)
    return out


def test_the_report_refers_to_nothing_outside_itself(sample_report):
    pages = sorted((sample_report / "report").rglob("*"))
    files = [p for p in pages if p.is_file()]
    n_samples = sum(p.is_file() for p in (ROOT / "corpus" / "samples").iterdir())
    assert {p.suffix for p in files} == {".html"} and len(files) == 1 + n_samples  # index + each
    for page in files:
        text = page.read_text("utf-8")
        assert not re.search(r"https?:|//[a-z]|@import|url\(", text, re.I), page
        for ref in lxml.html.fromstring(text).xpath("//@href | //@src"):
            assert (page.parent / ref.split("#")[0]).resolve().is_file(), (page, ref)


def test_the_report_renders_offline_in_a_real_browser(sample_report, tmp_path):
    con = duckdb.connect(str(sample_report / "warehouse.duckdb"), read_only=True)
    failing = con.execute("""
        SELECT regexp_extract(d.source_path, '[^/]+$'), d.title, t.page_first, c.expected,
               c.actual, c.doc_id
        FROM checks c JOIN documents d USING (doc_id)
        LEFT JOIN tables t ON t.doc_id = c.doc_id AND t.table_id = c.table_id
        WHERE c.status = 'fail' ORDER BY d.source_path, c.table_id, c."check", c.scope""").fetchall()
    n_docs, n_expectations = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM checks "
        "WHERE doc_id IS NULL AND scope LIKE '%/expect_%')").fetchall()[0]
    con.close()
    in_suites = sum(len(load_suite(s)["expectations"]) for s in SUITES)
    n_samples = sum(p.is_file() for p in (ROOT / "corpus" / "samples").iterdir())
    # the samples print some totals wrong on purpose: the page must list each of them
    assert failing and n_docs == n_samples and n_expectations == in_suites == 31
    index = sample_report / "report" / "index.html"
    dom = _dom(index.as_uri())
    rows = dom.xpath("//tr[@class='failing-check']")
    assert len(rows) == len(failing)
    for row, (name, title, page, printed, computed, _) in zip(rows, failing, strict=True):
        cells = [_text(td) for td in row.xpath("td")]
        assert cells[0] == f"{name} {title}"  # named by file and title, never by a hash
        assert cells[2] == (f"p. {page}" if page is not None else "—")  # a DOCX has no pages
        assert (cells[5], cells[6], cells[7]) == (f"{printed:g}", f"{computed:g}", "fail")
    assert len(dom.xpath("//tr[@class='document']")) == n_docs
    outcomes = {_text(tr.xpath("td")[0]): _text(tr.xpath("td")[1])
                for tr in dom.xpath("//h2[@id='expectations']/following-sibling::table[1]//tr[td]")}
    assert len(outcomes) == n_expectations
    assert outcomes.pop("records/expect_group_totals_to_equal_sum_of_parts(doc_id,table_id,unit)") \
        == "fail"
    assert set(outcomes.values()) == {"pass"}
    # A document's own page, reached by its link, lists its failing checks with their figures.
    doc_id = failing[0][5]
    link = dom.xpath("//tr[@class='failing-check']//a/@href")[0]
    page = _dom((index.parent / link).as_uri())
    assert _text(page.xpath("//h1")[0]) == failing[0][0]
    mine = [f for f in failing if f[5] == doc_id]
    shown = page.xpath("//tr[@class='check-fail']")
    assert [[_text(td) for td in tr.xpath("td")][4:6] for tr in shown] == \
        [[f"{f[3]:g}", f"{f[4]:g}"] for f in mine]
    shot = tmp_path / "report.png"
    subprocess.run([_chromium(), *OFFLINE_BROWSER, f"--screenshot={shot}", "--window-size=1400,1800",
                    index.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 50_000


def test_readme_snippet_runs_the_suite_on_parquet(seed_warehouse, tmp_path):
    readme = (ROOT / "README.md").read_text("utf-8")
    code = re.search(r"```python\n# run-suites-on-parquet\n(.*?)```", readme, re.S)[1]
    code = code.replace('"warehouse/parquet"', repr(str(seed_warehouse / "parquet")))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert len(lines) == 13 and all(line.startswith("pass ") for line in lines)
    assert "pass expect_group_totals_to_equal_sum_of_parts 0 of 77 groups" in lines


def test_validate_cli_strict_exits_1_on_a_failing_expectation(seed_warehouse, tmp_path):
    out = tmp_path / "wh"
    shutil.copytree(seed_warehouse, out)
    tongbao = Path(sys.executable).parent / "tongbao"
    # A relative DIR, as `make extract` passes it.
    clean = subprocess.run([str(tongbao), "validate", "wh", "--strict"], capture_output=True,
                           text=True, timeout=300, cwd=tmp_path)
    assert clean.returncode == 0 and "0 failing" in clean.stdout
    con = duckdb.connect(str(out / "warehouse.duckdb"))
    con.execute(DEFECTS["a negative count"][0])
    con.close()
    proc = subprocess.run([str(tongbao), "validate", str(out), "--strict"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1
    assert "fail: records/expect_column_values_to_be_between(value)" in proc.stdout
    assert f"report: {out / 'report' / 'index.html'}" in proc.stdout


def test_validate_without_its_extra_says_how_to_install_it(tmp_path):
    """great-expectations is an extra (tongbao[validate]); without it, one actionable line."""
    from tongbao.pipelines.warehouse import Warehouse

    Warehouse(tmp_path / "wh").close()
    code = ("import sys; sys.modules['great_expectations'] = None; "
            "from tongbao.pipelines.cli import main; sys.exit(main(['validate', sys.argv[1]]))")
    p = subprocess.run([sys.executable, "-c", code, str(tmp_path / "wh")], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.splitlines() == [
        "tongbao: `tongbao validate` needs great-expectations and duckdb_engine "
        "(great_expectations is not installed): pip install 'tongbao[validate]'"]


def test_a_money_gap_within_rounding_is_no_failure_and_beyond_it_is(seed_warehouse, tmp_path):
    """The group-total expectation settles money as the checks do: a gap within half a unit
    of each printed figure's last digit is rounding, a gap beyond it a failing group."""
    out = tmp_path / "wh"
    shutil.copytree(seed_warehouse, out)
    con = duckdb.connect(str(out / "warehouse.duckdb"))
    doc, table, unit = con.execute(
        "SELECT doc_id, table_id, unit FROM records WHERE is_total AND unit IS NOT NULL "
        "ORDER BY rowid LIMIT 1").fetchone()
    group = "doc_id = ? AND table_id = ? AND unit = ?"
    con.execute(f"UPDATE records SET measure = 'amount', value_raw = printf('%.2f', value) "
                f"WHERE {group}", [doc, table, unit])
    con.execute(f"UPDATE records SET value = value + 0.01 WHERE is_total AND {group}",
                [doc, table, unit])  # 2+ figures printed to 分: up to 0.01 apart
    con.close()
    outcomes, _ = validate(out, report=False)
    assert "records/expect_group_totals_to_equal_sum_of_parts(doc_id,table_id,unit)" not in \
        _failing(outcomes)
    con = duckdb.connect(str(out / "warehouse.duckdb"))
    con.execute(f"UPDATE records SET value = value + 1 WHERE is_total AND {group}",
                [doc, table, unit])
    con.close()
    outcomes, _ = validate(out, report=False)
    assert _failing(outcomes) == [
        "records/expect_group_totals_to_equal_sum_of_parts(doc_id,table_id,unit)"]


def test_the_suites_rounding_allowance_is_the_checks(sample_report):
    """One rule in two engines: the SQL allowance per record equals half_unit() of the
    figure as printed, for every money figure of the samples (budgets, 三公 tables)."""
    from tongbao.normalize.numbers import half_unit
    from tongbao.pipelines.validate import ROUNDING_ALLOWANCE

    con = duckdb.connect(str(sample_report / "warehouse.duckdb"), read_only=True)
    rows = con.execute(f"SELECT r.value_raw, r.measure, {ROUNDING_ALLOWANCE} FROM records r "
                       "WHERE r.value IS NOT NULL").fetchall()
    con.close()
    money = [(raw, allowed) for raw, measure, allowed in rows if measure == "amount"]
    assert len(money) > 100
    for raw, allowed in money:
        assert allowed == pytest.approx(float(half_unit(raw))), raw
    assert {allowed for _raw, measure, allowed in rows if measure != "amount"} == {0}


@pytest.mark.parametrize("engine", ["pandas", "sqlite"])
def test_the_total_rule_leaves_out_groups_whose_total_is_no_plain_sum(tmp_path, engine):
    """A group with a deduction (基础分 − 扣分 + 加分 = 总分) or a share is not judged by the
    suite's rule, on either engine; a plain group printed wrong still is."""
    import sqlite3

    import great_expectations as gx
    import pandas as pd

    import tongbao.expectations.custom  # noqa: F401

    rows = [("d", 1, "公安局", m, v, m == "总分", "score") for m, v in
            [("基础分", 100.0), ("扣分", 5.0), ("加分", 2.0), ("总分", 97.0)]]
    rows += [("d", 2, "教育局", m, v, m == "合计", "rate" if m == "占比" else "count") for m, v in
             [("政策文件（条）", 10.0), ("占比", 25.0), ("工作动态（条）", 30.0), ("合计", 40.0)]]
    rows += [("d", 3, "财政局", m, v, m == "合计", "count") for m, v in
             [("政策文件（条）", 10.0), ("工作动态（条）", 30.0), ("合计", 41.0)]]
    frame = pd.DataFrame(rows, columns=["doc_id", "table_id", "unit", "metric", "value",
                                        "is_total", "measure"])
    suite = load_suite("records")
    rule = next(e for e in suite["expectations"]
                if e["type"] == "expect_group_totals_to_equal_sum_of_parts")
    kwargs = {k: v for k, v in rule["kwargs"].items() if k != "allowance_column"}
    context = gx.get_context(mode="ephemeral")
    if engine == "pandas":
        batch = context.data_sources.add_pandas("p").add_dataframe_asset("records") \
            .add_batch_definition_whole_dataframe("all").get_batch(
                batch_parameters={"dataframe": frame})
    else:
        db = tmp_path / "records.sqlite"
        with sqlite3.connect(db) as lite:
            frame.to_sql("records", lite, index=False)
        batch = context.data_sources.add_sqlite("lite", connection_string=f"sqlite:///{db}") \
            .add_table_asset("records", table_name="records") \
            .add_batch_definition_whole_table("all").get_batch()
    result = batch.validate(context.suites.add(gx.ExpectationSuite(name="totals", expectations=[
        {"type": "expect_group_totals_to_equal_sum_of_parts", "kwargs": kwargs}])))
    [r] = result.results
    details = r.result["details"]
    assert (details["groups_checked"], details["mismatched"]) == (1, 1)
    assert details["mismatched_groups"][0]["unit"] == "财政局"


def test_the_suites_unsummed_words_cover_the_readers_vocabulary():
    """The suite is a file a team can run anywhere, so it names its words itself; they must
    cover every word by which the checks take a column out of a plain sum (table_labels.yaml
    score_signs) or call it a rate (measures.yaml), or the two would disagree on a total."""
    from tongbao.normalize.datafiles import read_yaml

    rule = next(e for e in load_suite("records")["expectations"]
                if e["type"] == "expect_group_totals_to_equal_sum_of_parts")
    words, measures = rule["kwargs"]["unsummed"]["metric"], rule["kwargs"]["unsummed"]["measure"]
    signs = read_yaml("tongbao.extract", "table_labels.yaml")["score_signs"]
    for word in signs["deduction"] + signs["out_of"]:
        assert any(w in word for w in words), word
    assert measures == ["rate"] and "%" in words and "占比" in words
