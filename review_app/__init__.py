"""review_app: translation quality review — ingest, segment, align, score, check, review, export."""

__version__ = "0.1.0"
