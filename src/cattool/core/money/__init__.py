"""Money: fundraising against the deadline, the community share offer and the funder
catalogue. No Qt, no printing; pure functions wherever the database is not needed.

Modules, from the words up:

  vocabulary.py   kinds of source, the status pipeline (idea → applied → pledged →
                  awarded → received, or declined), default likelihoods, tenures,
                  society types
  format.py       money as text and back: parse_money("£25,000"), format_money(),
                  parse_percent(); Decimal only, floats refused
  facts.py        frozen copies of the rows (PlanFacts, SourceFacts, Likelihoods) that
                  every pure function works on
  plan.py         the need (cost lines; minimum / target / maximum), totals by status
                  and kind, the funding position and the gap (never negative: surplus)
  projection.py   likely money on a date (amount × likelihood for money arriving by
                  then), the plain sentence, the burn-up series for a chart
  scenario.py     what-if: move / drop / re-status / re-size a source, change the price,
                  on copies, and project again
  share_offer.py  share offer terms checked against DOMAIN.md §8 (society type, the
                  holding cap as a setting), register totals, the outcome at the close
  scaling.py      scaling back an oversubscribed offer: the deterministic rule
  funders.py      the bundled funder catalogue (resources/funders.toml) merged with the
                  user's Fund rows; check_fund(case facts, fund) in plain words
  rules.py        cross-field rules on money records, run by editing.check_whole
  services.py     the only writers: plan, likelihoods, sources, offer, applications,
                  payments, refunds, holding cap, catalogue entries (audited, Changes)
  queries.py      the read side: money_summary (for `cattool money CASE --json`),
                  case_burn_up, offer_summary, fund_catalogue, check_case_against_fund

The business plan (income streams, running costs, settings, risks, impact measures):

  plan_lines.py   income and cost categories, each line's yearly values (growth,
                  start and last year), the plan's settings, the loan's repayments
  forecast.py     the 5-year income and expenditure account, the cash flow (year 0
                  capital, years 1-5 running) and break-even
  sensitivity.py  income −20 %, costs +20 %, the largest contract lost, energy ×2
  risks.py        risk scores (likelihood × impact), RAG bands, DOMAIN.md §8's risks
  business_plan.py  facts from rows, and build_report() drawing the above together
  plan_services.py  the only writers of the plan's records (audited, Changes), and
                  prefill_risks
  plan_queries.py business_plan_report(session, case, today, basis)

Spreadsheets:

  spreadsheet_files.py  CSV/XLSX tables in and out, with size and type limits
  spreadsheet_columns.py  the two sheets' columns, and reading a cell for its field
  spreadsheets.py  pledges and shareholders: export, and import checked row by row
                  (nothing imported if any row is wrong); shareholders are personal data

The field-level validation of every money record is in the editing registry
(core/editing.py), so the desktop's generic undo/redo obeys the same rules.
"""
