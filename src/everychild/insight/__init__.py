"""Insight: indicators, dashboards and the statutory returns (CIN census, Ofsted Annex A).

Insight reads the operational records and never writes them (rule 6 of the house).
"""
