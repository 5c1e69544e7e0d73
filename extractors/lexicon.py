"""The jieba segmenter, quiet and offline, with the project's domain dictionary.

spaCy's jieba segmenter uses the global jieba instance, so loading the user
dictionary here makes spaCy tokens and subject windows agree (专任教师 is one word).
jieba's dictionary (its word frequencies with every prefix, and the tagger's word tags)
takes ~2 s to build from its text file; it is built once and kept, pickled, in
`cache_dir()`, a folder that outlives temporary-file cleaning. Pickle because it loads
this table in half the time of the marshal file jieba keeps itself, and the word tags
in a third of the time of parsing them again, as importing jieba.posseg does. It is
pickled as a few flat pieces (`_packed`), not as two dicts: loading makes each word once,
shared by both tables, which is a quarter faster at every start and ~20 MB less memory.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
import tempfile
from array import array
from functools import lru_cache
from pathlib import Path

USER_DICT = Path(__file__).with_name("data") / "userdict.txt"


def cache_dir() -> Path:
    """$REPORTX_CACHE_DIR, else $XDG_CACHE_HOME/reportx, else ~/.cache/reportx; the temp dir when none can be made."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    folder = Path(os.environ.get("REPORTX_CACHE_DIR") or Path(home) / "reportx")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir())
    return folder if os.access(folder, os.W_OK) else Path(tempfile.gettempdir())


@lru_cache(maxsize=1)
def segmenter():
    # jieba imports pkg_resources (0.2-0.4 s) only to open its own data files; without it, it opens them by path.
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    if not jieba.dt.initialized:
        jieba.dt.FREQ, jieba.dt.total, _ = _dictionary(jieba.dt)
        jieba.dt.initialized = True
    jieba.load_userdict(str(USER_DICT))
    return jieba.dt


@lru_cache(maxsize=1)
def tagger():
    """jieba's part-of-speech tagger over the same dictionary, its word tags from the cache (the
    import is pointed at an empty dictionary: it would parse them again)."""
    tokenizer = segmenter()
    dictionary, tokenizer.dictionary = tokenizer.dictionary, os.devnull
    try:
        import jieba.posseg
    finally:
        tokenizer.dictionary = dictionary
    jieba.posseg.dt.word_tag_tab = _dictionary(tokenizer)[2]  # the user words' tags merge in at the first cut
    return jieba.posseg.dt


@lru_cache(maxsize=1)
def _dictionary(tokenizer) -> tuple[dict[str, int], int, dict[str, str]]:
    """(frequencies of words and their prefixes, their total, word tags) of jieba's own dictionary,
    loaded once: the segmenter takes the frequencies and the tagger the tags (both add the user words)."""
    import jieba

    path = cache_dir() / f"jieba.{jieba.__version__}.words.pickle"
    try:
        with open(path, "rb") as cached:
            return _unpacked(pickle.load(cached))
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, IndexError):
        pass
    frequencies, total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
    tags = {}
    for line in tokenizer.get_dict_file():
        if line.strip():
            word, _, tag = line.decode("utf-8").split()
            tags[word] = tag
    table = (frequencies, total, tags)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        with open(partial, "wb") as out:
            pickle.dump(_packed(*table), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # a reader never sees half a table
    except OSError:
        partial.unlink(missing_ok=True)
    return table


def _packed(frequencies: dict[str, int], total: int, tags: dict[str, str]) -> tuple:
    """The tables as flat pieces: the words one per line, their frequencies as an array, and each
    tagged word (every one is also a key of `frequencies`) as its place in that list, its tag by number."""
    place = {word: i for i, word in enumerate(frequencies)}
    names = sorted(set(tags.values()))
    number = {name: i for i, name in enumerate(names)}
    return ("\n".join(frequencies), array("q", frequencies.values()).tobytes(), total,
            array("i", map(place.__getitem__, tags)).tobytes(), "\n".join(names),
            array("H", (number[tag] for tag in tags.values())).tobytes())


def _unpacked(pieces: tuple) -> tuple[dict[str, int], int, dict[str, str]]:
    """The tables `_packed` flattened, each word one string shared by both."""
    words, frequencies, total, tagged, names, tag_numbers = pieces
    words = words.split("\n")
    names = names.split("\n")
    return (dict(zip(words, array("q", frequencies), strict=True)), total,
            dict(zip(map(words.__getitem__, array("i", tagged)), map(names.__getitem__, array("H", tag_numbers)), strict=True)))
