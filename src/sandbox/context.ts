/**
 * One QuickJS context per query: install quarry's prelude (separate evals, so the
 * user's line numbers are untouched), run the user's top-level code and main(), and
 * read the recorded plan. The context then stays alive: user functions are called
 * in batches through `call()` (host.ts).
 *
 * Handle ownership: this class owns `vm` and `Q` (quarry's private guest object,
 * never reachable from the script's globals) and disposes them in dispose().
 */
import { randomBytes } from 'node:crypto';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { InternalError, LimitError, ScriptError } from '../errors.js';
import type { ShardFunction } from '../plan/index.js';
import { compileText } from './compile-text.js';
import { withHandle } from './handles.js';
import { ConsoleBudget, type ConsoleDropped } from './console-budget.js';
import { guestError, MAX_MESSAGE_CHARS, type GuestErrorContext } from './errors.js';
import { interruptAfter, timeoutMessage } from './limits.js';

/** How long reading a thrown value (its message/name/stack getters) may take. */
const ERROR_READ_MS = 200;
/** Longest text read from a thrown value's fields (a stack needs more); the rest is never copied out. */
const FIELD_CHARS: Record<string, number> = { name: 200, message: MAX_MESSAGE_CHARS, stack: 20_000 };
import { stdlibSources } from './stdlib-files.js';

export type ConsoleLevel = 'log' | 'info' | 'debug' | 'warn' | 'error';

export interface ScriptOptions {
  source: string;
  filename: string;
  params: unknown;
  seed?: number;
  nowMs?: number;
  onConsole?: (line: string, level: ConsoleLevel) => void;
  /** Console budget in bytes (default CONSOLE_BUDGET_BYTES). */
  consoleBudgetBytes?: number;
  /**
   * Drop the console lines of the top level and main(): a shard's sandbox, whose
   * set-up the main thread has already run and printed once.
   */
  quietSetup?: boolean;
}

export class GuestContext {
  readonly vm: QuickJSContext;
  readonly Q: QuickJSHandle;
  /**
   * The key of quarry's plan markers (stdlib/collection.js), random per query: a
   * script cannot write an object the plan reader takes for a function reference,
   * a Date or a collection.
   */
  readonly mark = `$quarry:${randomBytes(12).toString('hex')}`;
  readonly console: ConsoleBudget;
  private disposed = false;
  private prepared = false;
  /** Console lines are dropped (a shard's set-up; ScriptOptions.quietSetup). */
  private quiet = false;

  constructor(
    private rt: QuickJSRuntime,
    private opts: ScriptOptions,
    public errCtx: GuestErrorContext,
  ) {
    this.console = new ConsoleBudget(opts.consoleBudgetBytes);
    this.vm = rt.newContext();
    this.Q = this.vm.newObject();
  }

  /**
   * Install the prelude (environment, stdlib): the part of a query's set-up that does
   * not depend on the script, so a worker can do it before the script arrives (see
   * SandboxHost.prepare). Uses only the options fixed when it runs: seed, nowMs and the
   * console budget; the script, its file name, params and console sink come with bind().
   */
  prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    const { vm, Q, opts } = this;
    withHandle(vm.newString(this.mark), (h) => vm.setProp(Q, 'mark', h));
    if (opts.seed !== undefined) withHandle(vm.newNumber(opts.seed), (h) => vm.setProp(Q, 'seed', h));
    if (opts.nowMs !== undefined) withHandle(vm.newNumber(opts.nowMs), (h) => vm.setProp(Q, 'nowMs', h));
    withHandle(
      vm.newFunction('emit', (level, line, length) => {
        // The guest passes the length, so a dropped line is never copied out of it.
        if (this.quiet) return vm.true;
        if (!this.console.take(vm.getNumber(length))) return vm.false;
        this.opts.onConsole?.(vm.getString(line), vm.getString(level) as ConsoleLevel);
        return vm.true;
      }),
      (h) => vm.setProp(Q, 'emit', h),
    );

