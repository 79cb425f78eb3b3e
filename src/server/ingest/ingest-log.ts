/**
 * The ingestion side of the server: acknowledged batches go to the store's
 * write-ahead log; background commits merge them into partitions.
 */
export class IngestLog {
  private listeners: Array<() => void> = [];

  constructor(readonly storeDir: string) {}

  /** Called after each background commit (readers then see the new events). */
  onCommit(fn: () => void): void {
    this.listeners.push(fn);
  }

  async close(): Promise<void> {}
}
