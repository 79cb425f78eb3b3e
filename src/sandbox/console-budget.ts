/**
 * console.* output of one sandbox session is bounded (issue 9 item 6): a script that
 * logs in a tight loop once grew the host to 4.5 GB (every line queued between the
 * worker and the main thread, then in stderr's buffer) and overran --timeout. Lines
 * are forwarded until CONSOLE_BUDGET_BYTES; after that they are only counted, and
 * the session reports the count in ONE line when it closes (droppedLine()).
 *
 * Counting happens where the guest calls console.log (context.ts), so a flood costs
 * the worker a counter, not a message.
 */

/** Console bytes a session forwards before it starts dropping (documented in docs/sandbox.md). */
export const CONSOLE_BUDGET_BYTES = 4 * 1024 * 1024;

export interface ConsoleDropped {
  lines: number;
  bytes: number;
}

export class ConsoleBudget {
  private used = 0;
  readonly dropped: ConsoleDropped = { lines: 0, bytes: 0 };

  constructor(readonly budgetBytes = CONSOLE_BUDGET_BYTES) {}

  /** True: forward the line. False: it was counted as dropped. `length`: its length in UTF-16 units. */
  take(length: number): boolean {
    const size = length + 1; // the newline
    if (this.dropped.lines === 0 && this.used + size <= this.budgetBytes) {
      this.used += size;
      return true;
    }
    this.dropped.lines++;
    this.dropped.bytes += size;
    return false;
  }
}

/** The one line that says what was dropped, or null when nothing was. */
export function droppedLine(d: ConsoleDropped, budgetBytes = CONSOLE_BUDGET_BYTES): string | null {
  if (d.lines === 0) return null;
  const mb = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  return `quarry: console output over the ${mb(budgetBytes)} limit of a run was dropped: ${d.lines.toLocaleString('en-US')} line${d.lines === 1 ? '' : 's'} (${mb(d.bytes)})`;
}