    const { files, underscore } = stdlibSources();
    // environment.js first: Underscore captures Date.now when it loads.
    this.runStdlib(files[0]!.name, files[0]!.text);
    this.installLazyUnderscore(underscore);
    for (const f of files.slice(1)) this.runStdlib(f.name, f.text);
  }

  /** The script of a prepared context: same seed, nowMs and console budget (the caller checks). */
  bind(opts: ScriptOptions, errCtx: GuestErrorContext): void {
    this.opts = opts;
    this.errCtx = errCtx;
  }

  /** Install the prelude (unless prepared), run top-level code and main(). Returns the plan JSON texts. */
  run(): { planJson: string; fnSourcesJson: string } {
    this.quiet = this.opts.quietSetup === true;
    try {
      return this.runMain();
    } finally {
      this.quiet = false;
    }
  }

  /**
   * A shard's entry (no main()): install the prelude (unless prepared), run the top
   * level, then put each user function in place by its id, as main() had registered
   * it: a top-level function by its global name, any other compiled from its text at
   * global scope. The text is compiled at its own line and column (padding.ts), so
   * its stack traces read as in main()'s sandbox.
   */
  runFunctions(fns: ReadonlyArray<ShardFunction>): void {
    this.quiet = this.opts.quietSetup === true;
    try {
      this.runTopLevel();
    } finally {
      this.quiet = false;
    }
    const { vm, opts } = this;
    withHandle(vm.getProp(this.Q, 'fns'), (list) => {
      for (const f of fns) {
        const h =
          'global' in f
            ? vm.getProp(vm.global, f.global)
            : this.unwrap(vm.evalCode(compileText(opts.source, f.start, f.end), opts.filename, { type: 'global', strict: false }));
        withHandle(h, (fn) => {
          if (vm.typeof(fn) !== 'function') throw new InternalError(`shard sandbox: user function #${f.id} did not compile to a function`);
          vm.setProp(list, f.id, fn);
        });
      }
    });
  }

  private runTopLevel(): void {
    this.prepare();
    const { vm, opts } = this;
    withHandle(vm.newString(opts.filename), (h) => vm.setProp(this.Q, 'userFile', h));
    this.setParams(opts.params);

    // The user's file: its own eval unit under its own name, sloppy mode.
    this.evalUser(opts.source, opts.filename);
    this.drainJobs();
  }

  private runMain(): { planJson: string; fnSourcesJson: string } {
    this.runTopLevel();
    const { vm, opts } = this;
    const main = vm.getProp(vm.global, 'main');
    try {
      if (vm.typeof(main) !== 'function') {
        throw new ScriptError('InvalidQuery', `InvalidQuery: ${opts.filename} must define a function main() that returns a query`);
      }
      const result = this.unwrap(vm.callFunction(main, vm.global), 'main');
      try {
        this.drainJobs();
        const plan = this.callQ('planJson', result);
        if (plan === null) {
          const what = this.callQ('describe', result);
          throw new ScriptError(
            'InvalidQuery',
            `InvalidQuery: main() must return a query (Events(...), People(...) or join(...), optionally followed by transformations); it returned ${what}`,
          );
        }
        return { planJson: plan as string, fnSourcesJson: this.callQ('fnSourcesJson') as string };
      } finally {
        result.dispose();
      }
    } finally {
      main.dispose();
    }
  }

  /** Console lines dropped so far: the host's count plus the guest's (environment.js). Runs no guest code. */
  consoleDropped(): ConsoleDropped {
    const d = { ...this.console.dropped };
    if (this.disposed) return d;
    for (const [key, field] of [
      ['droppedLines', 'lines'],
      ['droppedBytes', 'bytes'],
    ] as const) {
      withHandle(this.vm.getProp(this.Q, key), (h) => {
        if (this.vm.typeof(h) === 'number') d[field] += this.vm.getNumber(h);
      });
    }
    return d;
  }

  /** Call Q[name](...args) and dump the result (our own functions return strings/null). */
  callQ(name: string, ...args: QuickJSHandle[]): unknown {
    const fn = this.vm.getProp(this.Q, name);
    try {
      return withHandle(this.unwrap(this.vm.callFunction(fn, this.Q, ...args)), (h) => this.vm.dump(h));
    } finally {
      fn.dispose();
    }
  }

  /** Call Q[name](...args) and hand back the result handle (caller disposes). */
  callQHandle(name: string, ...args: QuickJSHandle[]): QuickJSHandle {
    const fn = this.vm.getProp(this.Q, name);
    try {
      return this.unwrap(this.vm.callFunction(fn, this.Q, ...args));
    } finally {
      fn.dispose();
    }
  }

  /**
   * Run queued promise jobs, as a JavaScript engine does when the stack empties: after
   * the top level, after main() and after every call into user functions (so jobs a
   * callback queues never pile up across batches). A job chain that never ends meets
   * the deadline. `ifAny`: skip the call when nothing is queued (the common case).
   */
  drainJobs(ifAny = false): void {
    if (ifAny && !this.rt.hasPendingJob()) return;
    const r = this.rt.executePendingJobs(-1);
    if (r.error) {
      const err = this.dumpError(r.error);
      r.error.dispose();
      throw guestError(err, this.errCtx);
    }
    // A promise reaction turns the deadline interrupt into a rejection and the job
    // chain just stops: check the clock rather than trust an error to surface.
    if (Date.now() > this.errCtx.deadlineMs) {
      throw new LimitError('timeout', timeoutMessage(this.errCtx.limits.timeoutMs));
    }
  }

  /** `where`: 'main' when the call was main() (a thrown non-Error then points at main's line). */
  unwrap(r: { error?: QuickJSHandle; value?: QuickJSHandle }, where?: 'main'): QuickJSHandle {
    if (r.error) {
      const err = this.dumpError(r.error);
      r.error.dispose();
      throw guestError(err, this.errCtx, where);
    }
    return r.value!;
  }

  /**
   * name/message/stack of a thrown value, read defensively: getters may throw or
   * loop, so reading runs under its own short deadline (ERROR_READ_MS) and gives up
   * on a field that does not answer; long texts are cut in the guest, never copied
   * whole. A value that is not an object is described by type ({kind, text}).
   */
  private dumpError(h: QuickJSHandle): unknown {
    const until = Math.min(this.errCtx.deadlineMs, Date.now() + ERROR_READ_MS);
    this.rt.setInterruptHandler(interruptAfter(until));
    try {
      return this.readThrown(h);
    } catch {
      return { thrown: 'object' };
    } finally {
      this.rt.setInterruptHandler(interruptAfter(this.errCtx.deadlineMs));
    }
  }

  private readThrown(h: QuickJSHandle): unknown {
    const vm = this.vm;
    const type = vm.typeof(h);
    if (type !== 'object' || vm.sameValue(h, vm.null)) {
      if (type === 'object') return { thrown: 'null' };
      if (type === 'undefined') return { thrown: 'undefined' };
      if (type === 'string') return { thrown: 'string', text: this.cut(h, MAX_MESSAGE_CHARS) };
      if (type === 'number' || type === 'boolean') return { thrown: type, text: String(vm.dump(h)) };
      return { thrown: type }; // symbol, bigint, function
    }
    const out: Record<string, unknown> = {};
    // A getter that loops is stopped by the short deadline (the interrupt handler).
    for (const k of ['name', 'message', 'stack']) {
      try {
        withHandle(vm.getProp(h, k), (v) => {
          if (vm.typeof(v) === 'string') out[k] = this.cut(v, FIELD_CHARS[k]!);
        });
      } catch {
        // A throwing or looping getter: leave the field out.
      }
    }
    if (out.message === undefined && out.name === undefined) {
      let text = '';
      try {
        text = JSON.stringify(vm.dump(h)) ?? '';
      } catch {
        // Unreadable (a getter that throws or loops): described by type only.
      }
      return { thrown: 'object', text: text.length > 200 ? `${text.slice(0, 200)}…` : text };
    }
    return out;
  }

  /** A guest string, at most `max` characters of it (cut inside the guest). */
  private cut(h: QuickJSHandle, max: number): string {
    const vm = this.vm;
    const len = withHandle(vm.getProp(h, 'length'), (l) => (vm.typeof(l) === 'number' ? vm.getNumber(l) : 0));
    if (len <= max) return vm.getString(h);
    const head = withHandle(vm.getProp(h, 'slice'), (slice) =>
      withHandle(vm.newNumber(0), (a) =>
        withHandle(vm.newNumber(max), (b) => {
          const r = vm.callFunction(slice, h, a, b);
          if (r.error) {
            r.error.dispose();
            return '';
          }
          return withHandle(r.value, (v) => (vm.typeof(v) === 'string' ? vm.getString(v) : ''));
        }),
      ),
    );
    return `${head}… (${len.toLocaleString('en-US')} characters in all; cut)`;
  }

  private runStdlib(name: string, text: string): void {
    // Same first line as the file: stdlib line numbers stay right in stack traces.
    const fn = this.evalOwn(`(function (Q, global) {${text}\n})`, `quarry:stdlib/${name}`);
    try {
      this.unwrap(this.vm.callFunction(fn, this.vm.undefined, this.Q, this.vm.global)).dispose();
    } finally {
      fn.dispose();
    }
  }

  /**
   * `_` is Underscore, evaluated on first use: parsing it costs ~70 ms and most
   * scripts never touch it. Reading `_` (even `typeof _`) loads it; assigning `_`
   * replaces it, as a plain global would.
   */
  private installLazyUnderscore(source: string): void {
    const { vm } = this;
    let loaded = false;
    withHandle(
      vm.newFunction('loadUnderscore', () => {
        if (!loaded) {
          loaded = true;
          this.evalOwn(source, 'quarry:underscore.js').dispose();
        }
      }),
      (h) => vm.setProp(this.Q, 'loadUnderscore', h),
    );
    const install = this.evalOwn(
      `(function (Q) {
        var loading = false;
        function set(v) { Object.defineProperty(globalThis, '_', { value: v, writable: true, configurable: true, enumerable: true }); }
        Object.defineProperty(globalThis, '_', {
          configurable: true, enumerable: true,
          get: function () {
            if (loading) return undefined;
            loading = true;
            try { Q.loadUnderscore(); } finally { loading = false; }
            return globalThis._;
          },
          set: set,
        });
      })`,
      'quarry:lazy-underscore',
    );
    try {
      this.unwrap(vm.callFunction(install, vm.undefined, this.Q)).dispose();
    } finally {
      install.dispose();
    }
  }

  private evalOwn(code: string, filename: string): QuickJSHandle {
    return this.unwrap(this.vm.evalCode(code, filename, { type: 'global' }));
  }

  private evalUser(code: string, filename: string): void {
    this.unwrap(this.vm.evalCode(code, filename, { type: 'global', strict: false })).dispose();
  }

  private setParams(params: unknown): void {
    const text = JSON.stringify(params === undefined || params === null ? {} : params);
    const fn = this.evalOwn('(function (t) { globalThis.params = JSON.parse(t); })', 'quarry:params');
    try {
      withHandle(this.vm.newString(text), (t) => this.unwrap(this.vm.callFunction(fn, this.vm.undefined, t)).dispose());
    } finally {
      fn.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.Q.dispose();
    this.vm.dispose();
  }
}
