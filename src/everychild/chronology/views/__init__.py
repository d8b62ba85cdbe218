"""The chronology's pages: a child's and a family's chronology, adding and correcting
entries, and the originals attached to them."""

from .entries import attachment, attachment_add, entry, entry_add
from .pages import child, household

__all__ = ["attachment", "attachment_add", "child", "entry", "entry_add", "household"]
