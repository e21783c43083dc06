"""Relations with their evidence, each found by one rule of :data:`RULES`.

A rule reads the :class:`Facts` of one document (its names with their IRIs, sentences, outline
and indicator values) and yields :class:`Found` relations. Each says ``how`` the text supports
it: ``stated`` in one sentence, attributed by the ``section`` it stands in, or derived from a
``name`` (国家高速列车技术创新中心 -> 轨道交通装备). A new rule joins :data:`RULES`; the pipeline
does not change.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import ahocorasick_rs

from graph.extract.gazetteer import name_key
from graph.extract.names import Name
from graph.extract.patterns import CLAUSE_END, GROUP, PROGRAMME
from graph.extract.structure import Outline, Section


@dataclass(frozen=True, slots=True)
class Found:
    s: str
    p: str
    o: str
    start: int
    end: int
    how: str = "stated"


@dataclass(frozen=True, slots=True)
class Value:
    """An indicator value as the rules see it: its IRI, clean-text span and kind."""

    iri: str
    start: int
    end: int
    kind: str


@dataclass
class Facts:
    """What the rules know of one document (clean-text offsets throughout)."""

    text: str
    sentences: list[tuple[int, int]]
    named: list[tuple[Name, str]]
    outline: Outline
    values: list[Value] = field(default_factory=list)
    #: ``(iri, type, names, industry)`` of each entity: its label and aliases, its gazetteer sector.
    entities: list[tuple[str, str, tuple[str, ...], str]] = field(default_factory=list)

    def __post_init__(self):
        self._starts = [s for s, _ in self.sentences]
        self._name_starts = [n.start for n, _ in self.named]  # named is sorted by start
        self._heads: dict[tuple[int, int], list[tuple[Name, str]]] = {}
        self._around: dict[tuple[int, int], list[Section]] = {}
        self._section_owner: dict[tuple[int, int], str | None] = {}

        self.type_of = {iri: n.type for n, iri in self.named}
        self.label_of = {iri: n.label for n, iri in self.named}
        self.by_sentence: dict[tuple[int, int], list[tuple[Name, str]]] = {}
        for n, iri in self.named:
            self.by_sentence.setdefault(self.sentence(n.start), []).append((n, iri))

    def around(self, pos: int) -> list[Section]:
        """The sections holding ``pos``, outermost first: the same for a whole sentence, since
        sections open and close at line starts."""
        span = self.sentence(pos)
        if span not in self._around:
            self._around[span] = self.outline.around(span[0])
        return self._around[span]

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.sentences[max(0, bisect_right(self._starts, pos) - 1)]

    def heads(self, section: Section) -> list[tuple[Name, str]]:
        """The names in a section's own heading text."""
        key = (section.start, section.head_end)
        if key not in self._heads:
            lo = bisect_left(self._name_starts, section.start)
            hi = bisect_left(self._name_starts, section.head_end)
            self._heads[key] = self.named[lo:hi]
        return self._heads[key]


Rule = Callable[[Facts], Iterable[Found]]

#: (outer type, inner type) -> predicate, for a name inside another name.
NESTED = {
    ("Cluster", "Industry"): "inIndustry",
    ("Park", "Industry"): "hostsIndustry",
    ("Platform", "Industry"): "inIndustry",
    ("Company", "Industry"): "inIndustry",
    ("Action", "Industry"): "inIndustry",
    ("Platform", "Company"): "operatedBy",
    ("Park", "Company"): "operatedBy",
    ("Cluster", "Region"): "locatedIn",
    ("Park", "Region"): "locatedIn",
    ("Platform", "Region"): "locatedIn",
    ("Company", "Region"): "locatedIn",
}
#: (subject type, object type) -> predicate, for two names in one clause.
IN_CLAUSE = {
    ("Action", "Industry"): "inIndustry",
    ("Policy", "Industry"): "inIndustry",
    ("Action", "Cluster"): "supportsCluster",
    ("Platform", "Cluster"): "supportsCluster",
    ("Action", "Policy"): "setBy",
    ("Company", "Cluster"): "partOfCluster",
    ("Cluster", "Park"): "hasPark",
}
#: Words that put a company or platform inside a park, between the two names.
_IN_PARK = re.compile(r"落户|入驻|位于|落地|坐落|扎根|集聚在|建在")


