"""Weights of the link-confidence model, written by ``scripts/train_link_confidence.py`` (do not edit by hand)."""

# The log-odds that a link is wrong: bias, then one weight per feature.
WEIGHTS: tuple[float, ...] = (
    -0.471450,  # bias
    -1.404622,  # margin
    +26.625509,  # crossing
    +1.471990,  # left_out
)
