/**
 * Which fields to put in a batch for a set of guest functions, from their `reads`
 * (Plan.fns[id].reads). One null -> everything. For join items pass the side:
 * 'event' or 'user' (paths under `event.` / `user.`; a bare `distinct_id` read
 * needs the distinct_id of both sides, since the join item's id comes from either).
 *
 * @example neededFields([['properties.country', 'name']])
 *   // -> { all: false, top: Set{'name','properties'}, properties: Set{'country'} }
 */
export interface NeededFields {
  all: boolean;
  /** Top-level item fields: name, distinct_id, time, sampling_factor, last_seen, properties. */
  top: Set<string>;
  /** Property columns to send; 'all' when a function reads `properties` whole. */
  properties: Set<string> | 'all';
}

export function neededFields(reads: Array<string[] | null>, side?: 'event' | 'user'): NeededFields {
  const all: NeededFields = { all: true, top: new Set(), properties: 'all' };
  const out: NeededFields = { all: false, top: new Set(), properties: new Set() };
  for (const r of reads) {
    if (r === null) return all;
    for (let path of r) {
      if (side) {
        if (path === 'distinct_id') {
          out.top.add('distinct_id');
          continue;
        }
        if (path === side) return all;
        if (!path.startsWith(`${side}.`)) continue;
        path = path.slice(side.length + 1);
      }
      const dot = path.indexOf('.');
      const head = dot < 0 ? path : path.slice(0, dot);
      out.top.add(head);
      if (head !== 'properties') continue;
      if (dot < 0) {
        out.properties = 'all';
        continue;
      }
      if (out.properties === 'all') continue;
      const rest = path.slice(dot + 1);
      const d2 = rest.indexOf('.');
      out.properties.add(d2 < 0 ? rest : rest.slice(0, d2));
    }
  }
  return out;
}
