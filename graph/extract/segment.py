"""The word segmenter behind one small interface, imported lazily.

rjieba (jieba-rs) tags about 20 MB/s, twenty times jieba.posseg with the same tokens; a better
segmenter can replace it here without touching the extractors.
"""

from __future__ import annotations

from functools import cache


@cache
def _jieba():
    import rjieba

    return rjieba.Jieba()


def add_words(words, pos: str = "nz") -> None:
    """Teach the segmenter names it must keep whole (gazetteer labels)."""
    jieba = _jieba()
    for word in words:
        if len(word) > 1 and not jieba.has_word(word):
            jieba.add_word(word, 100, pos)


def tag(text: str) -> list[tuple[str, str]]:
    """``(word, part-of-speech)`` pairs, jieba's tag set.

    >>> [w for w, _ in tag("青岛市橡胶产业集群")][-1]
    '集群'
    """
    return _jieba().tag(text)


def is_word(text: str) -> bool:
    """Whether the segmenter's dictionary knows ``text`` as one word (要素, 在建)."""
    return _jieba().has_word(text)


def cut(text: str) -> list[str]:
    """Words, in order.

    >>> cut("海之心")
    ['海之心']
    """
    return _jieba().cut(text)