def from_names(facts: Facts) -> Iterator[Found]:
    """A name that carries another: 智能家电产业集群 -> 智能家电, 中电科数字电磁信息科技园 -> 中电科."""
    inner: dict[int, list[tuple[Name, str]]] = {}
    for n, iri in facts.named:
        inner.setdefault(n.start, []).append((n, iri))
    starts = sorted(inner)
    for a, a_iri in facts.named:
        i = bisect_right(starts, a.start - 1)
        while i < len(starts) and starts[i] < a.end:
            for b, b_iri in inner[starts[i]]:
                p = NESTED.get((a.type, b.type))
                if p and b.end <= a.end and (b.start, b.end) != (a.start, a.end) and a_iri != b_iri:
                    yield Found(a_iri, p, b_iri, a.start, a.end, "name")
            i += 1
    yield from _industry_in_name(facts)


#: Types whose name can say their industry, and the predicate it takes.
_BY_NAME = {"Cluster": "inIndustry", "Platform": "inIndustry", "Company": "inIndustry",
            "Action": "inIndustry", "Park": "hostsIndustry"}


def _industry_in_name(facts: Facts) -> Iterator[Found]:
    """An entity whose label holds an industry's name (or whose sector the gazetteer knows)
    is in that industry: 智能家电集群 -> 智能家电; the longest industry name wins."""
    by_name: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for iri, type_, names, _ in facts.entities:
        if type_ == "Industry":
            for x in names:
                if len(x) >= 2:
                    by_name.setdefault(x, iri)
                by_key.setdefault(name_key(x), iri)
    if not by_name:
        return
    words = list(by_name)
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard)
    first = {}
    for n, iri in facts.named:
        first.setdefault(iri, n)
    for iri, type_, names, sector in facts.entities:
        p = _BY_NAME.get(type_)
        if not p or iri not in first:
            continue
        hits: dict[str, str] = {}
        if sector and name_key(sector) in by_key:
            hits[by_key[name_key(sector)]] = sector
        for i, _, _ in automaton.find_matches_as_indexes("\x00".join(names), overlapping=True):
            word = words[i]
            i_iri = by_name[word]
            if len(word) > len(hits.get(i_iri, "")):
                hits[i_iri] = word
        for i_iri, word in hits.items():
            if not any(word != other and word in other for other in hits.values()):
                n = first[iri]
                yield Found(iri, p, i_iri, n.start, n.end, "name")


def in_clauses(facts: Facts) -> Iterator[Found]:
    """Two names in one clause: an action and the industries, clusters or policy it names."""
    for span, tagged in facts.by_sentence.items():
        if len(tagged) < 2:
            continue
        for lo, hi in _clauses(facts.text, *span):
            here = [(n, iri) for n, iri in tagged if lo <= n.start < hi]
            for a, a_iri in here:
                if a.parent:
                    continue  # a list member: the sentence is about the list
                for b, b_iri in here:
                    p = IN_CLAUSE.get((a.type, b.type))
                    inside = a.start <= b.start and b.end <= a.end
                    if p and a_iri != b_iri and not inside and not (b.start <= a.start and a.end <= b.end):
                        yield Found(a_iri, p, b_iri, *span)
            yield from _in_park(facts.text, here, span)


def _in_park(text, here, span) -> Iterator[Found]:
    for a, a_iri in here:
        if a.type not in ("Company", "Platform"):
            continue
        for b, b_iri in here:
            if b.type == "Park" and a.end <= b.start and _IN_PARK.search(text, a.end, b.start):
                yield Found(a_iri, "locatedInPark", b_iri, *span)


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start, *(m.end() for m in CLAUSE_END.finditer(text, start, end)), end]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def members(facts: Facts) -> Iterator[Found]:
    """Members of a named group: list items that carry their group, or openers inside it."""
    groups = {}
    for n, iri in facts.named:
        if GROUP.match(n.label) and n.type in ("Action", "Cluster", "Park"):
            groups.setdefault(name_key(n.label), (n, iri))
    for n, iri in facts.named:
        if n.parent and name_key(n.parent) in groups and groups[name_key(n.parent)][1] != iri:
            yield Found(iri, "memberOf", groups[name_key(n.parent)][1], *facts.sentence(n.start))
    taken: set[str] = set()
    for section in facts.outline.sections:
        heads = facts.heads(section)
        kids = [facts.heads(c)[:1] for c in facts.outline.children(section)]
        if heads and heads[0][0].type in ("Park", "Cluster") and sum(
                1 for k in kids if k and k[0][0].type == heads[0][0].type) >= 3:
            # 附件：重点园区名单 / 1.…开发区 2.…开发区: a heading that lists its kind below it
            g, g_iri = heads[0]
            for child in facts.outline.children(section):
                for m, m_iri in facts.heads(child)[:1]:
                    if m.type == g.type and m_iri != g_iri and m_iri not in taken:
                        taken.add(m_iri)
                        yield Found(m_iri, "memberOf", g_iri, child.start, child.head_end, "section")
        for g, g_iri in heads:
            if name_key(g.label) not in groups:
                continue
            for child in facts.outline.children(section):
                for m, m_iri in facts.heads(child)[:1]:
                    if m.type == g.type and m_iri != g_iri and m_iri not in taken:
                        taken.add(m_iri)
                        yield Found(m_iri, "memberOf", g_iri, child.start, child.head_end, "section")
    yield from _following(facts, groups, taken)


