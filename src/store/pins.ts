/**
 * Pins across processes: a distributed job (`quarry plan` ... `quarry finish`) reads
 * one store snapshot from many processes and machines for minutes or hours, longer
 * than the two manifests garbage collection keeps. A pin is a small file
 * `pins/<id>.json` in the store holding that snapshot's manifest; collectGarbage keeps
 * every file a live pin's manifest refers to. A pin ends when its job releases it
 * (`quarry finish`, unless `--keep-pin`) or when it expires (a job whose
 * coordinator died must not keep old files forever); expired pin files are removed by
 * the next garbage collection.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Manifest } from './manifest.js';

export const PINS_DIR = 'pins';
/** How long a pin lasts when its job never releases it. */
export const DEFAULT_PIN_HOURS = 24;

export interface PinFile {
  id: string;
  generation: number;
  createdAt: string;
  expiresAt: string;
  manifest: Manifest;
}

/** Pin `manifest` (the snapshot a job reads) in the store at `dir`; returns the pin id. */
export function pinGeneration(dir: string, manifest: Manifest, o: { hours?: number; now?: number } = {}): PinFile {
  const now = o.now ?? Date.now();
  const hours = o.hours ?? DEFAULT_PIN_HOURS;
  const id = `g${manifest.generation}-${crypto.randomBytes(6).toString('hex')}`;
  const pin: PinFile = {
    id,
    generation: manifest.generation,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + hours * 3_600_000).toISOString(),
    manifest,
  };
  const folder = path.join(dir, PINS_DIR);
  fs.mkdirSync(folder, { recursive: true });
  const tmp = path.join(folder, `.${id}.tmp-${process.pid}`);
  // Written whole and renamed: garbage collection never reads half a pin. (Not through
  // commit.ts's writer: commit.ts reads pins, and store/ has no import cycles.)
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(pin));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(folder, `${id}.json`));
  return pin;
}

/** Release a pin; false when it was not there (already released or expired). */
export function releasePin(dir: string, id: string): boolean {
  if (!/^[\w.-]+$/.test(id)) return false;
  try {
    fs.rmSync(path.join(dir, PINS_DIR, `${id}.json`));
    return true;
  } catch {
    return false;
  }
}

/** Manifests of the live pins; expired or unreadable pin files are removed (only call under the writer lock). */
export function pinnedManifests(dir: string, now = Date.now()): Manifest[] {
  const folder = path.join(dir, PINS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return [];
  }
  const out: Manifest[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    if (!name.endsWith('.json')) {
      // A temporary file of a pin that was being written when its process died.
      if (name.includes('.tmp-') && fs.statSync(file).mtimeMs < now - 3_600_000) fs.rmSync(file, { force: true });
      continue;
    }
    let pin: PinFile;
    try {
      pin = JSON.parse(fs.readFileSync(file, 'utf8')) as PinFile;
    } catch {
      fs.rmSync(file, { force: true });
      continue;
    }
    if (!(Date.parse(pin.expiresAt) > now)) fs.rmSync(file, { force: true });
    else out.push(pin.manifest);
  }
  return out;
}
