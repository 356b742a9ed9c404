"""Text made inert for Markdown: the one escaper of the app's Streamlit calls and of the Markdown reports.

Streamlit renders ``st.markdown``, ``st.caption``, ``st.subheader``, ``st.error``, radio labels …
as Markdown (with colour directives and LaTeX), and ``report.md`` is read by Markdown viewers (a CI
job posts it as a comment); a name like ``[x](https://evil)`` or ``![](https://…)`` would become a
live link or load an external image. Every text from a user or a file goes through :func:`md`.
"""

from __future__ import annotations

import re

# Characters that open inline Markdown: links and images (``[``), HTML and autolinks (``<``),
# emphasis, code, strike-through, LaTeX, table cells (``|``), and the escape character itself.
# With ``[`` escaped, neither ``![…](…)`` nor Streamlit's ``:red[…]`` can form.
_INLINE = re.compile(r"([\\`*_\[\]<>~$|])")
# ``:name[`` starts a Streamlit directive: a character reference for its colon breaks it and
# still shows a colon. Bare URLs and e-mail addresses are turned into links after Markdown is
# parsed (escapes and references are decoded by then), so an invisible WORD JOINER (U+2060)
# goes into ``://``, after ``@`` and before the dot of ``www.``: the text reads the same, no link forms.
_DIRECTIVE = re.compile(r":(?=[\w-]+\\?\[)")
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=:)(?=//)|(?<=@)(?=\w)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a block these make a heading, a list item or a quote.
_BLOCK_START = re.compile(r"^(\s*|\s*\d+)([#>+\-=|]|(?<=\d)[.)])")


def md(text: object) -> str:
    """``text`` shown literally inside Markdown, on one line (line breaks become spaces)."""
    value = "" if text is None else str(text)
    value = " ".join(value.splitlines()) if ("\n" in value or "\r" in value) else value
    value = _ENTITY.sub("&amp;", value)
    value = _INLINE.sub(r"\\\1", value)
    value = _DIRECTIVE.sub("&#58;", value)
    value = _AUTOLINK.sub("\u2060", value)
    return _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), value)
