"""A printable report of a subgraph: one self-contained HTML file, and the same page as a PDF.

The HTML (``report.html``) has a title with the build id and date, the network picture (the SVG
exporter's drawing, inlined as a ``data:`` image), the entities, the indicator values
(targets and observations), the source quotes cited as ``[n]`` and the numbered source list (as
:func:`webapp.exports.bundle.sources` numbers them). It is rendered with an autoescaping Jinja2
template, has inline CSS only, no scripts and loads nothing.

The PDF (``report.pdf``) is that HTML printed to A4 by Debian's Chromium through Playwright; no
browser is downloaded, and a missing ``/usr/bin/chromium`` is a :class:`graph.errors.MissingPart`
(503). For printing, the bundled CJK font (:mod:`webapp.fonts`) is handed to the page as a
``FontFace`` made from its bytes, so Chromium draws Chinese with no system font and the PDF
embeds the glyphs it uses. (A CSS ``@font-face``, ``data:`` URL or not, fails to load with a
NetworkError in a Chromium that sees no system font at all; a ``FontFace`` of the bytes loads.) A
Chromium that is there but does not start is a ``MissingPart`` too. The HTML
download does not carry the font (2.8 MB for a page of some kilobytes): it names the bundled
family, then the usual system CJK fonts; its picture is drawn as paths in any case.
"""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import RDF, URIRef

from graph.errors import MissingPart
from ontology.namespace import IKG
from webapp import fonts
from webapp.exports import Exporter

WEBAPP = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]
PROV_QUOTED_FROM = URIRef("http://www.w3.org/ns/prov#wasQuotedFrom")
_VALUE_FIELDS = {IKG.metric: "metric", IKG.value: "value", IKG.valueMax: "value_max", IKG.unit: "unit",
                 IKG.qualifier: "qualifier", IKG.year: "year", IKG.scope: "scope"}
_VALUE_TYPES = {IKG.Target: ("目标值", "target"), IKG.Observation: ("实际值", "reported")}


def render(subgraph) -> bytes:
    return render_html(subgraph).encode("utf-8")


def render_html(subgraph) -> str:
    from webapp.exports import EXPORTERS
    from webapp.i18n import TYPES

    svg = EXPORTERS["svg"].render(subgraph)
    numbers = {d["iri"]: i for i, d in enumerate(subgraph.documents, 1)}
    entities = [{**n, "type_zh": TYPES.get(n["type"], (n["type"], n["type"]))[0],
                 "type_en": TYPES.get(n["type"], (n["type"], n["type"]))[1]}
                for n in sorted(subgraph.nodes, key=lambda n: (-n.get("mentions", 0), n["iri"]))]
    return _template().render(
        title=f"ikg 报告 / report · {subgraph.title}", subgraph=subgraph, entities=entities,
        picture="data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        indicators=indicators(subgraph, numbers), quotes=quotes(subgraph, numbers),
        sources=[(i, d) for i, d in enumerate(subgraph.documents, 1)], family=fonts.FAMILY,
    )


def render_pdf(subgraph) -> bytes:
    """The HTML report printed to an A4 PDF by Debian's Chromium, in the bundled font."""
    return print_pdf(render_html(subgraph), fonts.checked().read_bytes())


