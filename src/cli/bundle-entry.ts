/**
 * What the single-file CLI bundle exports (scripts/bundle.mjs builds it from this file;
 * bin/quarry.js loads it through bin/load-bundle.cjs when it is there). The imports are
 * dynamic so that the bundle's top level evaluates nothing: `startEarly` then starts the
 * sandbox worker before yargs and the command table are evaluated, as bin/quarry.js does
 * without the bundle.
 */
export async function startEarly(argv: readonly string[]): Promise<void> {
  await (await import('./early-start.js')).startEarly(argv);
}

export async function main(argv: string[]): Promise<void> {
  await (await import('./main.js')).main(argv);
}
