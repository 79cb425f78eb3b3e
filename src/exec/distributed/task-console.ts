/**
 * The script's console lines of a distributed job's tasks. A task keeps its lines in
 * its part (a worker's stderr goes nowhere the user looks); `quarry finish` prints
 * them in task order, where a local run would print them (while the distributed stage
 * runs), under the budget one local run has (sandbox/console-budget.ts): past it lines
 * are counted and one line says how many were dropped.
 */
import { ConsoleBudget, droppedLine } from '../../sandbox/console-budget.js';
import type { ShardConsole } from '../parallel/run-shard.js';
import type { TaskConsole } from './part-file.js';

/** Collects one task's lines for its part. */
export function taskConsoleCollector(task: number): { entry: TaskConsole; onConsole: ShardConsole } {
  const entry: TaskConsole = { task, lines: [] };
  return { entry, onConsole: (line, level) => entry.lines.push([level, line]) };
}

/** Print the tasks' lines (in task order) through `onConsole`, capped as one run is. */
export function replayTaskConsole(entries: TaskConsole[] | undefined, onConsole: ShardConsole | undefined): void {
  if (!onConsole || !entries?.length) return;
  const budget = new ConsoleBudget();
  for (const e of [...entries].sort((a, b) => a.task - b.task)) for (const [level, line] of e.lines) if (budget.take(line.length)) onConsole(line, level);
  const dropped = droppedLine(budget.dropped);
  if (dropped !== null) onConsole(dropped, 'warn');
}
