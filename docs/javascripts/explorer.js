/**
 * The NanoNeuron explorer: gradient descent, live in the page.
 *
 * The first half of this module is the article's arithmetic, written in the same order
 * as the Python package (nanoneuron/propagation.py and training.py), so both produce the
 * same IEEE-754 doubles, bit for bit. It needs no DOM: node imports it in the tests.
 * The second half draws and drives the widget of docs/snippets/explorer.html.
 */

// ---------------------------------------------------------------------------------------
// The article's functions (pure, no DOM).
// ---------------------------------------------------------------------------------------

/** Convert degrees Celsius to Fahrenheit: `c * 1.8 + 32`, the rule the neuron must find. */
export function celsiusToFahrenheit(c) {
  const w = 1.8;
  const b = 32;
  return c * w + b;
}

/** The training set (0, 1, ..., 99 °C) and the test set (0.5, 1.5, ..., 99.5 °C). */
export function generateDataSets() {
  const xTrain = [];
  const yTrain = [];
  for (let x = 0; x < 100; x += 1) {
    xTrain.push(x);
    yTrain.push(celsiusToFahrenheit(x));
  }
  const xTest = [];
  const yTest = [];
  let x = 0.5;
  while (x < 100) {
    xTest.push(x);
    yTest.push(celsiusToFahrenheit(x));
    x += 1;
  }
  return [xTrain, yTrain, xTest, yTest];
}

/** The neuron: two numbers and a straight line, `x * w + b`. */
export class NanoNeuron {
  constructor(w, b) {
    this.w = w;
    this.b = b;
  }

  predict(x) {
    return x * this.w + this.b;
  }
}

/** Half the squared miss. JavaScript's `**` and Python's agree on squares (the tests check). */
export function predictionCost(y, prediction) {
  return (y - prediction) ** 2 / 2;
}

/** Predict every example; return `[predictions, average cost]`. */
export function forwardPropagation(model, xTrain, yTrain, predictions = new Float64Array(xTrain.length)) {
  const m = xTrain.length;
  let cost = 0;
  for (let i = 0; i < m; i += 1) {
    const prediction = model.predict(xTrain[i]);
    cost += predictionCost(yTrain[i], prediction);
    predictions[i] = prediction;
  }
  cost /= m;
  return [predictions, cost];
}

/** The negative gradient `[dW, dB]`: which way to move `w` and `b`. */
export function backwardPropagation(predictions, xTrain, yTrain) {
  const m = xTrain.length;
  let dW = 0;
  let dB = 0;
  for (let i = 0; i < m; i += 1) {
    dW += (yTrain[i] - predictions[i]) * xTrain[i];
    dB += yTrain[i] - predictions[i];
  }
  dW /= m;
  dB /= m;
  return [dW, dB];
}

/**
 * The largest learning rate for which gradient descent converges on `xTrain`: 2 divided
 * by the largest eigenvalue of the cost's curvature matrix [[mean(x²), mean(x)], [mean(x), 1]].
 * (Python sums with math.fsum and math.hypot; plain sums and Math.hypot agree with it
 * exactly on the tutorial's data and to a couple of units in the last place elsewhere.)
 */
export function maxStableAlpha(xTrain) {
  const m = xTrain.length;
  let sumX = 0;
  let sumX2 = 0;
  for (const x of xTrain) {
    sumX += x;
    sumX2 += x * x;
  }
  const [a, c, d] = [sumX2 / m, sumX / m, 1];
  const largest = (a + d) / 2 + Math.hypot((a - d) / 2, c);
  return 2 / largest;
}

