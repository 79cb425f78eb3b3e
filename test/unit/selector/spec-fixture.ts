/** The record of spec §5: one event of "purchase" at 2016-03-15T12:00:00Z with its user. */
import type { SelectorEnv, SelectorRecord } from '../../../src/selector/index.js';

export const SPEC_ENV: SelectorEnv = { timezone: 'UTC', nowSeconds: 1458475200 };

export const SPEC_EVENT_PROPERTIES: Record<string, unknown> = {
  $email: 'jane@yahoo.com',
  country: 'US',
  $city: 'San Francisco',
  amount: 42.5,
  qty: 3,
  account_id: 2,
  account_str: '2',
  signed_up: 'false',
  is_paid: true,
  tags: ['a', 'b', 'vip'],
  nums: [1, 2, 3],
  empty: '',
  nothing: null,
  created: '2016-03-01T10:00:00',
  ts: 1458043200,
};

export const SPEC_USER_PROPERTIES: Record<string, unknown> = {
  $email: 'Jane@Example.com',
  age: 34,
  plan: 'Premium',
  signup_date: '2016-02-29T08:30:00',
  $last_seen: '2016-03-20T00:00:00',
};

export const SPEC_RECORD: SelectorRecord = {
  name: 'purchase',
  time: 1458043200000,
  properties: SPEC_EVENT_PROPERTIES,
  user: SPEC_USER_PROPERTIES,
};

/** Other records to mix into multi-row batches (they change column kinds and dictionaries). */
export const OTHER_RECORDS: SelectorRecord[] = [
  { name: 'view', time: 1400000000000, properties: { country: 'CA', amount: 3, qty: 1, tags: [], created: 'not a date' }, user: { age: 12 } },
  { name: 'view', time: 1500000000000, properties: {}, user: {} },
  { name: 'signup', properties: { country: null, amount: null, $email: 'x@gmail.com', is_paid: false } },
  { name: 'signup', user: { plan: 'Free', $last_seen: '2016-01-01' } },
];
