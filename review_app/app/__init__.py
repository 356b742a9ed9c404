"""The Streamlit review dashboard: thin pages over :mod:`review_app.store` and the core library."""
