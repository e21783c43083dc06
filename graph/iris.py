"""Stable, readable IRIs: a gazetteer id or the pinyin of the label, never a counter."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

BASE = "https://w3id.org/ikg/"
ID = BASE + "id/"
DOC = BASE + "doc/"


@lru_cache(maxsize=65536)
def slug(label: str) -> str:
    """The pinyin of a Chinese label, syllables joined by ``-``.

    >>> slug("智能家电产业集群")
    'zhi-neng-jia-dian-chan-ye-ji-qun'
    >>> slug("“海之心”智算中心 (AI)")
    'hai-zhi-xin-zhi-suan-zhong-xin-ai'
    """
    from pypinyin import lazy_pinyin

    parts = lazy_pinyin(label, errors=lambda chars: re.findall(r"[A-Za-z0-9]+", chars))
    words = [re.sub(r"[^a-z0-9]", "", p.lower()) for p in parts]
    text = "-".join(w for w in words if w)
    if not text:
        text = "x" + hashlib.sha1(label.encode()).hexdigest()[:10]
    if len(text) > 120:  # keep long labels apart: two names may share their first 120 letters
        text = text[:100].rstrip("-") + "-" + hashlib.sha1(label.encode()).hexdigest()[:8]
    return text


def entity_iri(type_: str, label: str, known_id: str = "") -> str:
    """The gazetteer's id, else the label's pinyin and, for a Chinese label, a short digest of it.

    Pinyin alone would give homophones one IRI (兴源 and 星源 are both ``xing-yuan``): two
    companies would merge, and their two labels would make the shapes refuse the whole build.
    The digest keeps them apart without any state, so a label always gets the same IRI.

    >>> entity_iri("Company", "兴源"), entity_iri("Company", "星源")
    ('https://w3id.org/ikg/id/company/xing-yuan-fa9c8b', 'https://w3id.org/ikg/id/company/xing-yuan-ba64d3')
    >>> entity_iri("Company", "海尔", "haier"), entity_iri("Company", "abc")
    ('https://w3id.org/ikg/id/company/haier', 'https://w3id.org/ikg/id/company/abc')
    """
    return f"{ID}{type_.lower()}/{known_id or label_slug(label)}"


@lru_cache(maxsize=65536)
def label_slug(label: str) -> str:
    """``slug(label)``, with a digest of the label unless the slug spells the label exactly."""
    plain = slug(label)
    return plain if plain == label else f"{plain}-{hashlib.sha1(label.encode()).hexdigest()[:6]}"


def document_iri(name: str) -> str:
    """``https://w3id.org/ikg/doc/<file stem>``, the stem in pinyin if it is not plain ASCII.

    >>> document_iri("000_426d9ae1a54ee585.txt")
    'https://w3id.org/ikg/doc/000_426d9ae1a54ee585'
    >>> document_iri("北京 报告.pdf")
    'https://w3id.org/ikg/doc/bei-jing-bao-gao'
    """
    return DOC + document_slug(name)


@lru_cache(maxsize=256)
def document_slug(name: str) -> str:
    """Cached: every indicator value's IRI starts with its document's slug."""
    stem = name.rsplit(".", 1)[0]
    return stem if re.fullmatch(r"[A-Za-z0-9_.-]+", stem) else slug(stem)


def value_iri(doc_name: str, start: int) -> str:
    """A stable IRI for one stated value: the document and the value's place in its text."""
    return f"{ID}value/{document_slug(doc_name)}-{start}"
