"""The form every casework page reads: the people pages' form, with its dates held to
the years casework accepts (1900 to ten years ahead; see casework.dates)."""

from __future__ import annotations

from everychild.people.forms import Field
from everychild.people.forms import Form as PeopleForm

from ..dates import out_of_range


class Form(PeopleForm):
    def _clean_field(self, f: Field) -> None:
        super()._clean_field(f)
        value = self.cleaned.get(f.name)
        if f.kind != "date" or value is None:
            return
        message = out_of_range(value, f.label)
        if message:
            self.cleaned[f.name] = None
            self.add_error(f.name, message)
            self.bad_parts[f.name] = ("year",)
