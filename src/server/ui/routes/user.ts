/** One user: the profile, a page of the activity feed (optionally one event name), events per day. */
import type { FastifyInstance } from 'fastify';
import { UserError } from '../../../errors.js';
import { activityDays, type FeedEvent, userHistory } from '../../../users/index.js';
import { API_PATHS, type UserResponse } from '../api-types.js';
import type { UiStore } from '../ui-store.js';

const MAX_FEED_PAGE = 200;
/** With an event-name filter the feed reads ahead in pages of this size, at most FILTER_PAGES of them. */
const FILTER_READ = 500;
const FILTER_PAGES = 40;

function positiveNumber(text: string | undefined, what: string): number | undefined {
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`${what} must be a positive number, got ${JSON.stringify(text)}`);
  return n;
}

export function userRoutes(app: FastifyInstance, ui: UiStore): void {
  app.get<{ Querystring: { id?: string; before?: string; limit?: string; event?: string } }>(API_PATHS.user, async (req, reply): Promise<UserResponse> => {
    const { id, event } = req.query;
    if (id === undefined || id === '') throw new UserError('id (the distinct_id) is required');
    const store = ui.of(req, reply);
    const limit = Math.min(positiveNumber(req.query.limit, 'limit') ?? 25, MAX_FEED_PAGE);
    const before = positiveNumber(req.query.before, 'before');
    let h = userHistory(store, id, { limit, beforeMs: before });
    let events: FeedEvent[] = h.events;
    let nextBefore = h.nextBefore;
    if (event) {
      // Page through the whole feed until `limit` events of that name are found.
      events = [];
      let cursor = before;
      for (let i = 0; i < FILTER_PAGES && events.length <= limit; i++) {
        h = userHistory(store, id, { limit: FILTER_READ, beforeMs: cursor });
        events.push(...h.events.filter((e) => e.name === event));
        cursor = h.nextBefore ?? undefined;
        if (h.nextBefore === null) break;
      }
      const more = events.length > limit || h.nextBefore !== null;
      events = events.slice(0, limit);
      nextBefore = more && events.length > 0 ? events[events.length - 1]!.time : null;
    }
    const days = activityDays(store, id);
    return { distinctId: h.distinctId, timezone: h.timezone, profile: h.profile, events, nextBefore, ...days };
  });
}
