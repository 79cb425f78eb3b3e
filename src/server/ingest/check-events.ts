/**
 * Events of /track and /import, checked before they are acknowledged: what the store
 * would reject is reported now (the /import strict report), not lost later. Accepted
 * records are what goes to the log: the token removed, a missing time set to the
 * time of receipt (/track), `$ignore` events dropped.
 */
import { normalizeEvent } from '../../ingest/index.js';
import { tokenAccepted } from '../auth.js';

export interface FailedRecord {
  index: number;
  $insert_id: string | undefined;
  field: string;
  message: string;
}

export interface CheckedEvents {
  accepted: unknown[];
  failed: FailedRecord[];
  /** Events that carried `$ignore` (dropped silently, as hosted). */
  ignored: number;
}

export interface CheckOptions {
  /** /track: a missing time is the time of receipt. */
  timeDefaultsToNow: boolean;
  /** /import strict mode: `$insert_id` and `distinct_id` are required. */
  strict: boolean;
  /** Token every record must carry in `properties.token` (undefined: not checked here). */
  token?: string;
  nowMs: number;
  timezone: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkEvents(records: unknown[], o: CheckOptions): CheckedEvents {
  const out: CheckedEvents = { accepted: [], failed: [], ignored: 0 };
  records.forEach((rec, index) => {
    const fail = (field: string, message: string) => {
      const props = isObject(rec) && isObject(rec.properties) ? rec.properties : {};
      out.failed.push({ index, $insert_id: typeof props.$insert_id === 'string' ? props.$insert_id : undefined, field, message });
    };
    if (!isObject(rec)) return fail('', 'not an event object');
    if (rec.properties !== undefined && !isObject(rec.properties)) return fail('properties', '"properties" is not an object');
    const props: Record<string, unknown> = { ...((rec.properties as Record<string, unknown> | undefined) ?? {}) };
    if (o.token !== undefined && !tokenAccepted(o.token, props.token)) return fail('properties.token', 'missing or invalid project token');
    delete props.token;
    if (props.$ignore !== undefined && props.$ignore !== false) {
      out.ignored++;
      return;
    }
    if (props.time === undefined && o.timeDefaultsToNow) props.time = o.nowMs;
    if (o.strict) {
      if (props.distinct_id === undefined) return fail('properties.distinct_id', 'properties.distinct_id is required ("" for events of no user)');
      if (props.$insert_id === undefined || props.$insert_id === '') return fail('properties.$insert_id', 'properties.$insert_id is required in strict mode');
    }
    const event = { event: rec.event, properties: props };
    const n = normalizeEvent(event, { timezoneShifted: false, timezone: o.timezone });
    if (!n.ok) return fail(n.reason.includes('time') ? 'properties.time' : n.reason.includes('name') || n.reason.includes('"event"') ? 'event' : '', n.reason);
    if (n.event.time > o.nowMs + 3_600_000) props.time = o.nowMs; // future times become now, as hosted
    out.accepted.push(event);
  });
  return out;
}
