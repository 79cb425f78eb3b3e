/**
 * What an import did: counts, and the skipped records grouped by reason with the
 * first few places (file:line) of each, so a user can find them.
 */

export const MAX_PLACES_PER_REASON = 5;

export class ImportReport {
  read = 0;
  imported = 0;
  duplicates = 0;
  skipped = 0;
  warnings = 0;
  readonly reasons = new Map<string, { count: number; places: string[] }>();
  readonly warningReasons = new Map<string, { count: number; places: string[] }>();
  readonly notes: string[] = [];
  /** Profiles created and updated (profile imports). */
  created = 0;
  updated = 0;
  /** `--dry-run`: nothing was written; the first profiles as they would be set. */
  dryRun?: { sample: Array<{ id: string; properties: Record<string, unknown> }> };

  skip(reason: string, place: string): void {
    this.skipped++;
    add(this.reasons, reason, place);
  }

  warn(reason: string, place: string): void {
    this.warnings++;
    add(this.warningReasons, reason, place);
  }

  /** One line: "read 10, imported 8, deduplicated 1, skipped 1 (...)" (errors quote it). */
  summary(what: string): string {
    const parts = [`read ${this.read}`, `imported ${this.imported} ${what}`];
    if (this.duplicates) parts.push(`deduplicated ${this.duplicates}`);
    parts.push(`skipped ${this.skipped}${this.skipped ? ` (${describe(this.reasons)})` : ''}`);
    if (this.warnings) parts.push(`warnings ${this.warnings} (${describe(this.warningReasons)})`);
    return parts.join(', ');
  }

  /**
   * What the import commands print: one line of counts ("read 10, imported 8 events,
   * skipped 1, warnings 2"), then one indented line per reason with its first places,
   * so a long report reads as a list rather than one very long line.
   */
  display(what: string): string {
    const parts = [`read ${this.read}`, `${this.dryRun ? 'would import' : 'imported'} ${this.imported} ${what}`];
    if (this.created || this.updated) parts[1] += ` (${this.created} new, ${this.updated} updated)`;
    if (this.duplicates) parts.push(`deduplicated ${this.duplicates}`);
    parts.push(`skipped ${this.skipped}`);
    if (this.warnings) parts.push(`warnings ${this.warnings}`);
    const lines = [parts.join(', ')];
    for (const [reason, r] of this.reasons) lines.push(`  skipped ${describeOne(reason, r)}`);
    for (const [reason, r] of this.warningReasons) lines.push(`  warning ${describeOne(reason, r)}`);
    return lines.join('\n');
  }

  toJSON() {
    const obj = (m: Map<string, { count: number; places: string[] }>) => Object.fromEntries(m);
    return {
      read: this.read,
      imported: this.imported,
      duplicates: this.duplicates,
      skipped: this.skipped,
      reasons: obj(this.reasons),
      warnings: this.warnings,
      warningReasons: obj(this.warningReasons),
      notes: this.notes,
      ...(this.created || this.updated ? { created: this.created, updated: this.updated } : {}),
      ...(this.dryRun ? { dryRun: true, sample: this.dryRun.sample } : {}),
    };
  }
}

function add(m: Map<string, { count: number; places: string[] }>, reason: string, place: string) {
  let r = m.get(reason);
  if (r === undefined) m.set(reason, (r = { count: 0, places: [] }));
  r.count++;
  if (r.places.length < MAX_PLACES_PER_REASON) r.places.push(place);
}

function describe(m: Map<string, { count: number; places: string[] }>): string {
  return [...m].map(([reason, r]) => describeOne(reason, r)).join('; ');
}

function describeOne(reason: string, r: { count: number; places: string[] }): string {
  return `${r.count} ${reason}: ${r.places.join(', ')}${r.count > r.places.length ? ', ...' : ''}`;
}
