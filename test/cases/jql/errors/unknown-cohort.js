// An unknown cohort name is a script error.
function main() {
  return People({ cohort: 'no-such-cohort' });
}
