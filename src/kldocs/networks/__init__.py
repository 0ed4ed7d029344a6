"""Networks of municipalities: the line-up model, its score, the search, the size plan and ``networks.csv``."""
