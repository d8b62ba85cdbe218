"""Ofsted Annex A: the lists an inspection asks for, written as a workbook."""
