/**
 * A seeded fuzz run of the importers (issue 9 proof): a few thousand malformed inputs
 * made by mutating valid ones (truncation, stray bytes, broken UTF-8, deep nesting,
 * out-of-range numbers, hostile keys, CRLF, BOM, gzip whole or cut). Each runs
 * in-process through the importer the CLI would use; the outcome must be what the CLI
 * turns into exit 0 or 1 (a report, or a UserError with exit code 1), never any other
 * error, and the store must stay whole and unlocked. A sample also runs through the
 * real CLI, checked for exit code and stack traces.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { fileInputs, importEvents, importPeople, importPeopleCsv, importUpdates, readRecords } from '../../src/ingest/index.js';
import { LOCK_FILE, Store } from '../../src/store/index.js';
import { cleanTemp, runCli, tempDir } from '../helpers/index.js';
import { looksClean, readWholeStore } from './helpers.js';
import { seeded } from '../helpers/seeded.js';

let shm = '';
afterAll(() => {
  cleanTemp();
  if (shm) fs.rmSync(shm, { recursive: true, force: true });
});

const INPUTS = Number(process.env.QUARRY_STRESS_FUZZ_INPUTS ?? 2400);
const CLI_SAMPLE = 16;

type Kind = 'events' | 'people' | 'csv' | 'updates';
const KINDS: Kind[] = ['events', 'people', 'csv', 'updates'];

const SEEDS: Record<Kind, string[]> = {
  events: [
    '{"event":"view","properties":{"time":1456790400,"distinct_id":"u1","$insert_id":"a1","page":"/x","n":3}}\n{"event":"buy","properties":{"time":"2016-03-02T10:00:00Z","distinct_id":"u2","amount":9.5,"tags":["a","b"]}}\n',
    '[{"event":"a","properties":{"time":1456790401000,"distinct_id":7}},\n{"event":"b","properties":{"time":1456790402,"k":{"x":[1,2]}}}]\n',
    '{"event_name":"p","time":1456790400,"distinct_id":"u","insert_id":"i","device_id":"d","properties":"{\\"a\\":1}"}\n',
  ],
  people: [
    '{"$distinct_id":"u1","$properties":{"$name":"A","$email":"a@x.io","$last_seen":"2016-03-01T10:00:00","plan":"pro"}}\n{"$distinct_id":2,"$properties":{"n":1,"l":[1,2]}}\n',
    '[{"$distinct_id":"u3","$properties":{"$phone":"+1","o":{"k":"v"}}}]\n',
  ],
  csv: ['$distinct_id,$name,$email,plan,n\nu1,Ann,a@x.io,pro,1\nu2,"Bo, Jr",b@x.io,free,2\n', 'distinct_id,city\r\n"u1","Berlin"\r\nu2,"Paris\r\nFrance"\r\n'],
  updates: [
    '{"$distinct_id":"u1","$set":{"a":1},"$time":1456790400}\n{"$distinct_id":"u1","$add":{"n":2}}\n{"$distinct_id":"u2","$union":{"l":[1]},"$remove":{"l":1}}\n',
    '[{"$group_key":"company","$group_id":"c1","$set":{"name":"C"}},{"$distinct_id":"u1","$unset":["a"]},{"$distinct_id":"u1","$delete":""}]\n',
  ],
};

const PIECES = [
  '__proto__',
  '"__proto__":{"x":1},',
  '"constructor":',
  '"prototype":[]',
  '1e400',
  '-1e400',
  '1e20',
  '253402300800000',
  '"+010000-01-01"',
  '-0',
  'null',
  'NaN',
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  ',',
  ':',
  '\n',
  '\r\n',
  '\t',
  '\u0000',
  '\ufeff',
  '\ud800',
  '💥',
  '"$insert_id":[1],',
  '"time":1e308,',
  '"$time":1e20,',
  '"$group_key":"..",',
  '"$group_key":"__proto__",',
  '"$set":{"__proto__":{"y":2}},',
  '"$add":{"toString":1},',
  '"$unset":"constructor",',
  '"a,b"',
  '""',
  '","',
  '"\n"',
];

function mutate(text: string, rand: () => number): Buffer {
  let s = text;
  const steps = 1 + Math.floor(rand() * 3);
  for (let k = 0; k < steps; k++) {
    const at = Math.floor(rand() * (s.length + 1));
    switch (Math.floor(rand() * 9)) {
      case 0:
        s = s.slice(0, at);
        break; // truncated
      case 1:
        s = s.slice(0, at) + PIECES[Math.floor(rand() * PIECES.length)]! + s.slice(at);
        break;
      case 2:
        s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rand() * 8));
        break; // bytes lost
      case 3: {
        const d = 1 + Math.floor(rand() * 3000);
        const o = rand() < 0.5 ? '[' : '{"a":';
        s = `${s.slice(0, at)}${o.repeat(d)}1${(o === '[' ? ']' : '}').repeat(d)}${s.slice(at)}`;
        break;
      }
      case 4:
        s = s.slice(0, at) + s.slice(Math.floor(rand() * s.length));
        break; // a segment repeated
      case 5:
        s = s.replace(/"[a-z_]+"/, `"${PIECES[Math.floor(rand() * 4)]!.replace(/"/g, '')}"`);
        break;
      case 6:
        s = s.replace(/\d+/, ['1e400', '-5', '0', '99999999999999999999', '1.5e-300', '"x"'][Math.floor(rand() * 6)]!);
        break;
      case 7:
        s = s.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x300)) + s.slice(at);
        break;
      default:
        s = s.repeat(1 + Math.floor(rand() * 3));
        break;
    }
  }
  let bytes = Buffer.from(s, 'utf8');
  if (rand() < 0.05) bytes = Buffer.concat([bytes.subarray(0, Math.floor(rand() * bytes.length)), Buffer.from([0xff, 0xfe, 0xc3])]); // broken UTF-8
  const g = rand();
  if (g < 0.1) bytes = zlib.gzipSync(bytes);
  else if (g < 0.16) {
    const z = zlib.gzipSync(bytes);
    bytes = z.subarray(0, Math.max(2, Math.floor(rand() * z.length)));
  }
  return bytes;
}

/** `variant` (0 or 1) switches the options: typed CSV values, group profiles, a default group key. */
async function importAs(kind: Kind, store: Store, file: string, variant: number): Promise<number> {
  const inputs = () => [{ label: path.basename(file), records: readRecords(file) }];
  const groupKey = variant ? 'company' : undefined;
  const report =
    kind === 'events'
      ? await importEvents(store, fileInputs([file]), { timezoneShifted: variant === 1 })
      : kind === 'people'
        ? await importPeople(store, inputs(), { groupKey })
        : kind === 'csv'
          ? await importPeopleCsv(store, file, { inferTypes: variant === 1 })
          : await importUpdates(store, inputs(), { groupKey });
  return report.skipped > 0 ? 1 : 0;
}

