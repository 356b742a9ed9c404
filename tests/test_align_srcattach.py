"""Source attachment is deterministic: the same result whatever the process's string-hash salt."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from shared_data import REPO_ROOT, shared_corpus

SCRIPT = """
import hashlib, json, sys
from pathlib import Path
from review_app.align.srcattach import AnchorSimilarity
from review_app.pipeline import align_sentences, sentences_from_text
folder = Path(sys.argv[1])
read = lambda name: "\\n".join((folder / name).read_text(encoding="utf-8").splitlines()[:400])
mt = sentences_from_text(read("test20.mt"), "en", segmented=True)
ref = sentences_from_text(read("test20.pe"), "en", segmented=True)
src = sentences_from_text(read("test20.src"), "ru", segmented=True)
segments = align_sentences(mt, ref, src, score=False, segmented=True)
vectors = AnchorSimilarity.vectors([s.text for s in src])
print(json.dumps({"src_ids": [s.src_ids for s in segments], "vectors": hashlib.sha256(vectors.tobytes()).hexdigest()}))
"""


def _attach(seed: str, folder: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT, folder], capture_output=True, text=True, env=env,
                         cwd=REPO_ROOT, check=True)
    return json.loads(out.stdout)


def test_source_attachment_does_not_depend_on_the_hash_seed() -> None:
    folder = str(shared_corpus("mlqe-pe-ru-en") / "test20")
    first, second = _attach("1", folder), _attach("2", folder)
    assert first["vectors"] == second["vectors"]
    assert first["src_ids"] == second["src_ids"]
    # 400 MT lines and 400 source lines: the banded (vector) path is the one in use.
    assert sum(len(ids) for ids in first["src_ids"]) == 400
