"""The inputs of a programme folder, read and validated at the edge.

YAML and tables exported from Excel become typed models here: the
programme, its registrations, the recipients and the results. Everything
above this layer trusts their types.
"""
