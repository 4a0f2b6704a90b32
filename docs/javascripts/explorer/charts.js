/**
 * The explorer's three canvas charts, in the page's palette: the learned line over the data,
 * the cost history on a log scale, and the path of (w, b) over the cost bowl. Each function
 * draws from what it is given and nothing else.
 */
import { formatG } from "./format.js";

const FALLBACK_SERIES = ["#2f6fde", "#e8590c", "#2b8a3e", "#ae3ec9", "#868e96"];

/** The colours and font of the page around `element` (Material's custom properties). */
export function palette(element) {
  const style = getComputedStyle(element);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    ink: read("--md-default-fg-color", "rgba(0, 0, 0, 0.87)"),
    light: read("--md-default-fg-color--light", "rgba(0, 0, 0, 0.54)"),
    faint: read("--md-default-fg-color--lightest", "rgba(0, 0, 0, 0.07)"),
    series: FALLBACK_SERIES.map((c, i) => read(`--nn-series-${i + 1}`, c)),
    font: style.fontFamily || "sans-serif",
  };
}

/** A pixel coordinate kept within a million pixels, so a line towards a far point still draws. */
function clamp(v) {
  return Math.max(-1e6, Math.min(1e6, v));
}

function niceTicks(lo, hi, count = 5) {
  const rough = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const n = rough / magnitude;
  const step = (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * magnitude;
  const ticks = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return ticks;
}

function tickLabel(t) {
  if (Math.abs(t) >= 10000) return `${+(t / 1000).toPrecision(4)}k`;
  return String(+t.toPrecision(4));
}

function decades(lo, hi) {
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  const step = Math.max(1, Math.ceil((last - first) / 5));
  const out = [];
  for (let k = first; k <= last; k += step) out.push(k);
  return out;
}

/** A canvas sized to its box, with a plot area and linear (or log10) scales. */
class Plot {
  constructor(canvas, colours, { x, y, xLabel, yLabel, logY = false }) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 320;
    const height = canvas.clientHeight || 240;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const ctx = canvas.getContext("2d");
    ctx.restore(); // drop the previous drawing's clip (a no-op the first time)
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.ctx = ctx;
    this.colours = colours;
    this.left = 52;
    this.right = width - 18;
    this.top = 10;
    this.bottom = height - 36;
    this.x = x;
    this.y = y;
    this.logY = logY;
    this.axes(xLabel, yLabel);
  }

  px(x) {
    return this.left + ((x - this.x[0]) / (this.x[1] - this.x[0])) * (this.right - this.left);
  }

  py(y) {
    const v = this.logY ? Math.log10(Math.max(y, Number.MIN_VALUE)) : y;
    return this.bottom - ((v - this.y[0]) / (this.y[1] - this.y[0])) * (this.bottom - this.top);
  }

  axes(xLabel, yLabel) {
    const { ctx, colours } = this;
    ctx.font = `12px ${colours.font}`;
    ctx.lineWidth = 1;
    ctx.strokeStyle = colours.faint;
    ctx.fillStyle = colours.light;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    const xCount = Math.max(2, Math.floor((this.right - this.left) / 70));
    for (const t of niceTicks(this.x[0], this.x[1], xCount)) {
      const x = this.px(t);
      this.line(x, this.top, x, this.bottom);
      ctx.fillText(tickLabel(t), x, this.bottom + 4);
    }
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    const [y0, y1] = this.y;
    const yTicks = this.logY
      ? decades(y0, y1)
      : niceTicks(y0, y1, Math.max(2, Math.floor((this.bottom - this.top) / 45)));
    for (const t of yTicks) {
      const y = this.bottom - ((t - y0) / (y1 - y0)) * (this.bottom - this.top);
      this.line(this.left, y, this.right, y);
      if (this.logY) {
        const exponent = String(t).replace("-", "\u2212");
        ctx.font = `10px ${colours.font}`;
        ctx.fillText(exponent, this.left - 4, y - 5);
        const w = ctx.measureText(exponent).width;
        ctx.font = `12px ${colours.font}`;
        ctx.fillText("10", this.left - 5 - w, y);
      } else {
        ctx.fillText(tickLabel(t), this.left - 5, y);
      }
    }
    ctx.strokeStyle = colours.light;
    this.line(this.left, this.bottom, this.right, this.bottom);
    this.line(this.left, this.top, this.left, this.bottom);
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    ctx.fillText(xLabel, (this.left + this.right) / 2, this.bottom + 34);
    ctx.save();
    ctx.translate(12, (this.top + this.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = "middle";
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
    ctx.beginPath();
    ctx.rect(this.left, this.top, this.right - this.left, this.bottom - this.top);
    ctx.clip();
  }

  line(x0, y0, x1, y1) {
    this.ctx.beginPath();
    this.ctx.moveTo(x0, y0);
    this.ctx.lineTo(x1, y1);
    this.ctx.stroke();
  }

  dot(x, y, radius, colour) {
    this.ctx.fillStyle = colour;
    this.ctx.beginPath();
    this.ctx.arc(this.px(x), this.py(y), radius, 0, 2 * Math.PI);
    this.ctx.fill();
  }
}

/** The training examples as dots and the line `y = w x + b` after `epoch` epochs. */
export function drawLine(canvas, colours, { xTrain, yTrain, w, b, epoch }) {
  const plot = new Plot(canvas, colours, {
    x: [-5, 105],
    y: [-20, 240],
    xLabel: "Celsius (°C)",
    yLabel: "Fahrenheit (°F)",
  });
  for (let i = 0; i < xTrain.length; i += 1) plot.dot(xTrain[i], yTrain[i], 2, colours.series[4]);
  plot.ctx.strokeStyle = colours.series[0];
  plot.ctx.lineWidth = 2.5;
  if (Number.isFinite(w) && Number.isFinite(b)) {
    plot.line(plot.px(-5), clamp(plot.py(-5 * w + b)), plot.px(105), clamp(plot.py(105 * w + b)));
  }
  canvas.setAttribute(
    "aria-label",
    `The ${xTrain.length} training examples as dots and the learned line` +
      ` y = ${formatG(w, 6)} x + ${formatG(b, 6)} after ${epoch} epochs.`,
  );
}

/**
 * The first `epoch` costs of `costHistory` on a log scale, over a run of `epochs`; `cost` is
 * the cost shown now (it sets the scale before the first epoch).
 */
export function drawCost(canvas, colours, { costHistory, epochs, epoch, cost }) {
  const n = epoch;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const v = Math.log10(Math.max(costHistory[i], Number.MIN_VALUE));
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n === 0) lo = hi = Math.log10(Math.max(cost, Number.MIN_VALUE));
  lo = Math.floor(Math.min(lo, hi - 1));
  hi = Math.ceil(Math.max(hi, lo + 1));
  const plot = new Plot(canvas, colours, {
    x: [0, Math.max(1, epochs)],
    y: [lo, hi],
    logY: true,
    xLabel: "epoch",
    yLabel: "cost (log scale)",
  });
  const { ctx } = plot;
  ctx.strokeStyle = colours.series[0];
  ctx.fillStyle = colours.series[0];
  ctx.lineWidth = 1.5;
  // One vertical stroke per pixel column, from the column's lowest to its highest cost,
  // so oscillations show as a band instead of vanishing between samples.
  const columns = Math.max(1, Math.floor(plot.right - plot.left));
  ctx.beginPath();
  let i = 0;
  for (let col = 0; col < columns && i < n; col += 1) {
    const end = Math.min(n, Math.ceil(((col + 1) / columns) * epochs));
    let min = Infinity;
    let max = -Infinity;
    for (; i < end; i += 1) {
      const v = costHistory[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === Infinity) continue;
    const x = plot.left + col + 0.5;
    if (col === 0) ctx.moveTo(x, plot.py(max));
    else ctx.lineTo(x, plot.py(max));
    ctx.lineTo(x, plot.py(min));
  }
  ctx.stroke();
  canvas.setAttribute(
    "aria-label",
    n === 0
      ? "Cost history: no epochs run yet."
      : `Cost history on a log scale: ${formatG(costHistory[0], 4)} in epoch 1,` +
          ` ${formatG(costHistory[n - 1], 4)} in epoch ${n}.`,
  );
}

/**
 * The path `ws`, `bs` up to `epoch` (now at `w`, `b`) within `view` ({w: [lo, hi], b: [lo, hi]}),
 * over contours of the cost bowl `bowl` (neuron.js's costBowl).
 */
export function drawPath(canvas, colours, { bowl, view, ws, bs, epoch, w, b }) {
  const plot = new Plot(canvas, colours, { x: view.w, y: view.b, xLabel: "w", yLabel: "b" });
  const { ctx } = plot;
  // Contours J = minimum + 10^k are ellipses around the minimum, with axes along the
  // curvature's eigenvectors and half-lengths sqrt(2 * 10^k / eigenvalue).
  ctx.strokeStyle = colours.light;
  ctx.lineWidth = 0.8;
  const [cos, sin] = [Math.cos(bowl.angle), Math.sin(bowl.angle)];
  for (let k = -3; k <= 8; k += 1) {
    const r1 = Math.sqrt((2 * 10 ** k) / bowl.largest);
    const r2 = Math.sqrt((2 * 10 ** k) / bowl.smallest);
    ctx.beginPath();
    for (let t = 0; t <= 720; t += 1) {
      const [u, v] = [r1 * Math.cos((t * Math.PI) / 360), r2 * Math.sin((t * Math.PI) / 360)];
      const [x, y] = [plot.px(bowl.w + u * cos - v * sin), plot.py(bowl.b + u * sin + v * cos)];
      if (t === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  // The minimum, as a cross.
  const [mx, my] = [plot.px(bowl.w), plot.py(bowl.b)];
  ctx.strokeStyle = colours.series[2];
  ctx.lineWidth = 2;
  plot.line(mx - 5, my - 5, mx + 5, my + 5);
  plot.line(mx - 5, my + 5, mx + 5, my - 5);
  // The path: every step at first (where it zig-zags), then evenly spaced ones.
  ctx.strokeStyle = colours.series[1];
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  const stride = Math.max(1, Math.floor(epoch / 2000));
  let inside = true;
  for (let i = 0; i <= epoch && inside; i += i < 500 ? 1 : stride) {
    const [x, y] = [plot.px(ws[i]), plot.py(bs[i])];
    // A diverging path leaves the chart: draw towards where it went, then stop.
    inside = Math.abs(x) < 1e5 && Math.abs(y) < 1e5;
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(clamp(x), clamp(y));
  }
  const finite = Number.isFinite(w) && Number.isFinite(b);
  if (inside && finite) ctx.lineTo(plot.px(w), plot.py(b));
  ctx.stroke();
  plot.dot(ws[0], bs[0], 4, colours.ink);
  if (finite) plot.dot(w, b, 4, colours.series[1]);
  canvas.setAttribute(
    "aria-label",
    `Path of (w, b) over the contours of the cost, from (${formatG(ws[0], 4)},` +
      ` ${formatG(bs[0], 4)}) to (${formatG(w, 6)}, ${formatG(b, 6)}); the cross marks` +
      ` the minimum (${formatG(bowl.w, 4)}, ${formatG(bowl.b, 4)}).`,
  );
}
