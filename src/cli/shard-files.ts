/**
 * Reading and writing the files of the shard protocol for the CLI commands (plan,
 * exec-shard, merge, finish): a plan or part that cannot be read is a user error
 * naming the file; every file is written through a temporary file renamed into
 * place (out-file.ts), so a repeated or late duplicate task only replaces a file with
 * the same bytes and a killed task leaves no half-written part.
 */
import fs from 'node:fs';
import { UserError } from '../errors.js';
import type { Part, PlanDays, ShardPlanFile } from '../exec/distributed/index.js';
import { openOut } from './out-file.js';

function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw cannotRead(file, what, e);
  }
}

function cannotRead(file: string, what: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code;
  return new UserError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
}

/** The plan with the day partitions `days` asks for; only those are read from the file and checked (plan-file.ts). */
export async function readPlanFile(file: string, days: PlanDays): Promise<ShardPlanFile> {
  // Only the plan's reader: exec-shard starts its sandbox before the engine modules load.
  const { readShardPlan } = await import('../exec/distributed/plan-file.js');
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw cannotRead(file, 'plan file', e);
  }
  try {
    const size = fs.fstatSync(fd).size;
    const read = (position: number, length: number): Buffer => {
      const buf = Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const n = fs.readSync(fd, buf, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    };
    return readShardPlan({ size, read }, file, days);
  } finally {
    fs.closeSync(fd);
  }
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
