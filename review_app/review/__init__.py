"""Review core on top of the store: importing documents into projects and the demo project."""
