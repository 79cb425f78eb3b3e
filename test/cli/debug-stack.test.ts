/**
 * `--debug` stack traces name quarry's TypeScript sources (bin/quarry.js loads module by
 * module with source maps on), not the single-file bundle; without --debug, no stack.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('--debug stack traces', () => {
  it('point into src/*.ts with --debug; no trace without it', async () => {
    const missing = path.join(tempDir('quarry-debug-'), 'missing.js');
    const debug = await runCli(['run', missing, '--debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/ at .*src[\\/]cli[\\/]commands[\\/]run\.ts:\d+:\d+/);
    expect(debug.stderr).not.toContain('cli.cjs');
    const plain = await runCli(['run', missing]);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('cannot read script');
    expect(plain.stderr).not.toContain('    at ');
  });
});
