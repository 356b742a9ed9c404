"""Weights of the chrome model, written by ``scripts/train_chrome_model.py`` (do not edit by hand)."""

WEIGHTS: tuple[float, ...] = (
    +3.057504,  # bias
    -2.116695,  # log_words
    +0.206542,  # one_or_two_words
    -1.676036,  # sentence_end
    -3.000036,  # colon_end
    +2.929708,  # title_share
    +0.229588,  # caps_share
    -0.956456,  # function_share
    -0.039665,  # no_function_word
    -0.684467,  # separator
    +0.724880,  # digit_share
    +0.689353,  # date
    -0.373128,  # address
    +4.586195,  # ui_share
    +0.356627,  # ui_strong
    +2.729302,  # cta_opener
    -0.605439,  # comma
    +1.657938,  # lower_start
)
