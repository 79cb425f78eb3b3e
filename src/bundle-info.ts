/**
 * What code running from a single-file bundle (dist/bundle/, scripts/bundle.mjs) learns
 * from its loader (bin/load-bundle.cjs): the loader passes `__quarryBundle` in as a
 * parameter of the function that wraps the bundle. Run module by module (dist/src/ or
 * the TypeScript sources), there is no such binding and both functions say so.
 */
interface BundleInfo {
  /** The sandbox worker's own bundle entry (a script file for `new Worker`). */
  sandboxWorker: string;
  /** The parallel scan's shard worker bundle entry (a script file for `new Worker`). */
  shardWorker: string;
  /** Write the V8 code cache of this bundle now, if it had none (once per process). */
  saveCodeCache(): void;
}

declare const __quarryBundle: BundleInfo | undefined;

function info(): BundleInfo | undefined {
  return typeof __quarryBundle === 'undefined' ? undefined : __quarryBundle;
}

/** The sandbox worker's bundled entry when this code is bundled, else undefined. */
export function bundledSandboxWorker(): string | undefined {
  return info()?.sandboxWorker;
}

/**
 * The shard worker's bundled entry when this code is bundled, else undefined: loaded
 * module by module from dist/src/, each shard worker spent ~0.15 s CPU compiling.
 */
export function bundledShardWorker(): string | undefined {
  return info()?.shardWorker;
}

/** Save the running bundle's code cache (no-op outside a bundle, or when it had one). */
export function saveBundleCodeCache(): void {
  info()?.saveCodeCache();
}
