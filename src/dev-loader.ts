/**
 * Running from TypeScript sources (vitest, `node --import` dev setups), the worker
 * entry is worker.ts, which Node 20 cannot load by itself. This gives the worker a
 * tiny module loader (via `--import`) that transpiles .ts files with the project's
 * own `typescript` and maps `./x.js` imports to `./x.ts`. A built quarry
 * (dist/…/worker.js) never uses it. It lives at the top of src/ because every
 * folder that starts workers uses it: the sandbox, exec's shards, the ingest parse
 * workers and the server's ingestion log.
 */
const LOADER = (requireFrom: string) => `
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const ts = createRequire(${JSON.stringify(requireFrom)})('typescript');
export async function resolve(spec, ctx, next) {
  if ((spec.startsWith('./') || spec.startsWith('../')) && spec.endsWith('.js') && ctx.parentURL && ctx.parentURL.endsWith('.ts')) {
    const url = new URL(spec, ctx.parentURL).href.slice(0, -3) + '.ts';
    if (existsSync(fileURLToPath(url))) return { url, shortCircuit: true, format: 'module' };
  }
  return next(spec, ctx);
}
export async function load(url, ctx, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const file = fileURLToPath(url);
    const out = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    return { format: 'module', source: out.outputText, shortCircuit: true };
  }
  return next(url, ctx);
}
`;

/** execArgv for a worker whose entry is a .ts file. */
export function devLoaderExecArgv(): string[] {
  const here = new URL(import.meta.url).href;
  const loaderUrl = `data:text/javascript,${encodeURIComponent(LOADER(here))}`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(loaderUrl)});`;
  return ['--import', `data:text/javascript,${encodeURIComponent(register)}`];
}