describe('importer fuzz', () => {
  it(`${INPUTS} seeded malformed inputs: exit 0 or 1 only, store whole and unlocked`, async () => {
    const rand = seeded(Number(process.env.QUARRY_STRESS_FUZZ_SEED ?? 4242));
    // On tmpfs when there is one: thousands of commits, and fsync there costs nothing.
    const work = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/quarry-fuzz-') : tempDir('quarry-fuzz-');
    shm = work.startsWith('/dev/shm/') ? work : '';
    const codes = { 0: 0, 1: 0 };
    const samples: { kind: Kind; file: string }[] = [];
    let store: Store | undefined;
    for (let n = 0; n < INPUTS; n++) {
      if (n % 200 === 0) {
        if (store) readWholeStore(store.dir);
        store = Store.init(path.join(work, `store-${n}`), { timezone: 'Europe/Berlin', createdAt: '2024-01-01T00:00:00Z' });
      }
      const kind = KINDS[n % KINDS.length]!;
      const seedTexts = SEEDS[kind];
      const bytes = mutate(seedTexts[Math.floor(rand() * seedTexts.length)]!, rand);
      const file = path.join(work, `in-${n % 50}.${kind === 'csv' ? 'csv' : 'json'}`);
      fs.writeFileSync(file, bytes);
      let code: number;
      try {
        code = await importAs(kind, store!, file, Math.floor(n / KINDS.length) % 2);
      } catch (e) {
        if (!(e instanceof UserError) || e.exitCode !== 1) {
          const keep = path.join(work, `failing-${n}`);
          fs.copyFileSync(file, keep);
          throw new Error(`input ${n} (${kind}, kept as ${keep}) raised ${(e as Error)?.name}: ${(e as Error)?.message}\n${(e as Error)?.stack}`);
        }
        code = 1;
      }
      codes[code as 0 | 1]++;
      expect(fs.existsSync(path.join(store!.dir, LOCK_FILE)), `input ${n}: lock left`).toBe(false);
      if (n % 150 === 7 && samples.length < CLI_SAMPLE) {
        const keep = path.join(work, `sample-${n}${path.extname(file)}`);
        fs.copyFileSync(file, keep);
        samples.push({ kind, file: keep });
      }
    }
    readWholeStore(store!.dir);
    // Both outcomes occur: the mutations are not all fatal, nor all harmless.
    expect(codes[0]).toBeGreaterThan(INPUTS / 20);
    expect(codes[1]).toBeGreaterThan(INPUTS / 20);

    // The same inputs through the real CLI: exit 0 or 1, no stack trace.
    const dir = path.join(work, 'cli-store');
    Store.init(dir, { timezone: 'UTC' });
    for (const { kind, file } of samples) {
      const args = kind === 'events' ? ['import', 'events', file] : kind === 'updates' ? ['import', 'updates', file] : ['import', 'people', file];
      const r = await runCli([...args, '--store', dir]);
      expect([0, 1], `${file}: ${r.stderr}`).toContain(r.code);
      expect(looksClean(r.stdout + r.stderr), r.stderr).toBe(true);
    }
    readWholeStore(dir);
  }, 600_000);
});
