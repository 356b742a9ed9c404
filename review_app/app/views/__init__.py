"""The dashboard's pages, each a script that ``st.navigation`` runs.

Not named ``pages/``: Streamlit treats a ``pages/`` folder beside the main script as a legacy
multipage app and would run a page directly (without main.py's setup) when its URL is opened.
"""
