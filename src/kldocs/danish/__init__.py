"""Danish as a civil servant writes it: formatting, points and periods in time, and file names.

The bottom of the house: these modules know the Danish language and nothing
of partnerships, programme folders or Word.
"""
