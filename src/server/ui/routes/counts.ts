/** Total vs unique: an event's totals and uniques per day over a range, optionally split by a property. */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../../../errors.js';
import { countEvents } from '../../../users/index.js';
import { API_PATHS, type CountsDay, type CountsQuery, type CountsResponse } from '../api-types.js';
import type { UiStore } from '../ui-store.js';

const MAX_DAYS = 731;

export function countsRoutes(app: FastifyInstance, ui: UiStore): void {
  app.post<{ Body: CountsQuery }>(API_PATHS.counts, async (req, reply): Promise<CountsResponse> => {
    const started = performance.now();
    const q = req.body ?? ({} as CountsQuery);
    if (typeof q.event !== 'string' || q.event === '') throw new UserError('choose an event');
    const store = ui.of(req, reply);
    const all = store.days();
    const to = q.to || all[all.length - 1];
    const from = q.from || all[Math.max(0, all.length - 30)];
    if (from !== undefined && to !== undefined && from > to) throw new UserError(`the range starts (${from}) after it ends (${to})`);
    const days = store.days(from, to);
    if (days.length > MAX_DAYS) throw new UserError(`choose at most ${MAX_DAYS} days (the range has ${days.length} days with events)`);
    const base = { events: [q.event], where: q.where };
    // One day at a time through the same counter as `quarry count` (each call reads one partition).
    const perDay: CountsDay[] = days.map((day) => ({
      day,
      total: countEvents(store, { ...base, from: day, to: day })[0]!.count,
      unique: countEvents(store, { ...base, from: day, to: day, unique: true })[0]!.count,
    }));
    const total = countEvents(store, { ...base, from, to })[0]!.count;
    const unique = countEvents(store, { ...base, from, to, unique: true })[0]!.count;
    let split: CountsResponse['split'];
    if (q.by) {
      const totals = countEvents(store, { ...base, from, to, by: q.by });
      const uniques = countEvents(store, { ...base, from, to, by: q.by, unique: true });
      const u = new Map(uniques.map((r) => [JSON.stringify(r.value), r.count]));
      split = totals.map((r) => ({ value: r.value, total: r.count, unique: u.get(JSON.stringify(r.value)) ?? 0 }));
    }
    return { event: q.event, days: perDay, total, unique, split, ms: Math.round(performance.now() - started) };
  });
}
