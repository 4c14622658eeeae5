"""One module per layout of the portal; each returns `Fields` or None when it does not apply."""