def _following(facts: Facts, groups, taken) -> Iterator[Found]:
    """Headings after a group's name that end in the group's head noun (五大提升工程 -> 实施…工程)."""
    for g, g_iri in groups.values():
        head = g.label[-2:]
        count = _count(GROUP.match(g.label).group(1))
        found = []
        for section in facts.outline.sections:
            if section.start <= g.start:
                continue
            for m, m_iri in facts.heads(section)[:1]:
                if m.type == g.type and m.label.endswith(head) and m_iri != g_iri and not GROUP.match(m.label):
                    if m_iri not in taken and m_iri not in {f[0] for f in found}:
                        found.append((m_iri, section))
        if 2 <= len(found) and (count is None or len(found) <= count):
            for m_iri, section in found:
                taken.add(m_iri)
                yield Found(m_iri, "memberOf", g_iri, section.start, section.head_end, "section")


_DIGITS = dict(zip("一二三四五六七八九十", range(1, 11), strict=True)) | {"两": 2}


def _count(word: str) -> int | None:
    if word.isdecimal():
        return int(word)
    return _DIGITS.get(word) if len(word) == 1 else None


def in_sections(facts: Facts) -> Iterator[Found]:
    """What stands in a programme's section belongs to it: targets, clusters, sub-actions; and
    the companies and parks in a cluster's section belong to the cluster."""
    owner_of = _owners(facts)
    heads = {iri for section in facts.outline.sections for _, iri in facts.heads(section)}
    for v in facts.values:
        owner = owner_of(v.start)
        if owner:
            yield Found(owner, "targets", v.iri, *facts.sentence(v.start), how=_how(facts, owner, v.start))
    for n, iri in facts.named:
        if n.type in ("Cluster", "Action"):
            owner = owner_of(n.start)
            if owner and owner != iri and facts.type_of[owner] == "Action":
                span = facts.sentence(n.start)
                if n.type == "Cluster":
                    yield Found(owner, "supportsCluster", iri, *span, how="section")
                elif not (n.parent or GROUP.match(n.label) or iri in heads):
                    yield Found(iri, "memberOf", owner, *span, how="section")
        if n.type not in ("Company", "Park"):
            continue
        cluster = _cluster_of(facts, n.start)
        if cluster and cluster != iri:
            p = {"Company": "partOfCluster", "Park": None}.get(n.type)
            if n.type == "Park":
                yield Found(cluster, "hasPark", iri, *facts.sentence(n.start), how="section")
            elif p:
                yield Found(iri, p, cluster, *facts.sentence(n.start), how="section")


def _how(facts: Facts, owner: str, pos: int) -> str:
    span = facts.sentence(pos)
    return "stated" if any(iri == owner for _, iri in facts.by_sentence.get(span, ())) else "section"


def _owners(facts: Facts) -> Callable[[int], str | None]:
    """The programme a position belongs to: named in its sentence, else its innermost section's."""

    def owner(pos: int) -> str | None:
        span = facts.sentence(pos)
        near = [(n, iri) for n, iri in facts.by_sentence.get(span, ()) if _programme(n) and n.start < pos]
        if near:
            return near[-1][1]
        if span not in facts._section_owner:
            facts._section_owner[span] = _section_owner(facts, pos)
        return facts._section_owner[span]

    return owner


def _section_owner(facts: Facts, pos: int) -> str | None:
    for section in reversed(facts.around(pos)):
        if section.kind == "subtitle":
            break
        heads = [(n, iri) for n, iri in facts.heads(section) if _programme(n) or n.type == "Policy"]
        if heads:
            return heads[0][1]
    return None


