/**
 * A log-log line chart as SVG text, with no dependency: the scaling plot of scale.ts
 * (time and peak RSS against events). Each series is one engine's one query; colour
 * names the query, the dash the engine.
 */

export interface PlotSeries {
  label: string;
  color: string;
  dashed: boolean;
  points: Array<[number, number]>;
}

export interface PanelSpec {
  title: string;
  yLabel: string;
  series: PlotSeries[];
  /** Tick label of a y value. */
  yTick: (v: number) => string;
}

const W = 520;
const H = 360;
const M = { left: 64, right: 16, top: 32, bottom: 48 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Powers of ten and their 2x, 5x multiples inside [lo, hi] (log axis ticks). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  }
  return out;
}

function panel(p: PanelSpec, x0: number, xTick: (v: number) => string): string {
  const pts = p.series.flatMap((s) => s.points).filter(([x, y]) => x > 0 && y > 0);
  if (pts.length === 0) return '';
  const pad = (lo: number, hi: number): [number, number] => (lo === hi ? [lo / 2, hi * 2] : [lo / 1.25, hi * 1.25]);
  const [xlo, xhi] = pad(Math.min(...pts.map((q) => q[0])), Math.max(...pts.map((q) => q[0])));
  const [ylo, yhi] = pad(Math.min(...pts.map((q) => q[1])), Math.max(...pts.map((q) => q[1])));
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const sx = (x: number) => x0 + M.left + ((Math.log(x) - Math.log(xlo)) / (Math.log(xhi) - Math.log(xlo))) * iw;
  const sy = (y: number) => M.top + ih - ((Math.log(y) - Math.log(ylo)) / (Math.log(yhi) - Math.log(ylo))) * ih;
  const o: string[] = [];
  o.push(`<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  o.push(`<rect x="${x0 + M.left}" y="${M.top}" width="${iw}" height="${ih}" fill="none" stroke="#999"/>`);
  for (const t of logTicks(xlo, xhi)) {
    const x = sx(t).toFixed(1);
    o.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ih}" stroke="#eee"/>`);
    o.push(`<text x="${x}" y="${M.top + ih + 16}" text-anchor="middle">${esc(xTick(t))}</text>`);
  }
  for (const t of logTicks(ylo, yhi)) {
    const y = sy(t).toFixed(1);
    o.push(`<line x1="${x0 + M.left}" y1="${y}" x2="${x0 + M.left + iw}" y2="${y}" stroke="#eee"/>`);
    o.push(`<text x="${x0 + M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(p.yTick(t))}</text>`);
  }
  o.push(`<text x="${x0 + M.left + iw / 2}" y="${H - 8}" text-anchor="middle">events (log)</text>`);
  o.push(`<text transform="translate(${x0 + 14},${M.top + ih / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  for (const s of p.series) {
    const ps = s.points.filter(([x, y]) => x > 0 && y > 0).sort((a, b) => a[0] - b[0]);
    if (ps.length === 0) continue;
    const d = ps.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    o.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dashed ? ' stroke-dasharray="5,3"' : ''}><title>${esc(s.label)}</title></path>`,
    );
    for (const [x, y] of ps) o.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`);
  }
  return o.join('\n');
}

/** Panels side by side, then a legend of the series of the first panel. */
export function logLogSvg(panels: PanelSpec[], xTick: (v: number) => string, caption: string): string {
  const legend = panels[0]?.series ?? [];
  const rows = Math.ceil(legend.length / 4);
  const width = W * panels.length;
  const height = H + 24 + rows * 18 + 24;
  const o: string[] = [];
  o.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  o.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  panels.forEach((p, i) => o.push(panel(p, i * W, xTick)));
  legend.forEach((s, i) => {
    const x = 16 + (i % 4) * (width / 4);
    const y = H + 20 + Math.floor(i / 4) * 18;
    o.push(`<line x1="${x}" y1="${y}" x2="${x + 28}" y2="${y}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,3"' : ''}/>`);
    o.push(`<text x="${x + 34}" y="${y}" dominant-baseline="middle">${esc(s.label)}</text>`);
  });
  o.push(`<text x="16" y="${height - 8}" fill="#555">${esc(caption)}</text>`);
  o.push('</svg>');
  return `${o.join('\n')}\n`;
}
