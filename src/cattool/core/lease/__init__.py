"""Community Asset Transfer and the 25-year lease (issue 6; DOMAIN.md §7).

Never imports Qt. The pieces, one concern each:

- model.py       the stored facts: Lease, LeaseBreak (break clauses), CatPolicyOverride
- facts.py       plain copies of those rows (LeaseFacts, BreakFacts) and the vocabularies;
                 what the pure modules and the stdlib fast readers work on
- cat_policy.py  the CAT timetable (resources/cat_policy.toml: council policy, not law),
                 per-case overrides, the stage reached and the "expected by" dates
- key_dates.py   every key date of a lease for its whole life, as engine Deadlines
- checks.py      the lease checks with plain explanations, sources and severities
- fields.py      the records' editable fields and rules (registered in core/editing.py,
                 so undo/redo edits obey them: entities "lease", "lease_break",
                 "cat_policy_override")
- deadlines.py   lease key dates and CAT expected dates for the deadline lists and agenda
- services.py    the writes (validated, audited, one transaction: the caller's)
- queries.py     lease_report: everything the page, documents and `cattool lease` show
"""
