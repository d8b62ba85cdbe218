"""Statutory timescales: one rule table per procedure set, evaluated by pure functions
over the dates on the record and the working-day calendar (see `rules` and `engine`)."""

from .engine import DueItem, EpisodeFacts, Standing, due_items, standing
from .rules import RULES, Rule, rules_for

__all__ = ["RULES", "DueItem", "EpisodeFacts", "Rule", "Standing", "due_items", "rules_for",
           "standing"]
