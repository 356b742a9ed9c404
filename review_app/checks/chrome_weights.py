"""Weights of the chrome model, written by ``scripts/train_chrome_model.py`` (do not edit by hand)."""

WEIGHTS: tuple[float, ...] = (
    +3.120071,  # bias
    -2.126899,  # log_words
    +0.198814,  # one_or_two_words
    -1.684109,  # sentence_end
    -3.018308,  # colon_end
    +2.894015,  # title_share
    +0.239293,  # caps_share
    -1.004153,  # function_share
    +0.001855,  # no_function_word
    -0.704252,  # separator
    +0.725437,  # digit_share
    +0.683858,  # date
    -0.394573,  # address
    +4.676934,  # ui_share
    +0.318604,  # ui_strong
    +2.696958,  # cta_opener
    -0.615041,  # comma
    +1.636274,  # lower_start
)
