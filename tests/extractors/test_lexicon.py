"""jieba's dictionary, kept in the cache folder: a process that builds it and one that reads it tag alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# Words as reports write them, cut and tagged as jieba's dictionary plus the domain words (userdict.txt) say.
CUTS = [
    ("组建区县教育局", [["组建", "v"], ["区县", "n"], ["教育局", "n"]]),
    ("专任教师", [["专任教师", "n"]]),
    ("在校学生数", [["在校学生数", "n"]]),
]
_TAG = "from extractors.lexicon import tagger; import json, sys; print(json.dumps([[[w.word, w.flag] for w in tagger().cut(t)] for t in sys.argv[1:]]))"


def tag_in_fresh_process(cache, texts: list[str]) -> list:
    env = {**os.environ, "REPORTX_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", _TAG, *texts], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def built_then_read(tmp_path_factory):
    """Tags from a process that finds no cache (and writes it), then from one that reads it."""
    cache = tmp_path_factory.mktemp("cache")
    texts = [text for text, _ in CUTS]
    built = tag_in_fresh_process(cache, texts)
    written = sorted(path.name for path in cache.iterdir())
    return built, tag_in_fresh_process(cache, texts), written


@pytest.mark.parametrize(("text", "words"), CUTS, ids=[c[0] for c in CUTS])
def test_cached_dictionary_tags_as_jieba_does(text, words, built_then_read):
    built, read, _ = built_then_read
    index = [c[0] for c in CUTS].index(text)
    assert (built[index], read[index]) == (words, words)


@pytest.mark.parametrize("suffix", [".pickle"], ids=["pickle"])
def test_the_dictionary_is_written_once_whole(suffix, built_then_read):
    *_, written = built_then_read
    assert len(written) == 1 and written[0].endswith(suffix), written  # no partial file left behind
