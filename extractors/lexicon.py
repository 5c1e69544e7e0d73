"""The jieba segmenter, quiet and offline, with the project's domain dictionary.

spaCy's jieba segmenter uses the global jieba instance, so loading the user
dictionary here makes spaCy tokens and subject windows agree (专任教师 is one word).
jieba builds its dictionary (~2 s) once and keeps it in `cache_dir()`, a folder that
outlives temporary-file cleaning, so later processes load it in a fraction of that.
"""

from __future__ import annotations

import logging
import os
import tempfile
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
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    jieba.load_userdict(str(USER_DICT))
    return jieba.dt


@lru_cache(maxsize=1)
def tagger():
    """jieba's part-of-speech tagger over the same dictionary."""
    import jieba.posseg

    segmenter()
    return jieba.posseg.dt
