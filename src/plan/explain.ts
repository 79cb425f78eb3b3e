/**
 * Print a plan as indented text, one node a line, using JQL's names. Used by
 * `quarry explain` and in test failure messages.
 *
 * @example explainPlan(plan)
 *   // Events 2024-01-01..2024-01-31 selectors=[{"event":"Signup"}]
 *   //   filter fn#0 reads=[properties.country]
 *   //   groupBy [properties.$city] count()
 */
import type { Accessor, Plan, ReducerSpec, Source, Stage } from './nodes.js';

export function explainAccessor(a: Accessor): string {
  switch (a.kind) {
    case 'path':
      return a.path;
    case 'fn':
      return `fn#${a.fnId}`;
    case 'multiple_keys':
      return `multiple_keys(${explainAccessor(a.inner)})`;
    case 'slice':
      return `slice(${a.path}, ${a.start}${a.limit === undefined ? '' : `, ${a.limit}`})`;
    case 'numeric_bucket':
      return `numeric_bucket(${explainAccessor(a.inner)}, ${JSON.stringify(a.spec)})`;
    default:
      return `${a.kind}(${explainAccessor(a.inner)})`;
  }
}

export function explainReducer(r: ReducerSpec): string {
  if (r.kind === 'fn') return `fn#${r.fnId}`;
  const parts: string[] = [];
  if (r.accessor) parts.push(explainAccessor(r.accessor));
  for (const a of r.args) parts.push(JSON.stringify(a));
  if (r.options) parts.push(JSON.stringify(r.options));
  return `${r.name}(${parts.join(', ')})`;
}

function explainReducers(rs: ReducerSpec[], list: boolean): string {
  const s = rs.map(explainReducer).join(', ');
  return list ? `[${s}]` : s;
}

/** Selectors print as the user wrote them; their parsed trees (physical plan) are left out. */
const omitParsed = (key: string, value: unknown) => (key === 'parsed' ? undefined : value);

export function explainSource(s: Source): string {
  const cohorts = s.cohorts.length ? ` cohorts=${JSON.stringify(s.cohorts)}` : '';
  switch (s.kind) {
    case 'events': {
      const sel = s.eventSelectors.length ? ` selectors=${JSON.stringify(s.eventSelectors, omitParsed)}` : '';
      return `Events ${s.fromDate}..${s.toDate}${sel}${cohorts}`;
    }
    case 'people': {
      const sel = s.userSelectors.length ? ` selectors=${JSON.stringify(s.userSelectors, omitParsed)}` : '';
      return `People${sel}${cohorts}`;
    }
    case 'join': {
      const sel = s.selectors.length ? ` selectors=${JSON.stringify(s.selectors, omitParsed)}` : '';
      return `Join type=${s.type}${sel}${cohorts}\n    ${explainSource(s.events)}\n    ${explainSource(s.people)}`;
    }
  }
}

function explainStage(st: Stage, plan: Plan): string {
  const reads = (id: number) => {
    const r = plan.fns[id]?.reads;
    return r ? ` reads=[${r.join(', ')}]` : ' reads=*';
  };
  switch (st.kind) {
    case 'filter':
    case 'map':
      return `${st.kind} fn#${st.fn}${reads(st.fn)}`;
    case 'flatten':
      return 'flatten';
    case 'sortAsc':
    case 'sortDesc':
      return `${st.kind} ${explainAccessor(st.accessor)}`;
    case 'reduce':
      return `reduce ${explainReducers(st.reducers, st.list)}`;
    case 'groupBy':
    case 'groupByUser':
      return `${st.kind} [${st.keys.map(explainAccessor).join(', ')}] ${explainReducers(st.reducers, st.list)}`;
    case 'applyGroupLimits':
      return `applyGroupLimits ${JSON.stringify(st.limits)}${st.globalLimit === undefined ? '' : ` ${st.globalLimit}`}`;
  }
}

export function explainPlan(plan: Plan): string {
  return [explainSource(plan.source), ...plan.stages.map((s) => `  ${explainStage(s, plan)}`)].join('\n');
}

/** Custom reducers read fields of their items (second argument), other functions of their first. */
function customReducers(plan: Plan): Set<number> {
  const reducers = new Set<number>();
  for (const st of plan.stages) if ('reducers' in st) for (const r of st.reducers) if (r.kind === 'fn') reducers.add(r.fnId);
  return reducers;
}

/**
 * Where each user function runs: natively (translated to quarry's expression form) or
 * in the sandbox, with the fields it is sent. For `quarry run --explain`.
 */
export function explainFunctions(plan: Plan, reducers = customReducers(plan)): string {
  return plan.fns
    .map((f) => {
      const name = f.name ? ` ${f.name}` : '';
      if (f.native && !reducers.has(f.id)) return `fn#${f.id}${name}: native (translated)`;
      const reads = reducers.has(f.id) ? f.itemReads : f.reads;
      return `fn#${f.id}${name}: sandbox, reads ${reads === null || reads === undefined ? 'everything' : reads.length ? reads.join(', ') : 'nothing'}`;
    })
    .join('\n');
}
