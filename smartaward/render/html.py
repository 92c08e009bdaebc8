"""index.html: the winners page — one self-contained, accessible HTML file.

It lists the cycle, then each call and category: the awards in order of precedence (with ex-aequo
notes and unfilled slots) and the ranked finalists. A result that is not final says so first, in a
banner listing what is still open (judges in it as the export may show them: publishing/export.py).
The page is public: it never shows a mark of one judge, whatever the export includes. Self-contained means no request of any kind:
the CSS is inline, there is no script, image or font, and a Content-Security-Policy forbids them
anyway (`default-src 'none'`). Every text from the cycle goes through html.escape, so a title like
`<script>` is shown, never run, and through cells.one_line, so that no control character or
bidirectional override reaches the page.

Readable on a phone: one column, tables scroll sideways inside their own box (a keyboard-focusable
region named by the table's caption) instead of widening the page. Printable: the navigation is
left out, tables are shown whole, rows are not split across pages. Colours keep a contrast of at
least 4.5:1 (WCAG AA). No timestamp: the same results give the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from smartaward.publishing.data import format_score
from smartaward.text.cells import shown

if TYPE_CHECKING:
    from smartaward.publishing.documents import Publication, Section

NUM = ' class="num"'
CSP = "default-src 'none'; style-src 'unsafe-inline'"

STYLE = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8ccd2; --head: #1f3a5f;
  --link: #0b57d0; --gold: #f5e3a3; --silver: #e2e5ea; --bronze: #efd3bd; --band: #f4f6f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 62rem; padding: 1rem; color: var(--ink); background: #fff;
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--head); }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0.5rem 0; }
a { color: var(--link); }
.meta, .entrant, .small { color: var(--muted); }
.entrant { display: block; font-size: 0.9rem; font-weight: 400; }
abbr[title] { text-decoration: none; }
.title, .entrant { unicode-bidi: isolate; }
/* A long unbroken word (a URL, a formula, a compound) wraps rather than widen the page on a phone. */
h1, h2, h3, caption, nav a, .title, .entrant { overflow-wrap: anywhere; }
nav ul { padding-left: 1.25rem; }
.scroll { overflow-x: auto; margin: 0.5rem 0 1rem; border: 1px solid var(--rule); border-radius: 4px; }
.scroll:focus { outline: 3px solid var(--link); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0.6rem; background: var(--band); }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-top: 1px solid var(--rule); }
thead th { background: var(--head); color: #fff; font-weight: 600; white-space: nowrap; }
tbody th { font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.tier-gold > th[scope=row] { background: var(--gold); }
tr.tier-silver > th[scope=row] { background: var(--silver); }
tr.tier-bronze > th[scope=row] { background: var(--bronze); }
.tie { display: block; font-size: 0.8rem; color: var(--muted); white-space: normal; }
.unfilled { border-left: 4px solid #8a5a00; padding-left: 0.6rem; }
.provisional { border-left: 4px solid #8a5a00; padding: 0.5rem 0.6rem; background: #fff4d6; overflow-wrap: anywhere; }
div.provisional p { margin: 0; }
div.provisional ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
@media (max-width: 30rem) {
  body { padding: 0.75rem; }
  h1 { font-size: 1.35rem; }
  table { font-size: 0.9rem; }
  th, td { padding: 0.35rem 0.3rem; }
  thead th { white-space: normal; }
  .entrant { font-size: 0.85rem; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; border: 0; }
  thead th { background: none; color: #000; border-bottom: 2px solid #000; }
  caption { background: none; padding-left: 0; }
  tr, .unfilled { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
}
""".strip()


def escaped(value: Any) -> str:
    return escape(shown(value), quote=True)


def _id(*parts: str) -> str:
    # Slugs have no dot, so call.category is unique; escaped all the same, so an id cannot break
    # out of its attribute.
    return escaped("c-" + ".".join(parts))


def _entry_cell(row: dict[str, Any], tag: str = "td") -> str:
    scope = ' scope="row"' if tag == "th" else ""
    return (f'<{tag}{scope}><span class="title">{escaped(row["title"])}</span>'
            f'<span class="entrant">{escaped(row["entrant"])}{_country(row)}</span></{tag}>')


def _country(row: dict[str, Any]) -> str:
    return f' (<abbr title="ISO 3166 country code">{escaped(row["country"])}</abbr>)' if row.get("country") else ""


