"""Build the optional compiled statistics (Cython → C, compiled by the system's C compiler).

Metadata lives in pyproject.toml; this file only declares the extension modules. They are
``optional``: where no C compiler is present the install still succeeds and the tool falls back to
sacrebleu's pure-Python statistics (and says so once).
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

MODULES = ["_ter", "_chrf", "_bleu", "_resample", "_sentence", "_tok13a"]
# Inline C shared by the modules (cimported); a change to it rebuilds them all.
SHARED = ["review_app/scoring/_fast/_ngram.pxd"]

# -ffp-contract=off: no multiplication fused with an addition (Python rounds each one), so the same floats as
# sacrebleu's on any CPU.
extensions = [
    Extension(f"review_app.scoring._fast.{name}", [f"review_app/scoring/_fast/{name}.pyx"],
              depends=SHARED, extra_compile_args=["-O2", "-ffp-contract=off"], optional=True)
    for name in MODULES
]

setup(ext_modules=cythonize(extensions, language_level=3, quiet=True))
