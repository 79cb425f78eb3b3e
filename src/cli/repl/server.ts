/**
 * `quarry repl`: type JQL, see results. Streams come in as parameters, so the REPL
 * runs (and is tested) without a terminal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { runQuery } from '../../exec/index.js';
import { writeOutput } from '../../output/index.js';
import type { Store } from '../../store/index.js';
import { reportError } from '../handle-errors.js';
import { DOT_COMMANDS, type ReplState } from './dot-commands.js';
import { completeness, isExpression, loadCompiler, syntaxError } from './is-incomplete.js';

export interface ReplOptions {
  input: Readable;
  output: Writable;
  store: Store;
  /** History file; null: none. Default ~/.quarry_history. */
  historyFile?: string | null;
  terminal?: boolean;
  params?: unknown;
}

const PROMPT = 'quarry> ';
const MORE = '...     ';
const HISTORY_SIZE = 1000;

export function defaultHistoryFile(): string {
  return path.join(os.homedir(), '.quarry_history');
}

/** Run the REPL until end of input or .exit; resolves when it closes. */
export async function startRepl(o: ReplOptions): Promise<void> {
  await loadCompiler();
  const historyFile = o.historyFile === undefined ? defaultHistoryFile() : o.historyFile;
  let history: string[] = [];
  if (historyFile) {
    try {
      history = fs.readFileSync(historyFile, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
    } catch {
      /* no history yet */
    }
  }
  const rl = readline.createInterface({ input: o.input, output: o.output, terminal: o.terminal ?? false, history, historySize: HISTORY_SIZE, prompt: PROMPT });
  const print = (text: string) => o.output.write(`${text}\n`);
  let buffer: string[] = [];
  // The last expression run: a line starting with `.method(` continues it, so chains
  // can be typed one call per line, the way JQL is usually written.
  let lastExpression: string | null = null;
  let running: { cancel(): void } | null = null;
  let closed = false;

  const state: ReplState = {
    params: o.params ?? {},
    format: 'table',
    prelude: [],
    print,
    close: () => rl.close(),
    runScript: async (source, label) => {
      let cancelled = false;
      const q = await runQuery({ store: o.store, source, filename: label, params: state.params, onConsole: (l) => print(`[console] ${l}`) });
      running = {
        cancel() {
          cancelled = true;
          void q.close();
        },
      };
      async function* guarded() {
        for await (const item of q.items) {
          if (cancelled) return;
          yield item;
        }
      }
      try {
        await writeOutput(state.format, guarded(), o.output, { maxRows: 50 });
        if (state.format === 'json') o.output.write('\n');
        if (cancelled) print('(cancelled)');
      } finally {
        running = null;
        await q.close();
      }
    },
  };

  const evaluate = async (text: string) => {
    const trimmed = text.trim();
    if (trimmed === '') return;
    if (trimmed.startsWith('.')) {
      const [name, ...rest] = trimmed.slice(1).split(/\s+/);
      const cmd = DOT_COMMANDS[name ?? ''];
      if (!cmd) print(`unknown command .${name}; type .help`);
      else await cmd.run(state, trimmed.slice(1 + (name?.length ?? 0)).trim() || rest.join(' '));
      return;
    }
    const prelude = state.prelude.join('\n');
    if (isExpression(trimmed)) {
      lastExpression = trimmed.replace(/;+\s*$/, '');
      await state.runScript(`${prelude}\nfunction main() { return (${trimmed.replace(/;+\s*$/, '')}\n); }\n`, '<repl>');
    } else if (/\bfunction\s+main\s*\(/.test(trimmed)) {
      await state.runScript(`${prelude}\n${trimmed}\n`, '<repl>');
    } else {
      const err = syntaxError(trimmed);
      if (err !== null) print(`SyntaxError: ${err}`);
      else state.prelude.push(trimmed);
    }
  };

  rl.on('SIGINT', () => {
    if (running) {
      running.cancel();
      return;
    }
    if (buffer.length) {
      buffer = [];
      print('');
    } else print('(To exit, press Ctrl-D or type .exit)');
    rl.setPrompt(PROMPT);
    rl.prompt();
  });

  // Lines are handled one at a time, in order, even while a query runs.
  let chain = Promise.resolve();
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      const dot = /^\s*\.([A-Za-z_$][\w$]*)\s*\(/.exec(line);
      if (buffer.length === 0 && dot && !(dot[1]! in DOT_COMMANDS) && lastExpression !== null) buffer.push(lastExpression);
      buffer.push(line);
      const text = buffer.join('\n');
      if (!text.trim().startsWith('.') && completeness(text) === 'incomplete') {
        rl.setPrompt(MORE);
        rl.prompt();
        return;
      }
      buffer = [];
      try {
        await evaluate(text);
      } catch (e) {
        reportError(e, false, o.output);
      }
      rl.setPrompt(PROMPT);
      if (!closed) rl.prompt();
    });
  });

  rl.prompt();
  await new Promise<void>((resolve) => {
    rl.on('close', () => {
      closed = true;
      void chain.then(() => {
        if (historyFile) {
          try {
            const h = (rl as unknown as { history: string[] }).history ?? [];
            fs.writeFileSync(historyFile, `${[...h].reverse().join('\n')}\n`);
          } catch {
            /* history is a convenience */
          }
        }
        resolve();
      });
    });
  });
}
