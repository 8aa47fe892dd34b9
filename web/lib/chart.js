// chart.js - bar charts the application draws as SVG: each series with a
// fill of its own (solid, hatched) and a legend in the page's own text,
// so that it reads without colour and at any width; right to left where
// the page is; a value not shown (null) is a dashed mark on the baseline,
// never a bar. The numbers are always in a table beside the chart as well
// (the page's part): screen readers hear the chart's title and description.
const NS = 'http://www.w3.org/2000/svg';
const INK = '#1d4f91';
let serial = 0;

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

// Series 0 is solid, series 1 hatched; id names the hatching's pattern.
function hatch(id) {
  return svg('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    svg('rect', { width: 6, height: 6, fill: '#fff' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: INK,
      'stroke-width': 3 }));
}

const fillOf = (id, k) => (k === 0 ? INK : `url(#${id})`);

// A swatch of series k (or, with k null, of a value not shown) for the
// legend: a small SVG of its own, beside its words.
function swatch(k) {
  const id = `swatch${++serial}`;
  const mark = k === null
    ? svg('line', { x1: 1, x2: 17, y1: 12, y2: 12, stroke: '#333', 'stroke-width': 3, 'stroke-dasharray': '3 2' })
    : svg('rect', { x: 1, y: 1, width: 16, height: 12, fill: fillOf(id, k), stroke: INK });
  return svg('svg', { width: 18, height: 14, 'aria-hidden': 'true', focusable: 'false' },
    k === 1 ? svg('defs', {}, hatch(id)) : null, mark);
}

function legendItem(k, text) {
  const li = document.createElement('li');
  li.append(swatch(k), ' ', text);
  return li;
}

// Vertical bars: one group a label (every `every`-th label written under
// it), one bar a series in each. title and desc name the chart for
// screen readers; hidden is the legend's words for a value not shown;
// mark ({ at, label }), a dashed line before group `at` (now, say).
export function barChart({ title, desc, labels, series, every = 1, hidden, mark }) {
  const id = `chart${++serial}`;
  const W = 640, H = 260, left = 56, right = 8, top = 16, bottom = 34;
  const rtl = document.documentElement.dir === 'rtl';
  const max = Math.max(5, ...series.flatMap((s) => s.values).filter((v) => v !== null));
  const slot = (W - left - right) / labels.length;
  const bar = Math.max(2, (slot - 4) / series.length);
  const base = H - bottom;
  const y = (v) => top + (base - top) * (1 - v / max);
  const flip = (at, width) => (rtl ? W - at - width : at);
  const shapes = [];
  labels.forEach((label, i) => {
    series.forEach((s, k) => {
      const v = s.values[i], at = flip(left + i * slot + 2 + k * bar, bar);
      if (v === null) {
        shapes.push(svg('line', { x1: at, x2: at + bar, y1: base - 2, y2: base - 2, stroke: '#333', 'stroke-width': 3,
          'stroke-dasharray': '3 2' }));
      } else if (v > 0) {
        shapes.push(svg('rect', { class: 'bar', x: at, y: y(v), width: bar, height: base - y(v), fill: fillOf(id, k), stroke: INK }));
      }
    });
    if (i % every === 0) {
      shapes.push(svg('text', { x: flip(left + i * slot + slot / 2, 0), y: base + 24, 'text-anchor': 'middle',
        'font-size': 22 }, label));
    }
  });
  if (mark) {
    const mx = flip(left + mark.at * slot, 0);
    shapes.push(svg('line', { class: 'mark', x1: mx, x2: mx, y1: top, y2: base, stroke: '#333', 'stroke-width': 2,
      'stroke-dasharray': '6 4' }), svg('text', { x: rtl ? mx - 6 : mx + 6, y: top + 16, 'font-size': 20,
      'text-anchor': 'start' }, mark.label));
  }
  const axis = flip(left, 0);
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const legend = document.createElement('ul');
  legend.className = 'legend';
  legend.append(...series.map((s, k) => legendItem(k, s.name)), ...(hidden ? [legendItem(null, hidden)] : []));
  figure.append(svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, desc), svg('defs', {}, hatch(id)),
    svg('line', { x1: axis, x2: axis, y1: top, y2: base, stroke: '#555' }),
    svg('line', { x1: left, x2: W - right, y1: base, y2: base, stroke: '#555' }),
    svg('text', { x: rtl ? W - left + 6 : left - 6, y: top + 16, 'text-anchor': rtl ? 'start' : 'end', 'font-size': 22 },
      new Intl.NumberFormat(document.documentElement.lang).format(max)),
    shapes), legend);
  return figure;
}

// Horizontal bars of shares (0 to 1), one a row, its label before it and
// its percent after it: for a few measures with words too long to write
// under vertical bars. A share not shown (null) is a dashed mark.
export function shareChart({ title, desc, rows, hidden }) {
  const id = `chart${++serial}`;
  const W = 640, row = 40, label = 230, after = 70, top = 8;
  const H = top * 2 + rows.length * row;
  const rtl = document.documentElement.dir === 'rtl';
  const span = W - label - after;
  const flip = (at, width) => (rtl ? W - at - width : at);
  const pct = new Intl.NumberFormat(document.documentElement.lang, { style: 'percent' });
  const shapes = rows.flatMap((r, i) => {
    const y = top + i * row, w = r.value === null ? 0 : span * r.value;
    return [
      svg('text', { x: rtl ? W - 4 : 4, y: y + row * 0.62, 'font-size': 19, 'text-anchor': 'start' }, r.label),
      r.value === null
        ? svg('line', { x1: flip(label, 40), x2: flip(label, 40) + 40, y1: y + row / 2, y2: y + row / 2, stroke: '#333',
          'stroke-width': 3, 'stroke-dasharray': '3 2' })
        : svg('rect', { class: 'bar', x: flip(label, w), y: y + 6, width: Math.max(w, 1), height: row - 12, fill: INK,
          stroke: INK }),
      r.value === null ? null : svg('text', { x: flip(label + w + 6, 0), y: y + row * 0.62, 'font-size': 19,
        'text-anchor': 'start' }, pct.format(r.value)),
    ];
  });
  const figure = document.createElement('figure');
  figure.className = 'chart';
  const legend = document.createElement('ul');
  legend.className = 'legend';
  if (hidden) legend.append(legendItem(null, hidden));
  figure.append(svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc` },
    svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, desc),
    svg('line', { x1: flip(label, 0), x2: flip(label, 0), y1: top, y2: H - top, stroke: '#555' }), shapes), legend);
  return figure;
}
