"""Sentence counts per reference-length bucket, from compare-mt's own LengthSentenceBucketer."""
import sys

from compare_mt import bucketers, corpus_utils

ref = corpus_utils.load_tokens(sys.argv[1])
bucketer = bucketers.LengthSentenceBucketer()
for path in sys.argv[2:]:
    out = corpus_utils.load_tokens(path)
    corpus = bucketer.create_bucketed_corpus(out, ref=ref)
    cells = [f"{name}={len(outs)}" for name, (outs, _, _) in zip(bucketer.bucket_strs, corpus, strict=True)]
    print(path, *cells, sep="\t")