def _programme(n: Name) -> bool:
    return n.type == "Action" and not n.parent and not GROUP.match(n.label) and bool(
        PROGRAMME.search(n.label) or n.source in ("list", "heading"))


def _cluster_of(facts: Facts, pos: int) -> str | None:
    for section in reversed(facts.around(pos)):
        heads = facts.heads(section)
        if heads and heads[0][0].type == "Cluster" and not GROUP.match(heads[0][0].label):
            return heads[0][1]
    return None


def by_policy(facts: Facts) -> Iterator[Found]:
    """The policy a report is about sets its targets and its programmes."""
    policies = main_policies(facts)
    if not policies:
        return
    owner_of = _owners(facts)
    for p_iri, span in policies:
        for v in facts.values:
            if v.kind == "target" and owner_of(v.start) in (None, p_iri):
                yield Found(p_iri, "targets", v.iri, *facts.sentence(v.start), how=_how(facts, p_iri, v.start))
        for n, iri in facts.named:
            if n.type == "Action" and (n.parent or GROUP.match(n.label)):
                yield Found(iri, "setBy", p_iri, *span, how=_how(facts, p_iri, n.start))


_ISSUED = re.compile(r"印发|出台|发布|审议通过|公布|下发|制定|出炉|明确了|提出")


def main_policies(facts: Facts) -> list[tuple[str, tuple[int, int]]]:
    """The policies a report is about: those named where it says they were issued, early on."""
    limit = max(600, len(facts.text) // 3)
    for n, _iri in facts.named:
        if n.type != "Policy" or n.start > limit:
            continue
        span = facts.sentence(n.start)
        if _ISSUED.search(facts.text, *span):
            return [(i, span) for m, i in facts.by_sentence[span] if m.type == "Policy"]
    return []


#: Verbs that say what a place, cluster or company develops (the industry list's governors).
_DEVELOPS = re.compile(r"主导产业[：:为是]?|围绕|聚焦|重点发展|重点布局|大力发展|积极布局|主攻|瞄准|深耕|做强|做大|发展|布局|壮大|培育")
_SUBJECTS = {"Park": "hostsIndustry", "Cluster": "inIndustry", "Company": "inIndustry", "Platform": "inIndustry",
             "Action": "inIndustry"}


def develops(facts: Facts) -> Iterator[Found]:
    """``董家智能装备产业园重点发展工业母机和智能制造装备``: the industries after a verb of
    development belong to the park, cluster or company before it, else to the cluster or park
    whose section the sentence is in."""
    for span, tagged in facts.by_sentence.items():
        industries = [(n, iri) for n, iri in tagged if n.type == "Industry"]
        if not industries:
            continue
        for verb in _DEVELOPS.finditer(facts.text, *span):
            objects = [(n, iri) for n, iri in industries if verb.end() <= n.start < _sentence_part(facts, verb.end(), span)]
            if not objects:
                continue
            before = [(n, iri) for n, iri in tagged if n.type in _SUBJECTS and n.end <= verb.start()
                      and not GROUP.match(n.label) and not n.parent]
            how = "stated"
            if before:
                subject, s_iri = before[-1]
            else:
                owner = _section_subject(facts, verb.start())
                if owner is None:
                    continue
                subject, s_iri = owner
                how = "section"
            p = _SUBJECTS[subject.type]
            for _n, iri in objects:
                if iri != s_iri:
                    yield Found(s_iri, p, iri, *span, how=how)


_LIST_END = re.compile(r"[。；;！？]")


def _sentence_part(facts: Facts, pos: int, span: tuple[int, int]) -> int:
    """Where the list after a verb ends: the sentence's end, or a ；/。 before it."""
    m = _LIST_END.search(facts.text, pos, span[1])
    return m.start() if m else span[1]


def _section_subject(facts: Facts, pos: int):
    for section in reversed(facts.around(pos)):
        heads = facts.heads(section)
        if heads and heads[0][0].type in ("Cluster", "Park") and not GROUP.match(heads[0][0].label):
            return heads[0]
    return None


#: How a company comes to run a park or platform, between the two names.
_RUNS_AFTER = re.compile(r"^(?:牵头|负责|投资|自主|共同|联合|为主)?(?:建设|运营|承建|组建|打造|开发|创建|搭建|建立|建成)")
_RUNS = re.compile(r"建设|运营|承建|组建|打造|开发|创建|搭建|建立|管理")
_BY = re.compile(r"(?:由|依托|支持)$")


def operated(facts: Facts) -> Iterator[Found]:
    """``由C牵头建设的P``, ``依托C建设P``, ``支持C建设P``, ``C打造的P``, ``P由C投资建设``."""
    for span, tagged in facts.by_sentence.items():
        companies = [(n, iri) for n, iri in tagged if n.type == "Company"]
        if not companies:
            continue
        runs = [(n, iri) for n, iri in tagged if n.type in ("Park", "Platform")]
        for c, c_iri in companies:
            after = facts.text[c.end:c.end + 14]
            by = _BY.search(facts.text, max(span[0], c.start - 2), c.start)
            for r, r_iri in runs:
                gap = facts.text[c.end:r.start]
                if r.start >= c.end and len(gap) <= 16 and not CLAUSE_END.search(gap) and (
                        _RUNS_AFTER.match(after) or (by and _RUNS.search(gap))):
                    yield Found(r_iri, "operatedBy", c_iri, *span)
                elif r.end <= c.start and by and facts.text[c.start - 2:c.start].endswith("由") \
                        and _RUNS.search(after) and not CLAUSE_END.search(facts.text[r.end:c.start - 1][-12:]):
                    yield Found(r_iri, "operatedBy", c_iri, *span)


#: Words that put a company inside a cluster named in the same sentence.
_IN_CLUSTER = re.compile(r"集聚|拥有|链主|骨干|龙头|中坚|领军|头部|旗下|企业")


def in_clusters(facts: Facts) -> Iterator[Found]:
    """``绿色石化产业集群已集聚泰和新材、德邦科技等企业``, ``作为X产业集群的“链主”企业，C…``:
    the companies of a sentence that names one cluster and how they belong to it."""
    for span, tagged in facts.by_sentence.items():
        clusters = {iri for n, iri in tagged if n.type == "Cluster" and not GROUP.match(n.label)}
        if len(clusters) != 1 or not _IN_CLUSTER.search(facts.text, *span):
            continue
        [cluster] = clusters
        for n, iri in tagged:
            if n.type == "Company":
                yield Found(iri, "partOfCluster", cluster, *span)


#: Per predicate, the words that state it between two names: what a page marks as stating a relation.
CUES = {
    "inIndustry": _DEVELOPS, "hostsIndustry": _DEVELOPS, "locatedInPark": _IN_PARK, "setBy": _ISSUED,
    "operatedBy": re.compile(f"{_RUNS.pattern}|由|依托"), "partOfCluster": _IN_CLUSTER, "memberOf": _IN_CLUSTER,
}


def listed_companies(facts: Facts) -> Iterator[Found]:
    """``京东方、维信诺、彩虹光电等龙头企业相继落户，新型显示产业规模…``: companies listed in a
    sentence are in the industry it names; of several, the one named next after the list."""
    for span, tagged in facts.by_sentence.items():
        text = facts.text
        listed = [(n, iri) for n, iri in tagged if n.type == "Company" and (
            n.source == "list" or text[n.end:n.end + 1] in ("、", "等") or text[n.start - 1:n.start] == "、")]
        industries = [(n, iri) for n, iri in tagged if n.type == "Industry"]
        if len(listed) < 2 or not industries:
            continue
        if len({iri for _, iri in industries}) == 1:
            industry = industries[0][1]
        else:
            end = max(n.end for n, _ in listed)
            after = [(n, iri) for n, iri in industries if n.start >= end and n.start - end <= 20]
            if not after:
                continue
            industry = after[0][1]
        for _, iri in listed:
            yield Found(iri, "inIndustry", industry, *span)


RULES: tuple[Rule, ...] = (from_names, in_clauses, members, in_sections, by_policy, develops, operated,
                           listed_companies, in_clusters)


def relations(facts: Facts, rules: Iterable[Rule] = RULES) -> list[Found]:
    """Every rule's relations, each once (the first rule's evidence kept; stated beats section)."""
    rank = {"stated": 0, "name": 1, "section": 2}
    best: dict[tuple[str, str, str], Found] = {}
    for rule in rules:
        for f in rule(facts):
            key = (f.s, f.p, f.o)
            if key not in best or rank[f.how] < rank[best[key].how]:
                best[key] = f
    return sorted(best.values(), key=lambda f: (f.start, f.s, f.p, f.o))