/** Python's `repr()` of a float, so messages and readouts read like the package's. */
export function pyRepr(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exponent] = x.toExponential().split("e"); // shortest round-trip digits
  const e = Number(exponent);
  const sign = x < 0 ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  if (digits.length <= e + 1) return `${sign}${digits}${"0".repeat(e + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
}

/** Python's `format(x, ".{precision}g")`. */
export function formatG(x, precision = 6) {
  if (!Number.isFinite(x)) return pyRepr(x);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const trim = (s) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
  const [mantissa, exponent] = x.toExponential(precision - 1).split("e");
  const e = Number(exponent);
  if (e < -4 || e >= precision) {
    return `${trim(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return trim(x.toFixed(precision - 1 - e));
}

/** Training blew up: the cost became infinite or NaN (the package's nanoneuron.TrainingDiverged). */
export class TrainingDiverged extends Error {
  constructor(epoch, alpha, maxAlpha, costHistory) {
    super(
      `training diverged at epoch ${epoch} with alpha=${pyRepr(alpha)}: the cost is no longer` +
        ` finite; gradient descent is stable on this data only for` +
        ` 0 < alpha < ${formatG(maxAlpha, 6)}`,
    );
    this.name = "TrainingDiverged";
    this.epoch = epoch;
    this.alpha = alpha;
    this.maxStableAlpha = maxAlpha;
    this.costHistory = costHistory;
  }
}

function checkEpochs(epochs) {
  if (typeof epochs !== "number" || !Number.isInteger(epochs)) {
    throw new TypeError(`epochs must be an integer, got ${typeof epochs} ${String(epochs)}`);
  }
  if (epochs < 0) throw new RangeError(`epochs must be 0 or more, got ${epochs}`);
  return epochs;
}

function checkNumber(name, value) {
  if (typeof value !== "number") throw new TypeError(`${name} must be a real number, got ${typeof value}`);
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

/**
 * One training run that can be advanced a few epochs at a time, so the page can spread
 * the work over animation frames. Each epoch is the package's: forward, record the cost,
 * backward, `w += alpha * dW`, `b += alpha * dB`.
 *
 * `costHistory[k]` is the cost measured in epoch k + 1 (before its step); with `record`,
 * `ws[k]` and `bs[k]` are w and b after k steps (`ws[0]` is the start).
 */
export class Run {
  constructor({ w, b, epochs, alpha, xTrain, yTrain, record = true }) {
    checkNumber("w", w);
    checkNumber("b", b);
    this.epochs = checkEpochs(epochs);
    this.alpha = checkNumber("alpha", alpha);
    if (alpha <= 0) throw new RangeError(`alpha must be greater than 0, got ${alpha}`);
    if (xTrain.length === 0 || xTrain.length !== yTrain.length) {
      throw new RangeError("xTrain and yTrain must be non-empty and of the same length");
    }
    this.model = new NanoNeuron(w, b);
    this.xTrain = xTrain;
    this.yTrain = yTrain;
    this.epoch = 0;
    this.divergedAt = 0;
    this.costHistory = new Float64Array(epochs);
    this.predictions = new Float64Array(xTrain.length);
    this.ws = record ? new Float64Array(epochs + 1) : null;
    this.bs = record ? new Float64Array(epochs + 1) : null;
    if (record) {
      this.ws[0] = w;
      this.bs[0] = b;
    }
  }

  /** True once every epoch ran or the cost stopped being finite. */
  get done() {
    return this.divergedAt > 0 || this.epoch >= this.epochs;
  }

  /** Run up to `count` more epochs; return `done`. */
  advance(count) {
    if (this.done) return true;
    const { model, alpha, xTrain, yTrain, predictions, costHistory, ws, bs } = this;
    const end = Math.min(this.epochs, this.epoch + count);
    let epoch = this.epoch;
    while (epoch < end) {
      const cost = forwardPropagation(model, xTrain, yTrain, predictions)[1];
      if (!Number.isFinite(cost)) {
        this.divergedAt = epoch + 1;
        break;
      }
      costHistory[epoch] = cost;
      const [dW, dB] = backwardPropagation(predictions, xTrain, yTrain);
      model.w += alpha * dW;
      model.b += alpha * dB;
      epoch += 1;
      if (ws !== null) {
        ws[epoch] = model.w;
        bs[epoch] = model.b;
      }
      if (!(Number.isFinite(model.w) && Number.isFinite(model.b))) {
        // The step overflowed: the cost of the next epoch would not be finite.
        this.divergedAt = epoch + 1;
        break;
      }
    }
    this.epoch = epoch;
    return this.done;
  }

  /** The costs recorded so far, as a plain array. */
  history() {
    return Array.from(this.costHistory.subarray(0, this.divergedAt ? this.divergedAt - 1 : this.epoch));
  }

  /** The package's TrainingDiverged for this run, or null if it has not diverged. */
  error() {
    if (!this.divergedAt) return null;
    return new TrainingDiverged(this.divergedAt, this.alpha, maxStableAlpha(this.xTrain), this.history());
  }
}

/**
 * The article's `trainModel`: train `model` in place, return the cost history. Like the
 * package, throws TrainingDiverged (and leaves `model` as it was) if the cost stops being finite.
 */
export function trainModel({ model, epochs, alpha, xTrain, yTrain }) {
  const run = new Run({ w: model.w, b: model.b, epochs, alpha, xTrain, yTrain, record: false });
  run.advance(epochs);
  const error = run.error();
  if (error) throw error;
  model.w = run.model.w;
  model.b = run.model.b;
  return run.history();
}

// ---------------------------------------------------------------------------------------
// Settings: what the reader may choose, read from a URL or a form, with safe fallbacks.
// ---------------------------------------------------------------------------------------

/** The most epochs one run may take: enough to watch b creep to 32, small enough for a phone. */
export const MAX_EPOCHS = 500000;

/** Default settings: the first reference run of the original. */
export const DEFAULTS = Object.freeze({ w0: 0.5, b0: 0.5, alpha: 0.0005, epochs: 70000 });

const LIMITS = {
  w0: { min: -1000, max: 1000, what: "a number from -1000 to 1000" },
  b0: { min: -1000, max: 1000, what: "a number from -1000 to 1000" },
  alpha: { min: 0, max: 1, what: "a number greater than 0 and at most 1" },
  epochs: { min: 1, max: MAX_EPOCHS, what: `a whole number from 1 to ${MAX_EPOCHS}` },
};
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Check one setting given as text; return `[value, problem]` (problem is null when valid). */
export function parseSetting(name, text) {
  const limit = LIMITS[name];
  const raw = String(text).trim();
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  const ok =
    Number.isFinite(value) &&
    (name === "alpha" ? value > limit.min : value >= limit.min) &&
    value <= limit.max &&
    (name !== "epochs" || Number.isInteger(value));
  if (ok) return [value, null];
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return [DEFAULTS[name], `${name} must be ${limit.what}, got "${shown}"; using ${DEFAULTS[name]} instead.`];
}

/** Read settings from a URL query (`?w0=..&b0=..&alpha=..&epochs=..`). */
export function parseSettings(search) {
  const params = new URLSearchParams(search);
  const settings = { ...DEFAULTS };
  const problems = [];
  let given = false;
  for (const name of Object.keys(DEFAULTS)) {
    if (!params.has(name)) continue;
    given = true;
    const [value, problem] = parseSetting(name, params.get(name));
    settings[name] = value;
    if (problem) problems.push(problem);
  }
  return { settings, problems, given };
}

/** The URL query for some settings; parseSettings reads it back to the same numbers. */
export function settingsQuery(settings) {
  return new URLSearchParams(Object.keys(DEFAULTS).map((k) => [k, String(settings[k])])).toString();
}

// ---------------------------------------------------------------------------------------
// Drawing: three small canvas charts in the page's palette.
// ---------------------------------------------------------------------------------------

const FALLBACK_SERIES = ["#2f6fde", "#e8590c", "#2b8a3e", "#ae3ec9", "#868e96"];

function palette(element) {
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
    for (const t of niceTicks(this.x[0], this.x[1], Math.max(2, Math.floor((this.right - this.left) / 70)))) {
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

function decades(lo, hi) {
  const first = Math.ceil(lo);
  const last = Math.floor(hi);
  const step = Math.max(1, Math.ceil((last - first) / 5));
  const out = [];
  for (let k = first; k <= last; k += step) out.push(k);
  return out;
}

/** The cost surface of the data as a quadratic: curvature, minimum, and cost at the minimum. */
export function costSurface(xTrain, yTrain) {
  const m = xTrain.length;
  let sx = 0;
  let sxx = 0;
  let sy = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < m; i += 1) {
    const x = xTrain[i];
    const y = yTrain[i];
    sx += x;
    sxx += x * x;
    sy += y;
    sxy += x * y;
    syy += y * y;
  }
  const [a, c, my, mxy, myy] = [sxx / m, sx / m, sy / m, sxy / m, syy / m];
  const det = a - c * c;
  const w = (mxy - c * my) / det;
  const b = (a * my - c * mxy) / det;
  const cost = (p, q) => 0.5 * (a * p * p + 2 * c * p * q + q * q) - mxy * p - my * q + 0.5 * myy;
  // Eigenvectors of [[a, c], [c, 1]]: the axes of the cost's elliptic contours.
  const half = Math.hypot((a - 1) / 2, c);
  const big = (a + 1) / 2 + half;
  const small = (a + 1) / 2 - half;
  const angle = Math.atan2(big - a, c);
  return { a, c, mxy, w, b, minimum: Math.max(0, cost(w, b)), big, small, angle, cost };
}

// ---------------------------------------------------------------------------------------
// The widget.
// ---------------------------------------------------------------------------------------

const ALPHA_RANGE = [-6, -2]; // log10 of the learning-rate slider's ends
const EPOCH_RANGE = [0, Math.log10(MAX_EPOCHS)];
const LINEAR_EPOCHS_PER_SECOND = 30; // the first epochs go slowly enough to see each step
const ANIMATION_SECONDS = 5;
const WORK_MS_PER_FRAME = 8;

class Explorer {
  constructor(root) {
    this.root = root;
    this.q = (name) => root.querySelector(`[data-nn="${name}"]`);
    const [xTrain, yTrain] = generateDataSets();
    this.xTrain = xTrain;
    this.yTrain = yTrain;
    this.limit = maxStableAlpha(xTrain);
    this.surface = costSurface(xTrain, yTrain);
    this.reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
    this.run = null;
    this.frame = 0;

    const { settings, problems, given } = parseSettings(window.location.search);
    this.settings = settings;
    this.showProblems(problems);
    this.wire();
    this.markLimit();
    this.fill(settings);
    this.reset();
    if (given) this.train();
  }

  wire() {
    const pairs = {
      w0: [(v) => v, (v) => v],
      b0: [(v) => v, (v) => v],
      alpha: [(v) => 10 ** v, (v) => Math.log10(v)],
      epochs: [(v) => Math.round(10 ** v), (v) => Math.log10(v)],
    };
    for (const [name, [fromSlider]] of Object.entries(pairs)) {
      const field = this.q(name);
      const slider = this.q(`${name}-slider`);
      slider.addEventListener("input", () => {
        const raw = fromSlider(Number(slider.value));
        const value = name === "alpha" ? Number(raw.toPrecision(2)) : name === "epochs" ? Math.max(1, raw) : raw;
        field.value = String(value);
        this.commit(name, String(value));
      });
      field.addEventListener("change", () => this.commit(name, field.value));
    }
    this.sliderOf = (name, value) => pairs[name][1](value);
    this.q("form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.train();
    });
    this.q("random").addEventListener("click", () => {
      // Like the original's Math.random() start, rounded so the link stays readable.
      const w0 = Math.round(Math.random() * 10000) / 10000;
      const b0 = Math.round(Math.random() * 10000) / 10000;
      this.fill({ ...this.settings, w0, b0 });
      this.commit("w0", String(w0));
      this.commit("b0", String(b0));
    });
    this.q("temperature").addEventListener("input", () => this.showReadouts());
    const redraw = () => this.draw();
    new MutationObserver(redraw).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redraw);
    new ResizeObserver(redraw).observe(this.q("charts"));
  }

  markLimit() {
    const [lo, hi] = ALPHA_RANGE;
    const share = (Math.log10(this.limit) - lo) / (hi - lo);
    this.root.style.setProperty("--nn-x-limit", String(share));
    this.q("limit").textContent = formatG(this.limit, 3);
    this.q("limit-full").textContent = formatG(this.limit, 6);
  }

  fill(settings) {
    for (const name of Object.keys(DEFAULTS)) {
      this.q(name).value = String(settings[name]);
      this.q(`${name}-slider`).value = String(this.sliderOf(name, settings[name]));
      this.q(name).removeAttribute("aria-invalid");
    }
    this.q("alpha-slider").setAttribute("aria-valuetext", String(settings.alpha));
    this.q("epochs-slider").setAttribute("aria-valuetext", String(settings.epochs));
  }

  commit(name, text) {
    const [value, problem] = parseSetting(name, text);
    this.settings = { ...this.settings, [name]: value };
    this.fill(this.settings);
    if (problem) this.q(name).setAttribute("aria-invalid", "true");
    this.showProblems(problem ? [problem] : []);
    this.reset();
  }

  showProblems(problems) {
    const box = this.q("problems");
    box.textContent = problems.join(" ");
    box.hidden = problems.length === 0;
  }

  updateLink() {
    const query = settingsQuery(this.settings);
    const url = `${window.location.pathname}?${query}${window.location.hash}`;
    this.q("link").href = url;
    return url;
  }

  /** Stop any run and show the start of the current settings. */
  reset() {
    cancelAnimationFrame(this.frame);
    const { w0, b0, alpha, epochs } = this.settings;
    this.run = new Run({ w: w0, b: b0, alpha, epochs, xTrain: this.xTrain, yTrain: this.yTrain });
    this.shown = 0;
    this.view = this.pathView();
    this.q("warning").hidden = alpha < this.limit;
    this.status("Press Train to run gradient descent from this start.");
    this.updateLink();
    this.draw();
  }

  train() {
    this.reset();
    window.history.replaceState(null, "", this.updateLink());
    const run = this.run;
    const started = performance.now();
    this.status(`Training for ${run.epochs} epochs…`);
    const step = (now) => {
      if (run !== this.run) return;
      const budget = performance.now();
      while (!run.done && performance.now() - budget < WORK_MS_PER_FRAME) run.advance(2000);
      const last = run.divergedAt ? run.divergedAt - 1 : run.epochs;
      const seconds = (now - started) / 1000;
      const scheduled = this.reduceMotion.matches
        ? last
        : Math.max(
            Math.floor(seconds * LINEAR_EPOCHS_PER_SECOND),
            Math.ceil((last + 1) ** Math.min(1, seconds / ANIMATION_SECONDS)) - 1,
          );
      this.shown = Math.min(scheduled, last, run.epoch);
      if (!this.reduceMotion.matches || run.done) this.draw();
      if (run.done && this.shown === last) this.finish();
      else this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  finish() {
    const error = this.run.error();
    if (error) {
      this.status(`Stopped: ${error.message}.`, true);
    } else {
      this.status(`Done: ${this.run.epochs} epochs, from cost ${formatG(this.run.costHistory[0], 6)} to ${formatG(this.currentCost(), 6)}.`);
    }
    this.draw();
  }

  status(text, diverged = false) {
    const box = this.q("status");
    box.textContent = text;
    box.classList.toggle("nn-x-diverged", diverged);
    this.root.dataset.state = diverged ? "diverged" : text.startsWith("Done") ? "done" : text.startsWith("Training") ? "training" : "ready";
  }

  /** w and b after `shown` steps. */
  current() {
    return [this.run.ws[this.shown], this.run.bs[this.shown]];
  }

  /** The cost measured in the shown epoch (before its step), or at the start. */
  currentCost() {
    if (this.shown > 0) return this.run.costHistory[this.shown - 1];
    const [w, b] = this.current();
    return forwardPropagation(new NanoNeuron(w, b), this.xTrain, this.yTrain)[1];
  }

  showReadouts() {
    const [w, b] = this.current();
    this.q("epoch").textContent = String(this.shown);
    this.q("w").textContent = pyRepr(w);
    this.q("b").textContent = pyRepr(b);
    this.q("cost").textContent = pyRepr(this.currentCost());
    const input = this.q("temperature");
    const [celsius, ok] = [Number(input.value), DECIMAL.test(input.value.trim())];
    input.toggleAttribute("aria-invalid", !ok);
    this.q("prediction").textContent = ok ? pyRepr(new NanoNeuron(w, b).predict(celsius)) : "type a temperature";
  }

  pathView() {
    const { w0, b0 } = this.settings;
    const s = this.surface;
    const valley = (s.mxy - s.c * b0) / s.a; // the best w for the starting b
    const reach = Math.max(Math.abs(w0 - valley) * 1.15, 0.5);
    const w = [Math.min(valley - reach, s.w - 0.5), Math.max(valley + reach, s.w + 0.5)];
    const span = Math.abs(b0 - s.b);
    const pad = span * 0.12 + 2;
    return { w, b: [Math.min(b0, s.b) - pad, Math.max(b0, s.b) + pad] };
  }

  draw() {
    if (!this.run) return;
    this.showReadouts();
    const colours = palette(this.root);
    this.drawLine(colours);
    this.drawCost(colours);
    this.drawPath(colours);
  }

  drawLine(colours) {
    const canvas = this.q("line-chart");
    const plot = new Plot(canvas, colours, { x: [-5, 105], y: [-20, 240], xLabel: "Celsius (°C)", yLabel: "Fahrenheit (°F)" });
    for (let i = 0; i < this.xTrain.length; i += 1) plot.dot(this.xTrain[i], this.yTrain[i], 2, colours.series[4]);
    const [w, b] = this.current();
    const { ctx } = plot;
    ctx.strokeStyle = colours.series[0];
    ctx.lineWidth = 2.5;
    if (Number.isFinite(w) && Number.isFinite(b)) {
      // Clamp far-off ends so a diverging line still draws through the box.
      const clamp = (v) => Math.max(-1e6, Math.min(1e6, v));
      plot.line(plot.px(-5), clamp(plot.py(-5 * w + b)), plot.px(105), clamp(plot.py(105 * w + b)));
    }
    canvas.setAttribute(
      "aria-label",
      `The ${this.xTrain.length} training examples as dots and the learned line y = ${formatG(w, 6)} x + ${formatG(b, 6)} after ${this.shown} epochs.`,
    );
  }

  drawCost(colours) {
    const canvas = this.q("cost-chart");
    const run = this.run;
    const n = this.shown;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i += 1) {
      const v = Math.log10(Math.max(run.costHistory[i], Number.MIN_VALUE));
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (n === 0) lo = hi = Math.log10(Math.max(this.currentCost(), Number.MIN_VALUE));
    lo = Math.floor(Math.min(lo, hi - 1));
    hi = Math.ceil(Math.max(hi, lo + 1));
    const plot = new Plot(canvas, colours, { x: [0, Math.max(1, run.epochs)], y: [lo, hi], logY: true, xLabel: "epoch", yLabel: "cost (log scale)" });
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
      const end = Math.min(n, Math.ceil(((col + 1) / columns) * run.epochs));
      let min = Infinity;
      let max = -Infinity;
      for (; i < end; i += 1) {
        const v = run.costHistory[i];
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
        : `Cost history on a log scale: ${formatG(run.costHistory[0], 4)} in epoch 1, ${formatG(run.costHistory[n - 1], 4)} in epoch ${n}.`,
    );
  }

  drawPath(colours) {
    const canvas = this.q("path-chart");
    const { w: wRange, b: bRange } = this.view;
    const plot = new Plot(canvas, colours, { x: wRange, y: bRange, xLabel: "w", yLabel: "b" });
    const { ctx } = plot;
    const s = this.surface;
    // Contours J = minimum + 10^k are ellipses around the minimum, with axes along the
    // curvature's eigenvectors and half-lengths sqrt(2 * 10^k / eigenvalue).
    ctx.strokeStyle = colours.light;
    ctx.lineWidth = 0.8;
    const [cos, sin] = [Math.cos(s.angle), Math.sin(s.angle)];
    for (let k = -3; k <= 8; k += 1) {
      const r1 = Math.sqrt((2 * 10 ** k) / s.big);
      const r2 = Math.sqrt((2 * 10 ** k) / s.small);
      ctx.beginPath();
      for (let t = 0; t <= 720; t += 1) {
        const [u, v] = [r1 * Math.cos((t * Math.PI) / 360), r2 * Math.sin((t * Math.PI) / 360)];
        const [x, y] = [plot.px(s.w + u * cos - v * sin), plot.py(s.b + u * sin + v * cos)];
        if (t === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
    }
    const cross = (w, b, colour) => {
      const [x, y] = [plot.px(w), plot.py(b)];
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2;
      plot.line(x - 5, y - 5, x + 5, y + 5);
      plot.line(x - 5, y + 5, x + 5, y - 5);
    };
    cross(s.w, s.b, colours.series[2]);
    // The path: every step at first (where it zig-zags), then evenly spaced ones.
    const { ws, bs } = this.run;
    const n = this.shown;
    const clamp = (v) => Math.max(-1e6, Math.min(1e6, v));
    ctx.strokeStyle = colours.series[1];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    const stride = Math.max(1, Math.floor(n / 2000));
    let inside = true;
    for (let i = 0; i <= n && inside; i += i < 500 ? 1 : stride) {
      const [x, y] = [plot.px(ws[i]), plot.py(bs[i])];
      // A diverging path leaves the chart: draw towards where it went, then stop.
      inside = Math.abs(x) < 1e5 && Math.abs(y) < 1e5;
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(clamp(x), clamp(y));
    }
    const [w, b] = this.current();
    if (inside && Number.isFinite(w) && Number.isFinite(b)) ctx.lineTo(plot.px(w), plot.py(b));
    ctx.stroke();
    plot.dot(ws[0], bs[0], 4, colours.ink);
    if (Number.isFinite(w) && Number.isFinite(b)) plot.dot(w, b, 4, colours.series[1]);
    canvas.setAttribute(
      "aria-label",
      `Path of (w, b) over the contours of the cost, from (${formatG(ws[0], 4)}, ${formatG(bs[0], 4)}) to (${formatG(w, 6)}, ${formatG(b, 6)}); the cross marks the minimum (${formatG(s.w, 4)}, ${formatG(s.b, 4)}).`,
    );
  }
}

/** Start every explorer on the page. Its stylesheet sits beside this script's folder. */
function start() {
  const roots = document.querySelectorAll("[data-nn-explorer]");
  if (roots.length === 0) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("../stylesheets/explorer.css", import.meta.url).href;
  const show = () => {
    for (const root of roots) {
      root.hidden = false;
      for (const note of document.querySelectorAll("[data-nn-explorer-fallback]")) note.hidden = true;
      root.explorer = new Explorer(root);
    }
  };
  link.addEventListener("load", show, { once: true });
  link.addEventListener("error", show, { once: true });
  document.head.append(link);
}

if (typeof document !== "undefined") start();
