/**
 * A script's console lines on standard error (issue 9 item 6). The sandbox already
 * caps how much a run may print (sandbox/console-budget.ts); this side writes with
 * backpressure: when stderr's buffer is full (a slow reader) lines wait in a queue
 * until 'drain' instead of piling up in the stream, and when the reader goes away
 * (EPIPE, or any write error) console output stops quietly and the run goes on: its
 * result on stdout matters more than its log.
 *
 * @example
 *   const lines = new ConsoleLines(process.stderr);
 *   lines.write('[q.js] hello\n');
 *   await lines.end(); // before the exit code is reported, so messages stay in order
 */

/** Queued bytes at most; the sandbox's budget keeps a run far below this in practice. */
const MAX_QUEUED = 16 * 1024 * 1024;

export class ConsoleLines {
  private queue: string[] = [];
  private queued = 0;
  private waiting = false;
  private gone = false;
  private idle: Array<() => void> = [];

  constructor(private out: NodeJS.WritableStream) {
    out.on('error', this.onError);
  }

  private onError = () => {
    this.gone = true;
    this.queue = [];
    this.queued = 0;
    this.settle();
  };

  write(text: string): void {
    if (this.gone) return;
    if (this.waiting) {
      if (this.queued + text.length > MAX_QUEUED) return;
      this.queue.push(text);
      this.queued += text.length;
      return;
    }
    this.send(text);
  }

  private send(text: string): void {
    try {
      if (!this.out.write(text)) {
        this.waiting = true;
        this.out.once('drain', this.onDrain);
      }
    } catch {
      this.onError();
    }
  }

  private onDrain = () => {
    this.waiting = false;
    while (!this.waiting && !this.gone && this.queue.length > 0) {
      const next = this.queue.shift()!;
      this.queued -= next.length;
      this.send(next);
    }
    if (!this.waiting) this.settle();
  };

  private settle(): void {
    if (this.waiting && !this.gone) return;
    for (const f of this.idle.splice(0)) f();
  }

  /** Resolves when every queued line is handed to the stream (or the reader is gone). */
  end(): Promise<void> {
    if (!this.waiting || this.gone) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}
