"""The `everychild` command: Django's management commands under friendlier names.

    everychild synth --children 5000 --seed 1
    everychild audit verify
    everychild serve            (runserver on 127.0.0.1:8000)
    everychild migrate | createstaff | ...   (any management command)
"""

from __future__ import annotations

import os
import sys

# Two-word commands map to single management commands.
ALIASES: dict[tuple[str, ...], str] = {
    ("calendar", "closure"): "calendar_closure", ("outbox", "send"): "outbox_send",
    ("audit", "verify"): "audit_verify", ("db", "grant-app-role"): "grant_app_role"}
# Identity matching in bulk, and retraining its model.
ALIASES.update({("people", "dedupe"): "people_dedupe", ("people", "link"): "people_link",
                ("people", "train-matcher"): "people_train_matcher"})
# The Working Together procedure set the authority works to, from a date.
ALIASES[("casework", "procedure")] = "casework_procedure"
# Telling managers about overdue casework.
ALIASES[("oversight", "escalate")] = "oversight_escalate"
# Statutory returns.
ALIASES.update({("census", "export"): "census_export", ("census", "validate"): "census_validate",
                ("annex-a",): "annex_a"})


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "everychild.config.settings.local")
    from django.core.management import execute_from_command_line

    if len(args) >= 2 and (args[0], args[1]) in ALIASES:
        args = [ALIASES[(args[0], args[1])], *args[2:]]
    elif args and (args[0],) in ALIASES:
        args = [ALIASES[(args[0],)], *args[1:]]
    elif args and args[0] == "serve":
        args = ["runserver", "--noreload", "127.0.0.1:8000", *args[1:]]
    execute_from_command_line(["everychild", *args])


if __name__ == "__main__":
    main()
