/** What the store holds, for the page's pickers: counts, properties with kinds, event names, cohorts, JQL examples. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { knownUsers } from '../../../cohort/index.js';
import { RESERVED_PROFILE_PROPERTIES } from '../../../ingest/index.js';
import { API_PATHS, type JqlExample, type MetaResponse } from '../api-types.js';
import { propertyKinds } from '../property-kinds.js';
import type { UiStore } from '../ui-store.js';

function readExamples(dir: string): JqlExample[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .sort()
      .map((f) => ({ name: f.replace(/\.js$/, ''), source: fs.readFileSync(path.join(dir, f), 'utf8') }));
  } catch {
    return [];
  }
}

export function metaRoutes(app: FastifyInstance, ui: UiStore, examplesDir: string): void {
  const examples = readExamples(examplesDir);
  app.get(API_PATHS.meta, async (req, reply): Promise<MetaResponse> => {
    const store = ui.of(req, reply);
    return ui.memoize(store, 'meta', () => {
      const days = store.days();
      const names = new Set<string>();
      for (const d of days) for (const [n, c] of Object.entries(store.partitionMeta(d)!.names)) if (c > 0) names.add(n);
      const known = knownUsers(store);
      let users = 0;
      for (let i = 0; i < known.all.length; i++) users += known.all[i]!;
      return {
        store: path.basename(store.dir),
        timezone: store.timezone,
        events: store.eventCount,
        profiles: store.profiles()?.length ?? 0,
        users,
        firstDay: days[0] ?? null,
        lastDay: days[days.length - 1] ?? null,
        defaultColumns: store.settings.defaultColumns,
        properties: propertyKinds(store),
        eventNames: [...names].sort(),
        reservedProperties: [...RESERVED_PROFILE_PROPERTIES],
        cohorts: store.manifest.cohorts.map((c) => c.name),
        examples,
      };
    });
  });
}
