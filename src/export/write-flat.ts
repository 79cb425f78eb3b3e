/**
 * A flat table (flat-table.ts) as CSV (src/output's writer), an Arrow IPC file or a
 * Parquet file (hyparquet-writer), written in batches of BATCH rows so memory stays
 * bounded whatever the size. Arrow and Parquet keep the column types (timestamp,
 * double, boolean, string; JSON text for lists and objects) so DuckDB, pyarrow and
 * polars read them directly.
 */
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import {
  Bool,
  Field,
  Float64,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  TimestampMillisecond,
  Utf8,
  makeData,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { fileWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import { writeCsv } from '../output/index.js';
import type { FlatColumn, FlatTable, FlatType } from './flat-table.js';

export const BATCH = 65_536;

function* batches(rows: Iterable<unknown[]>, size = BATCH): Generator<unknown[][]> {
  let b: unknown[][] = [];
  for (const r of rows) {
    b.push(r);
    if (b.length >= size) {
      yield b;
      b = [];
    }
  }
  if (b.length) yield b;
}

/** CSV through src/output's writer: `time` as ISO 8601 UTC. */
export async function writeFlatCsv(t: FlatTable, out: Writable, onRows?: (n: number) => void): Promise<number> {
  let n = 0;
  function* items() {
    for (const row of t.rows) {
      const o: Record<string, unknown> = {};
      t.columns.forEach((c, j) => {
        const v = row[j];
        o[c.name] =
          v === null || v === undefined ? null : c.type === 'timestamp' ? new Date(v as number).toISOString() : c.type === 'json' ? JSON.stringify(v) : v;
      });
      if (++n % BATCH === 0) onRows?.(n);
      yield o;
    }
  }
  const s = await writeCsv(items(), out, { headerRows: 1 });
  onRows?.(n);
  return s.items;
}

function arrowType(t: FlatType): DataType {
  switch (t) {
    case 'number':
      return new Float64();
    case 'boolean':
      return new Bool();
    case 'timestamp':
      return new TimestampMillisecond('UTC');
    default:
      return new Utf8();
  }
}

export async function writeFlatArrow(t: FlatTable, file: string, onRows?: (n: number) => void): Promise<number> {
  const fields = t.columns.map((c) => new Field(c.name, arrowType(c.type), true));
  const schema = new Schema(fields);
  const writer = new RecordBatchFileWriter();
  const out = fs.createWriteStream(file);
  const drained = (async () => {
    for await (const chunk of writer) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  })();
  let n = 0;
  try {
    writer.reset(undefined, schema);
    for (const b of batches(t.rows)) {
      const children = t.columns.map((c, j) => {
        const values = b.map((r) => (r[j] === null || r[j] === undefined ? null : c.type === 'json' ? JSON.stringify(r[j]) : r[j]));
        return vectorFromArray(values, arrowType(c.type) as never).data[0]!;
      });
      const data = makeData({ type: new Struct(fields), length: b.length, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      n += b.length;
      onRows?.(n);
      await new Promise<void>((r) => setImmediate(r)); // let the file stream drain the writer's queue
    }
    if (n === 0)
      writer.write(
        new RecordBatch(
          schema,
          makeData({ type: new Struct(fields), length: 0, nullCount: 0, children: fields.map((f) => makeData({ type: f.type as never, length: 0 })) }),
        ),
      );
  } finally {
    writer.finish();
    await drained;
  }
  return n;
}

const PARQUET_TYPES = { string: 'STRING', json: 'JSON', number: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP' } as const;
const parquetType = (t: FlatType) => PARQUET_TYPES[t];

export async function writeFlatParquet(t: FlatTable, file: string, onRows?: (n: number) => void): Promise<number> {
  const columnsOf = (rows: unknown[][]) =>
    t.columns.map((c: FlatColumn, j) => ({
      name: c.name,
      type: parquetType(c.type),
      data: rows.map((r) => (c.type === 'timestamp' && r[j] !== null ? new Date(r[j] as number) : (r[j] ?? null))),
    }));
  const schema = schemaFromColumnData({ columnData: columnsOf([]) as never });
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, createdBy: 'quarry' });
  let n = 0;
  for (const b of batches(t.rows)) {
    await writer.write({ columnData: columnsOf(b) as never, rowGroupSize: BATCH });
    n += b.length;
    onRows?.(n);
  }
  writer.finish();
  return n;
}
