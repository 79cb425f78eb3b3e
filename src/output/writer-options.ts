/** Options every writer takes. */
export interface WriterOptions {
  /** `--max-output MB`: stop with a LimitError('output') past this many MiB. Undefined or 0: no limit. */
  maxOutputMB?: number;
  /** Called with a warning for standard error (e.g. CSV columns that appeared too late). */
  onWarning?: (message: string) => void;
}

/** What a writer reports when done. */
export interface WriteSummary {
  items: number;
  bytes: number;
}

export type ResultItems = AsyncIterable<unknown> | Iterable<unknown>;
