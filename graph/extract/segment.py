"""The word segmenter behind one small interface.

rjieba (jieba-rs) tags about 20 MB/s, twenty times jieba.posseg with the same tokens; a better
segmenter can replace it here without touching the extractors. Each :class:`Segmenter` has a
dictionary of its own, so the names one gazetteer teaches it never leak into another's.
"""

from __future__ import annotations

from functools import cache


class Segmenter:
    """Words and parts of speech, jieba's tag set, with ``words`` kept whole.

    >>> [w for w, _ in Segmenter().tag("青岛市橡胶产业集群")][-1]
    '集群'
    >>> Segmenter(["海之心"]).cut("海之心")
    ['海之心']
    """

    def __init__(self, words=(), pos: str = "nz"):
        import rjieba

        self._jieba = rjieba.Jieba()
        for word in words:
            if len(word) > 1 and not self._jieba.has_word(word):
                self._jieba.add_word(word, 100, pos)

    def tag(self, text: str) -> list[tuple[str, str]]:
        return self._jieba.tag(text)

    def is_word(self, text: str) -> bool:
        """Whether the dictionary knows ``text`` as one word (要素, 在建)."""
        return self._jieba.has_word(text)

    def cut(self, text: str) -> list[str]:
        return self._jieba.cut(text)


@cache
def taught() -> Segmenter:
    """A segmenter that keeps the bundled gazetteer's names whole, for callers outside
    extraction (English labels word by word); nothing teaches it more, so sharing it is safe."""
    from graph.extract.gazetteer import Gazetteer

    return Segmenter(Gazetteer.bundled().names())
