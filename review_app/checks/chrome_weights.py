"""Weights of the chrome model, written by ``scripts/train_chrome_model.py`` (do not edit by hand)."""

WEIGHTS: tuple[float, ...] = (
    +3.127852,  # bias
    -2.127308,  # log_words
    +0.199479,  # one_or_two_words
    -1.682126,  # sentence_end
    -3.018758,  # colon_end
    +2.886392,  # title_share
    +0.244421,  # caps_share
    -1.011711,  # function_share
    +0.005133,  # no_function_word
    -0.708322,  # separator
    +0.724966,  # digit_share
    +0.684366,  # date
    -0.397662,  # address
    +4.720729,  # ui_share
    +0.316368,  # ui_strong
    +2.645254,  # cta_opener
    -0.618961,  # comma
    +1.630853,  # lower_start
)