def print_pdf(html: str, font: bytes | None) -> bytes:
    """``html`` printed to an A4 PDF by Debian's Chromium, with ``font`` (file bytes) as the bundled family."""
    if not CHROMIUM.exists():
        raise MissingPart("chromium", "apt-get install chromium",
                          f"{CHROMIUM} is missing: PDF reports are printed by Debian's Chromium. "
                          "Install it with `apt-get install chromium`.")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:  # an install without ikg's dependencies
        raise MissingPart("playwright", "pip install playwright==1.65.2",
                          "the Python package playwright is missing: PDF reports drive Chromium with it. "
                          "Install it with `pip install playwright==1.65.2` (no browser download needed).") from None

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        except Error as exc:
            first = str(exc).strip().splitlines()[0][:200]
            raise MissingPart("chromium_start", "apt-get install --reinstall chromium",
                              f"{CHROMIUM} does not start ({first}): PDF reports are printed by Debian's "
                              "Chromium. Reinstall it with `apt-get install --reinstall chromium`.") from None
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # the report loads nothing
            page.set_content(html, wait_until="load")
            if font is not None:
                page.evaluate(_ADD_FONT, [fonts.FAMILY, base64.b64encode(font).decode("ascii")])
            return page.pdf(format="A4", print_background=True,
                            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        finally:
            browser.close()


#: Adds the font to the page from its bytes and waits for the page to be laid out in it.
_ADD_FONT = """async ([family, data]) => {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    document.fonts.add(await new FontFace(family, bytes.buffer).load());
    await document.fonts.ready;
}"""


def _labels(subgraph) -> dict[str, str]:
    return {n["iri"]: n.get("zh") or n.get("en") or n["iri"].rsplit("/", 1)[-1] for n in subgraph.nodes}


def _records(subgraph) -> dict:
    """Each record (subject) of the quads: its properties (first value each), types and graph."""
    records: dict = {}
    for s, p, o, g in subgraph.quads:
        rec = records.setdefault(s, {"types": set(), "graph": g})
        if p == RDF.type:
            rec["types"].add(o)
        else:
            rec.setdefault(p, o)
    return records


def _document(rec) -> str:
    return str(rec.get(PROV_QUOTED_FROM) or rec["graph"] or "")


def indicators(subgraph, numbers: dict[str, int]) -> list[dict]:
    """The indicator values (targets, observations) among the quads, sorted by metric and year."""
    labels = _labels(subgraph)
    rows = []
    for iri, rec in _records(subgraph).items():
        if IKG.metric not in rec:
            continue
        row = {name: ("" if rec.get(p) is None else str(rec[p])) for p, name in _VALUE_FIELDS.items()}
        for key in ("metric", "scope"):
            if row[key]:
                row[key] = labels.get(row[key], row[key].rsplit("/", 1)[-1])
        kind = next((_VALUE_TYPES[t] for t in rec["types"] if t in _VALUE_TYPES), ("指标值", "value"))
        row["kind"] = f"{kind[0]} / {kind[1]}"
        row["iri"] = str(iri)
        row["quote"] = str(rec.get(IKG.quote, ""))
        row["cite"] = numbers.get(_document(rec))
        rows.append(row)
    return sorted(rows, key=lambda r: (r["metric"], r["year"], r["iri"]))


def quotes(subgraph, numbers: dict[str, int]) -> list[dict]:
    """The quoted words of the Mention and Evidence records, each with its document's number.

    An evidence's row also says how it was found (``how``: 句中陈述 / stated in a sentence, ...).
    """
    from webapp.i18n import how_labels

    labels = _labels(subgraph)
    seen, rows = set(), []
    for rec in _records(subgraph).values():
        if not rec["types"] & {IKG.Mention, IKG.Evidence} or IKG.quote not in rec:
            continue
        doc = _document(rec)
        if IKG.Evidence in rec["types"]:
            s, o = str(rec.get(RDF.subject, "")), str(rec.get(RDF.object, ""))
            predicate = str(rec.get(RDF.predicate, "")).rsplit("#", 1)[-1]
            about = f"{labels.get(s, s)} → {predicate} → {labels.get(o, o)}"
            kind = "证据 / evidence"
            how = how_labels([str(rec[IKG.how])] if IKG.how in rec else [])
        else:
            e = str(rec.get(IKG.denotes, ""))
            about, kind, how = labels.get(e, e), "提及 / mention", ""
        key = (doc, str(rec[IKG.quote]), about)
        if key in seen:
            continue
        seen.add(key)
        rows.append({"quote": str(rec[IKG.quote]), "about": about, "kind": kind, "how": how, "document": doc,
                     "cite": numbers.get(doc), "start": int(rec.get(IKG.start, 0) or 0)})
    return sorted(rows, key=lambda r: (r["kind"] != "证据 / evidence", r["cite"] or 10**9, r["start"], r["about"]))


@cache
def _template():
    env = Environment(loader=FileSystemLoader(WEBAPP / "templates"), autoescape=select_autoescape(default=True))
    return env.get_template("export_report.html")


EXPORTERS = [
    Exporter("report.html", "text/html; charset=utf-8", "HTML report (printable)", render),
    Exporter("report.pdf", "application/pdf", "PDF report", render_pdf),
]
