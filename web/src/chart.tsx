// Charts drawn by Observable Plot; this component only mounts the SVG it returns.
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

export function PlotChart(props: { options: Plot.PlotOptions; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const width = Math.max(320, Math.min(1100, (ref.current!.clientWidth || 640) - 8));
    const el = Plot.plot({ width, height: 180, marginLeft: 48, style: { background: 'transparent' }, ...props.options });
    ref.current!.replaceChildren(el);
    return () => el.remove();
  }, [props.options]);
  return <figure className="chart" role="img" aria-label={props.label} ref={ref} />;
}

/** Counts per day as bars. */
export function dayBars(rows: { day: string; count: number }[], y = 'count'): Plot.PlotOptions {
  const data = rows.map((r) => ({ ...r, date: new Date(`${r.day}T00:00:00Z`) }));
  return {
    x: { type: 'utc', label: null },
    y: { grid: true, label: y },
    marks: [Plot.rectY(data, { x: 'date', y: 'count', interval: 'day', fill: '#4f46e5' }), Plot.ruleY([0])],
  };
}
