/**
 * quarry's modules as a test needs them: from the sources (vitest transpiles them) or
 * from the compiled build in dist/ (npm test builds first). Tests that start worker
 * threads take the build, so every thread loads plain .js instead of transpiling the
 * sources again.
 */
type Exec = typeof import('../../src/exec/index.js');
type Ingest = typeof import('../../src/ingest/index.js');
type Sandbox = typeof import('../../src/sandbox/index.js');
type StoreModule = typeof import('../../src/store/index.js');

export interface QuarryModules {
  runQuery: Exec['runQuery'];
  importEvents: Ingest['importEvents'];
  importPeople: Ingest['importPeople'];
  shutdownSandboxPool: Sandbox['shutdownSandboxPool'];
  Store: StoreModule['Store'];
}

/** One module of the compiled build, by its path below src/ (`exec/index.js`). */
export function fromDist<T>(modulePath: string): Promise<T> {
  return import(new URL(`../../dist/src/${modulePath}`, import.meta.url).href) as Promise<T>;
}

export async function quarryModules(from: 'src' | 'dist'): Promise<QuarryModules> {
  const [exec, ingest, sandbox, store] =
    from === 'dist'
      ? await Promise.all([
          fromDist<Exec>('exec/index.js'),
          fromDist<Ingest>('ingest/index.js'),
          fromDist<Sandbox>('sandbox/index.js'),
          fromDist<StoreModule>('store/index.js'),
        ])
      : await Promise.all([
          import('../../src/exec/index.js'),
          import('../../src/ingest/index.js'),
          import('../../src/sandbox/index.js'),
          import('../../src/store/index.js'),
        ]);
  return {
    runQuery: exec.runQuery,
    importEvents: ingest.importEvents,
    importPeople: ingest.importPeople,
    shutdownSandboxPool: sandbox.shutdownSandboxPool,
    Store: store.Store,
  };
}
