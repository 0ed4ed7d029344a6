"""Reference data shipped with kldocs: the 98 municipalities and where they lie."""
