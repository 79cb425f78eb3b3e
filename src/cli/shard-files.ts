/**
 * Reading and writing the files of the shard protocol for the CLI commands (plan,
 * exec-shard, merge, finish): a plan or part that cannot be read is a user error
 * naming the file; every file is written through a temporary file renamed into
 * place (out-file.ts), so a repeated or late duplicate task only replaces a file with
 * the same bytes and a killed task leaves no half-written part.
 */
import fs from 'node:fs';
import { UserError } from '../errors.js';
import type { Part, ShardPlanFile } from '../exec/distributed/index.js';
import { openOut } from './out-file.js';

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export async function readPlanFile(file: string): Promise<ShardPlanFile> {
  // Only the plan's reader: exec-shard starts its sandbox before the engine modules load.
  const { parseShardPlan } = await import('../exec/distributed/shard-plan.js');
  return parseShardPlan(readFile(file, 'plan file'), file);
}

export async function readPartFiles(plan: ShardPlanFile, files: string[]): Promise<Part[]> {
  const { decodePart } = await import('../exec/distributed/index.js');
  return files.map((f) => decodePart(readFile(f, 'partial-state file'), plan, f));
}

/** Write a whole text to `--out` atomically (or to standard output). */
export async function writeOutAtomically(file: string | undefined, text: string): Promise<void> {
  const target = openOut(file);
  try {
    await new Promise<void>((resolve, reject) => target.stream.write(text, (e) => (e ? reject(e) : resolve())));
  } catch (e) {
    await target.abort();
    throw e;
  }
  await target.close();
}
