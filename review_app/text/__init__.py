"""Text in: decoding files and uploads, sentence segmentation, word diffs."""
