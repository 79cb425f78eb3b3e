# q7: the quarry side, two commands (run.ts runs them; shown here for reference).
# Once per run, not timed: save the cohort definition (a behaviour and a profile criterion).
quarry cohort create bench-q7 --did Purchase --at-least 2 --from 2024-03-01 --to 2024-03-31 \
  --where 'properties["$country_code"] == "US"' --replace --store "$STORE"
# Timed: evaluate it and export its members' profiles as CSV.
quarry cohort members bench-q7 --columns '$email,plan,$country_code' --format csv --store "$STORE"
