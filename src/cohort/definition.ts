/**
 * The cohort definition model: quarry's own JSON shape, stored as is in the
 * manifest (`CohortDefinition.definition`). Every accepted input shape (quarry's,
 * the hosted product's stored `{selector, behaviors}` shape, the inline
 * `and_batch` shape) is parsed into this one tree (parse-definition.ts).
 *
 * @example
 * { "operator": "and", "children": [
 *   { "type": "property", "where": "properties[\"plan\"] == \"premium\"" },
 *   { "type": "behavior", "event": "Purchase", "count": { "op": ">=", "value": 3 },
 *     "window": { "last": 30, "unit": "day" } },
 *   { "type": "cohort", "cohort": "Churned", "operator": "not in" } ] }
 */

export type CountOp = '>=' | '<=' | '==' | '>' | '<' | '!=';
export const COUNT_OPS: readonly CountOp[] = ['>=', '<=', '==', '>', '<', '!='];

export type WindowUnit = 'day' | 'week' | 'month';

/** When events count: the last N units up to "as of", two dates, or all time (omitted). */
export type BehaviorWindow = { last: number; unit: WindowUnit } | { from: string; to: string };

export interface GroupCriterion {
  operator: 'and' | 'or';
  children: Criterion[];
}

/** A selector expression over profile properties (`properties[k]` / `user[k]`). */
export interface PropertyCriterion {
  type: 'property';
  where: string;
}

/** Per-user count of events (optionally only those matching `where`) compared with a number. */
export interface BehaviorCriterion {
  type: 'behavior';
  /** Event name; null for any event. */
  event: string | null;
  /** Selector over the event's properties. */
  where?: string;
  count: { op: CountOp; value: number };
  /** Omitted: all events up to "as of". */
  window?: BehaviorWindow;
  /** Count days with at least one such event instead of events ("on N distinct days"). */
  distinctDays?: boolean;
}

/** Membership of another cohort, by name (or by the numeric id hosted definitions use). */
export interface CohortCriterion {
  type: 'cohort';
  cohort: string | number;
  operator: 'in' | 'not in';
}

export type Criterion = GroupCriterion | PropertyCriterion | BehaviorCriterion | CohortCriterion;

/** What the manifest's `definition` field holds for quarry cohorts. */
export interface StoredDefinition {
  /** Stable number, for hosted definitions that refer to cohorts by id. */
  id: number;
  /** Dynamic cohorts: the criteria. Static cohorts: absent (members are frozen). */
  criteria?: Criterion;
  /** Static cohorts made by `cohort freeze`: the criteria they were frozen from, and when. */
  frozenFrom?: { cohort: string; criteria?: Criterion; asOf: string };
  /** Where a static list came from (`csv:<file>`, `freeze`). */
  source?: string;
}

export const isGroup = (c: Criterion): c is GroupCriterion => 'operator' in c && 'children' in c;
