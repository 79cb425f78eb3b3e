/**
 * What the single-file CLI bundle exports (scripts/bundle.mjs builds it from this file;
 * bin/quarry.js loads it through bin/load-bundle.cjs when it is there). The import is
 * dynamic so that the bundle's top level evaluates nothing. The early sandbox worker is
 * not started from here but before the bundle is compiled (cli/early-start.ts).
 */
export async function main(argv: string[]): Promise<void> {
  await (await import('./main.js')).main(argv);
}
