"""The indicator pages' reads: whose figures a user may see, the figures, the children
behind them, and how they are drawn and downloaded."""
