"""Weights of the link-confidence model, written by ``scripts/train_link_confidence.py`` (do not edit by hand)."""

# The log-odds that a link is wrong: bias, then one weight per feature.
WEIGHTS: tuple[float, ...] = (
    -1.782227,  # bias
    -1.253840,  # margin
    +24.892594,  # crossing
    +1.944743,  # left_out
    +0.541885,  # sentences
    +8.132466,  # words_across
    -1.749107,  # words_shared
)
