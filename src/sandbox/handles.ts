/**
 * Handle ownership helper. quickjs-emscripten's Lifetime.consume() does NOT dispose
 * when its callback throws (measured: a user exception thrown through a consume()
 * chain leaked the argument handles and JS_FreeRuntime then aborted). Every
 * temporary handle goes through `withHandle`, which disposes in `finally`.
 */
interface Disposable {
  readonly alive: boolean;
  dispose(): void;
}

export function withHandle<H extends Disposable, T>(h: H, fn: (h: H) => T): T {
  try {
    return fn(h);
  } finally {
    if (h.alive) h.dispose();
  }
}
