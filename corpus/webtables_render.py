"""Print a generated web table (corpus/webtables.py) as real pages print it.

- render_html: a 政务公开 page with site chrome; header cells as <th> or plain <td>;
  numbers followed by &nbsp; or not; the title, the form lines (填报单位, 单位：元,
  填报人, 联系电话) inside the table as full-width rows or outside as paragraphs.
- render_crawl: the same page as a crawler saved it (page.txt): a header block,
  then the article's text on one line with every cell glued to the next,
  sometimes a space where a cell ended in &nbsp;.
The choices are added to the table's variant, so the truth says what was printed.
"""

from __future__ import annotations

import html
import random

from tongbao.corpus.webtables import WebTable


def _intro(t: WebTable) -> str:
    return f"根据政务公开工作要求，现将{t.title.split('（')[0]}公布如下："


def _body_rows(t: WebTable) -> list[list[tuple[str, int, int, bool]]]:
    """Rows of (text, row_span, col_span, is_header) as the table prints them, header
    first; a table printed in halves side by side (variant `halves`) puts the header
    that many times over and its rows down each half, the last half's gap as '/'."""
    halves = t.variant.get("halves", 1)
    rows: list[list[tuple[str, int, int, bool]]] = [[] for _ in range(t.n_head_rows)]
    for h in sorted(t.heads, key=lambda h: (h.row, h.col)):
        rows[h.row].append((h.text, h.row_span, h.col_span, True))
    rows = [row * halves for row in rows]
    body = []
    for line in t.lines:
        cells = [(line.cells[0], 1, line.label_span, False)]
        cells += [(c, 1, 1, False) for c in line.cells[line.label_span:]]
        body.append(cells)
    tall = -(-len(body) // halves)
    gap = [("/", 1, 1, False)] * t.n_cols
    for i in range(tall):
        rows.append([c for half in range(halves) for c in
                     (body[half * tall + i] if half * tall + i < len(body) else gap)])
    return rows


def render_html(t: WebTable, rng: random.Random) -> str:
    v = t.variant
    v["th"], v["nbsp"] = rng.random() < 0.5, rng.random() < 0.5
    v["title_inside"], v["form_inside"] = rng.random() < 0.4, rng.random() < 0.6
    width = t.n_cols * v.get("halves", 1)

    def cell(text: str, rs: int = 1, cs: int = 1, head: bool = False) -> str:
        tag = "th" if head and v["th"] else "td"
        span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        body = html.escape(text)
        if v["nbsp"] and not head:
            body = body + "&nbsp;" if body else "&nbsp;"
        return f'<{tag}{span} style="border:1px solid #000">{body}</{tag}>'

    def full_row(text: str) -> str:
        return f"<tr>{cell(text, 1, width)}</tr>"

    rows = []
    if v["title_inside"]:
        rows.append(full_row(t.title))
    top = ["　　　　".join(t.form_top)] if v["form_one_line"] and t.form_top else t.form_top
    if v["form_inside"]:
        rows += [full_row(line) for line in top]
    rows += ["<tr>" + "".join(cell(x, rs, cs, head) for x, rs, cs, head in r) + "</tr>"
             for r in _body_rows(t)]
    if v["form_inside"] and t.form_bottom:
        rows.append(full_row("　　".join(t.form_bottom)))
    above = [] if v["title_inside"] else [f"<h3>{html.escape(t.title)}</h3>"]
    above.append(f"<p>{html.escape(_intro(t))}</p>")
    if not v["form_inside"]:
        above += [f"<p>{html.escape(line)}</p>" for line in top]
    below = [] if v["form_inside"] or not t.form_bottom else [
        f"<p>{html.escape('　　'.join(t.form_bottom))}</p>"]
    return "\n".join([
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">",
        f"<title>{html.escape(t.title)}</title>",
        f'<meta name="ArticleTitle" content="{html.escape(t.title)}">',
        f'<meta name="ContentSource" content="{html.escape(t.issuer)}">',
        "</head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a></div>',
        '<div class="article">', *above,
        '<table border="1" cellspacing="0" style="border-collapse:collapse">', *rows, "</table>",
        *below, f"<p style=\"text-align:right\">{html.escape(t.issuer)}</p>", "</div>",
        '<div class="footer">主办单位：' + html.escape(t.issuer) + "　网站标识码：3501000001</div>",
        "</body></html>"]) + "\n"


def render_crawl(t: WebTable, rng: random.Random, then: tuple[WebTable, ...] = ()) -> str:
    """The page text a crawler keeps: cells glued, the whole article on one line; the
    tables `then` printed after the first as its attachments (附件2 <title> <table>)."""
    v = t.variant
    v["crawl_spaces"] = rng.choice(["none", "none", "nbsp", "rows"])
    body = _intro(t) + _glued(t, v["crawl_spaces"])
    for n, table in enumerate(then, start=2):
        body += f"附件{n}{rng.choice(['', ' '])}" + _glued(table, v["crawl_spaces"])
    return crawled_page(t.title, t.issuer, f"当前位置： 首页政务公开 {t.title} 来源：{t.issuer} "
                        f"时间：2024-01-20 10:00 {body} {t.issuer}")


def crawled_page(title: str, issuer: str, article: str) -> str:
    """A page as the crawler saves it (page.txt): its header block, then the article on one line."""
    return "\n".join([
        f"标题: {title}", "发布时间: 2024-01-20 10:00", "文号: ", f"发布机构: {issuer}",
        "栏目: 财政信息", "原文链接: https://www.example.gov.cn/zwgk/202401/t20240120_1.htm",
        "本地目录: zwgk/202401/1", "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================", article, ""])


def _glued(t: WebTable, spaces: str) -> str:
    """A table's title, form lines and rows as a crawler glues them."""
    pieces = [t.title, *t.form_top]
    for r in _body_rows(t):
        texts = [x for x, _rs, _cs, head in r if x]
        if spaces == "nbsp" and not r[0][3]:
            texts = [x + " " for x, *_ in r if x]
        pieces.append("".join(texts) + (" " if spaces == "rows" else ""))
    return "".join(pieces + t.form_bottom)
