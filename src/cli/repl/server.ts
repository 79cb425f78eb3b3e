/**
 * `quarry repl`: type JQL, see results. Built on Node's `repl` module (line editing,
 * history file, tab completion, Ctrl-C / Ctrl-D handling) with a custom eval:
 *
 * - input continues over several lines until QuickJS can compile it (`Recoverable`
 *   while incomplete: `Events({` then Enter keeps reading);
 * - an expression runs as the body of `main()`; other top-level code (helpers, `var`)
 *   is kept and prepended to later queries;
 * - a line starting with `.method(` continues the query above it, so a chain can be
 *   typed one call per line. A complete expression waits a moment (SETTLE_MS) for
 *   such a line before it runs, so pasted chains run once, whole, instead of printing
 *   the partial result after every line;
 * - Ctrl-C cancels a running query (its sandbox worker is stopped and the scan ends
 *   at the next partition) and returns to the prompt; on an empty line, twice, it
 *   leaves, as Ctrl-D and `.exit` do.
 *
 * Streams come in as parameters, so the REPL runs (and is tested) without a terminal.
 */
import repl, { type REPLServer } from 'node:repl';
import type { Readable, Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import { CancelledError } from '../../errors.js';
import { type Query, runQuery } from '../../exec/index.js';
import { writeOutput } from '../../output/index.js';
import type { Store } from '../../store/index.js';
import { reportError } from '../handle-errors.js';
import { complete, storeProperties } from './complete.js';
import { DOT_COMMANDS, type ReplState } from './dot-commands.js';
import { completeness, isExpression, loadCompiler, syntaxError } from './is-incomplete.js';

export interface ReplOptions {
  input: Readable;
  output: Writable;
  store: Store;
  /** History file; null: none. Default ~/.quarry_history (used on a terminal). */
  historyFile?: string | null;
  terminal?: boolean;
  params?: unknown;
  /** How long a complete expression waits for a `.method(` line (default 120 ms). */
  settleMs?: number;
}

const PROMPT = 'quarry> ';
const MORE = '...     ';
const SETTLE_MS = 120;
const CHAIN_LINE = /^[A-Za-z_$][\w$]*\s*\(/;

export function defaultHistoryFile(): string {
  return path.join(os.homedir(), '.quarry_history');
}

/** Run the REPL until end of input or .exit; resolves when it closes. */
export async function startRepl(o: ReplOptions): Promise<void> {
  await loadCompiler();
  const terminal = o.terminal ?? false;
  const settleMs = o.settleMs ?? SETTLE_MS;
  const print = (text: string) => o.output.write(`${text}\n`);
  const properties = storeProperties(o.store);
  const helpers: string[] = [];

  // The last expression run: a `.method(` line continues it.
  let lastExpression: string | null = null;
  let running: Query | null = null;
  // Text held by us (not by Node's REPL buffer): a continued chain still incomplete.
  let pending = '';
  // What Node's REPL buffered, the last time eval answered Recoverable for incomplete input.
  let replBuffered = '';
  // A complete expression waiting SETTLE_MS for a `.method(` line; `inRepl`: Node's buffer holds it too.
  let settle: { timer: NodeJS.Timeout; text: string; inRepl: boolean } | null = null;
  // Runs one at a time, in order.
  let chain: Promise<void> = Promise.resolve();
  let closing = false;
  // Inputs submitted and not finished; Ctrl-C while one is starting cancels it as soon as it runs.
  let busy = 0;
  let cancelRequested = false;

  const state: ReplState = {
    params: o.params ?? {},
    format: 'table',
    prelude: [],
    print,
    close: () => r.close(),
    runScript: async (source, label) => {
      const q = await runQuery({ store: o.store, source, filename: label, params: state.params, onConsole: (l) => print(`[console] ${l}`) });
      running = q;
      if (cancelRequested) void q.cancel().catch(() => {});
      try {
        await writeOutput(state.format, q.items, o.output, {
          maxRows: 50,
          moreRowsHint: 'type .format json or .format csv to see all',
          terminalWidth: terminal ? (o.output as NodeJS.WriteStream).columns : undefined,
        });
      } catch (e) {
        if (!(e instanceof CancelledError)) throw e;
        print('(cancelled)');
      } finally {
        running = null;
        await q.close();
      }
    },
  };

  /** Run one complete input (queued behind earlier ones). */
  const submit = (text: string): Promise<void> => {
    busy++;
    const job = chain.then(async () => {
      try {
        await run(text);
      } catch (e) {
        if (e instanceof CancelledError) print('(cancelled)');
        else reportError(e, false, o.output);
      } finally {
        busy--;
        if (busy === 0) cancelRequested = false;
      }
    });
    chain = job;
    return job;
  };

  const run = async (text: string) => {
    const trimmed = text.trim().replace(/;+\s*$/, '');
    if (trimmed === '') return;
    const prelude = state.prelude.join('\n');
    if (isExpression(trimmed)) {
      lastExpression = trimmed;
      await state.runScript(`${prelude}\nfunction main() { return (${trimmed}\n); }\n`, '<repl>');
    } else if (/\bfunction\s+main\s*\(/.test(trimmed)) {
      await state.runScript(`${prelude}\n${trimmed}\n`, '<repl>');
    } else {
      const err = syntaxError(trimmed);
      if (err !== null) print(`SyntaxError: ${err}`);
      else {
        state.prelude.push(trimmed);
        for (const m of trimmed.matchAll(/\bfunction\s+([A-Za-z_$][\w$]*)|\b(?:var|let|const)\s+([A-Za-z_$][\w$]*)/g)) helpers.push(m[1] ?? m[2]!);
      }
    }
  };

  /** Take the waiting expression (if any) off its timer; returns it. */
  const takeSettle = () => {
    const s = settle;
    if (s) clearTimeout(s.timer);
    settle = null;
    return s;
  };

  /** A complete expression: run it unless a `.method(` line follows within settleMs. */
  const startSettle = (text: string, inRepl: boolean) => {
    settle = {
      text,
      inRepl,
      timer: setTimeout(() => {
        settle = null;
        if (inRepl) r.clearBufferedCommand();
        if (terminal) o.output.write('\r\x1b[K'); // the "..." prompt shown meanwhile
        void submit(text).then(() => {
          if (!closing) prompt();
        });
      }, settleMs),
    };
  };

  const prompt = () => {
    r.setPrompt(PROMPT);
    r.displayPrompt();
  };

  const showMore = () => {
    r.setPrompt(MORE);
    r.prompt(true);
  };

  const evaluate = (cmd: string, _ctx: unknown, _file: string, cb: (err: Error | null, result?: unknown) => void) => {
    const s = takeSettle();
    const text = (s && !s.inRepl ? `${s.text}\n` : '') + pending + cmd;
    pending = '';
    replBuffered = '';
    if (text.trim() === '') return cb(null);
    const c = completeness(text);
    if (c === 'incomplete') {
      if (s && !s.inRepl) pending = text.slice(0, text.length - cmd.length);
      replBuffered = cmd;
      return cb(new repl.Recoverable(new SyntaxError('incomplete input')));
    }
    if (c === 'error') {
      print(`SyntaxError: ${syntaxError(text)}`);
      return cb(null);
    }
    if (isExpression(text) && !/;\s*$/.test(text)) {
      if (s && !s.inRepl) {
        // The REPL's buffer holds only this line: keep the whole text ourselves.
        startSettle(text, false);
        showMore();
        return cb(null);
      }
      startSettle(text, true);
      return cb(new repl.Recoverable(new SyntaxError('waiting for a .method( line')));
    }
    void submit(text).then(() => cb(null));
  };

  /** A line `.groupBy(...)`: it continues the expression above (waiting, buffered, or the last one run). */
  const continueChain = (line: string) => {
    const s = takeSettle();
    let base: string | null;
    if (s) base = s.text;
    else if (pending || replBuffered) base = pending + replBuffered;
    else base = lastExpression;
    r.clearBufferedCommand();
    pending = '';
    replBuffered = '';
    if (base === null) {
      print(`nothing to continue with ${line.split('(')[0]}: type a query first (e.g. Events({from_date: "2024-03-01", to_date: "2024-03-31"})), or .help`);
      prompt();
      return;
    }
    const text = `${base.replace(/\s+$/, '')}\n${line}\n`;
    const c = completeness(text);
    if (c === 'incomplete') {
      pending = text;
      showMore();
    } else if (c === 'error') {
      print(`SyntaxError: ${syntaxError(text)}`);
      prompt();
    } else if (isExpression(text) && !/;\s*$/.test(text)) {
      startSettle(text, false);
      showMore();
    } else {
      void submit(text).then(() => prompt());
    }
  };

  const r: REPLServer = repl.start({
    prompt: PROMPT,
    input: o.input,
    output: o.output,
    terminal,
    eval: evaluate,
    ignoreUndefined: true,
    useColors: false,
    preview: false,
    completer: (line: string) => complete(line, { properties, helpers }),
  });

  // quarry's dot-commands replace Node's (.break, .editor, .save mean nothing here);
  // a keyword that looks like a method call (`.groupBy(`) continues the query above.
  const commands: Record<string, { help: string; action: (arg: string) => void }> = Object.create(null);
  // A dot-command after a complete expression: the expression runs first.
  const flushSettle = () => {
    const s = takeSettle();
    if (s === null) return;
    if (s.inRepl) r.clearBufferedCommand();
    void submit(s.text);
  };
  for (const [name, c] of Object.entries(DOT_COMMANDS)) {
    commands[name] = {
      help: c.help,
      action: (arg: string) => {
        flushSettle();
        void chain
          .then(() => c.run(state, arg))
          .catch((e) => reportError(e, false, o.output))
          .then(() => {
            if (!closing) prompt();
          });
      },
    };
  }
  (r as unknown as { commands: unknown }).commands = new Proxy(commands, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      if (key in target) return target[key];
      if (CHAIN_LINE.test(key)) return { help: '', action: (rest: string) => continueChain(`.${key}${rest ? ` ${rest}` : ''}`) };
      return {
        help: '',
        action: () => {
          flushSettle();
          void chain.then(() => {
            print(`unknown command .${key}; type .help`);
            if (!closing) prompt();
          });
        },
      };
    },
  });

  // Ctrl-C: cancel the running query, or the input being typed; else Node's own
  // handling (a note, then a second Ctrl-C on an empty line leaves).
  const nodeSigint = r.listeners('SIGINT') as Array<() => void>;
  r.removeAllListeners('SIGINT');
  const onSigint = () => {
    if (running || busy > 0) {
      cancelRequested = true;
      void running?.cancel().catch(() => {});
      return;
    }
    if (takeSettle() || pending) {
      pending = '';
      r.clearBufferedCommand();
      o.output.write('\n');
      prompt();
      return;
    }
    for (const f of nodeSigint) f.call(r);
  };
  r.on('SIGINT', onSigint);
  // Without a terminal, Ctrl-C arrives as a signal, not as a key.
  const onSignal = () => r.emit('SIGINT');
  if (!terminal) process.on('SIGINT', onSignal);

  const historyFile = o.historyFile === undefined ? defaultHistoryFile() : o.historyFile;
  if (historyFile && terminal) r.setupHistory(historyFile, () => {});

  await new Promise<void>((resolve) => {
    r.on('exit', () => {
      closing = true;
      process.off('SIGINT', onSignal);
      const s = takeSettle();
      if (s) void submit(s.text);
      else if (pending.trim() !== '') print(`(incomplete input left: ${JSON.stringify(pending.trim().slice(0, 40))})`);
      // Ctrl-D on a terminal while a query runs: stop it and leave. Piped input: finish what was typed.
      if (terminal && running) void running.cancel().catch(() => {});
      void chain.then(() => resolve());
    });
  });
}