def html_table(caption_id: str, caption: str, head: list[tuple[str, bool]], rows: list[str]) -> str:
    heads = "".join(f'<th scope="col"{NUM if num else ""}>{escaped(h)}</th>' for h, num in head)
    return (f'<div class="scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">\n'
            f'<table>\n<caption id="{caption_id}">{escaped(caption)}</caption>\n'
            f"<thead><tr>{heads}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


def _awards(section: Section, anchor: str) -> list[str]:
    out: list[str] = []
    if section.winners:
        notes = any(w["note"] or w["pending"] for w in section.winners)
        head = [("Award", False), ("Entry", False)]
        if not section.designated:
            head.append(("Score", True))
        if notes:
            head.append(("Note", False))
        rows = []
        for w in section.winners:
            name = section.award_titles.get(w["award"]) or w["award"]
            # the rank under the award's name, not in a column of its own: the table fits a phone
            rank = f'<span class="tie">rank {escaped(w["rank"])}</span>' if w["rank"] is not None else ""
            cells = [f'<th scope="row">{escaped(name)}{rank}</th>', _entry_cell(w)]
            if not section.designated:
                cells.append(f'<td class="num">{escaped(format_score(w["score"]))}</td>')
            if notes:
                said = "; ".join(n for n in (w["note"], w["pending"] and f"pending: {w['pending']}") if n)
                cells.append(f"<td>{escaped(said)}</td>")
            rows.append(f'<tr class="tier-{escaped(w["award"])}">' + "".join(cells) + "</tr>")
        out.append(html_table(f"{anchor}.awards", f"Awards: {section.title}", head, rows))
    else:
        out.append('<p class="small">No award was given in this category.</p>')
    for u in section.unfilled:
        name = section.award_titles.get(u["award"]) or u["award"]
        slots = f"{u['slots']} slot{'s' if u['slots'] != 1 else ''}"
        pending = f" Pending: {u['pending']}." if u.get("pending") else ""
        out.append(f'<p class="unfilled"><strong>{escaped(name)}</strong>: {escaped(slots)} not awarded ({escaped(u["reason"])}).{escaped(pending)}</p>')
    return out


def _tie(row: dict[str, Any]) -> str:
    if row["tie"] == "shared":
        return '<span class="tie">ex aequo</span>'
    if row["tie"]:
        return f'<span class="tie">tie broken by {escaped(row["tie"])}</span>'
    return ""


def _finalists(section: Section, anchor: str) -> list[str]:
    ranked = [r for r in section.ranking if r["rank"] is not None]
    if not ranked:
        return ['<p class="small">No entry was ranked in this category.</p>'] if not section.designated else []
    head = [("Rank", True), ("Entry", False), ("Score", True), ("Award", False)]
    rows = []
    for r in ranked:
        award = section.award_titles.get(r["award"], r["award"]) if r["award"] else ""
        extra = f'<span class="tie">{escaped("not eligible for awards: " + r["ineligible"])}</span>' if r["ineligible"] else ""
        if r["pending"]:
            extra += f'<span class="tie">{escaped("pending: " + r["pending"])}</span>'
        rows.append("<tr>" + f'<td class="num">{escaped(r["rank"])}{_tie(r)}</td>' + _entry_cell(r, "th")
                    + f'<td class="num">{escaped(format_score(r["score"]))}</td>'
                    + f"<td>{escaped(award)}{extra}</td>" + "</tr>")
    out = [html_table(f"{anchor}.ranking", f"Ranked finalists: {section.title}", head, rows)]
    others = len(section.ranking) - len(ranked)
    if others:
        out.append(f'<p class="small">{others} other entr{"y was" if others == 1 else "ies were"} judged but not '
                   "ranked (screened out, not shortlisted, too few scores or late); rankings.csv lists every one.</p>")
    return out


def winners_page(pub: Publication) -> str:
    calls: dict[str, list[Section]] = {}
    for section in pub.sections:
        calls.setdefault(section.call, []).append(section)
    count = len(pub.winners)
    nav = []
    body = []
    for call_id, sections in calls.items():
        call_anchor = _id(call_id)
        nav.append(f'<li><a href="#{call_anchor}">{escaped(sections[0].call_title)}</a><ul>'
                   + "".join(f'<li><a href="#{_id(call_id, s.category)}">{escaped(s.title)}</a></li>' for s in sections)
                   + "</ul></li>")
        body.append(f'<section aria-labelledby="{call_anchor}">\n<h2 id="{call_anchor}">{escaped(sections[0].call_title)}</h2>')
        for section in sections:
            anchor = _id(call_id, section.category)
            body.append(f'<section aria-labelledby="{anchor}">\n<h3 id="{anchor}">{escaped(section.title)}</h3>')
            body += _awards(section, anchor)
            body += _finalists(section, anchor)
            body += [f'<p class="small">Note: {escaped(note)}</p>' for note in section.notes]
            body.append("</section>")
        body.append("</section>")
    return "\n".join(_head(pub, count, nav) + [*body, "</main>", *_footer(pub), "</body>", "</html>", ""])


def _banner(pub: Publication) -> list[str]:
    """Not final yet: said before anything else, with what is open (and beside each pending result)."""
    if not pub.provisional:
        return []
    said = f"<strong>Provisional:</strong> {escaped(pub.provisional)}"
    if not pub.open:
        return [f'<p class="provisional" role="note">{said}</p>']
    items = "".join(f"<li>{escaped(item['text'])}</li>\n" for item in pub.open)
    return [f'<div class="provisional" role="note">\n<p>{said}</p>\n<ul>\n{items}</ul>\n</div>']


def _footer(pub: Publication) -> list[str]:
    files = "the full rankings and every mark are" if pub.with_marks else "the full rankings are"
    return ["<footer>",
            f'<p class="small">Published with smartaward from the cycle\'s files; {files} in the export\'s CSV, XLSX '
            "and JSON files.</p>",
            "</footer>"]


def page_start(title: str, style: str = STYLE) -> list[str]:
    """A self-contained page up to its <body>: the same head (charset, viewport, the
    Content-Security-Policy that forbids anything outside the page) for every page smartaward
    writes. `title` is text (escaped here)."""
    return [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="generator" content="smartaward">',
        f"<title>{escaped(title)}</title>",
        f"<style>\n{style}\n</style>",
        "</head>",
        "<body>",
    ]


def _head(pub: Publication, count: int, nav: list[str]) -> list[str]:
    organiser = f"<p>{escaped(pub.organiser)}</p>\n" if pub.organiser else ""
    return [
        *page_start(f"{pub.title}: winners"),
        "<header>",
        f"<h1>{escaped(pub.title)}</h1>",
        f'{organiser}<p class="meta">Cycle {escaped(pub.cycle)}: {count} award{"s" if count != 1 else ""}.</p>',
        *_banner(pub),
        '<nav aria-label="Calls and categories">\n<ul>\n' + "\n".join(nav) + "\n</ul>\n</nav>",
        "</header>",
        "<main>",
    ]
