"""Weights of the link-confidence model, written by ``scripts/train_link_confidence.py`` (do not edit by hand)."""

# The log-odds that a link is wrong: bias, then one weight per feature.
WEIGHTS: tuple[float, ...] = (
    -1.963734,  # bias
    -1.379469,  # margin
    +29.232694,  # crossing
    +2.349400,  # left_out
    +0.531283,  # sentences
)
