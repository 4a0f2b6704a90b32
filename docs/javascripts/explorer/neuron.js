/**
 * The article's arithmetic: the neuron, its cost, its gradient and its training loop, written in
 * the same order as the Python package (nanoneuron/propagation.py and training.py), so both
 * produce the same IEEE-754 doubles, bit for bit. No DOM: node imports this module in the tests.
 */
import { formatG, pyRepr } from "./format.js";

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
export function forwardPropagation(
  model,
  xTrain,
  yTrain,
  predictions = new Float64Array(xTrain.length),
) {
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
 * The curvature of the cost bowl, [[mean(x²), mean(x)], [mean(x), 1]], as `a` and `c`, and its
 * eigenvalues `largest` and `smallest`. (Python sums with math.fsum and math.hypot; plain sums
 * and Math.hypot agree with it exactly on the tutorial's data and to a couple of units in the
 * last place elsewhere.)
 */
export function curvature(xTrain) {
  const m = xTrain.length;
  let sumX = 0;
  let sumX2 = 0;
  for (const x of xTrain) {
    sumX += x;
    sumX2 += x * x;
  }
  const a = sumX2 / m;
  const c = sumX / m;
  const half = Math.hypot((a - 1) / 2, c);
  return { a, c, largest: (a + 1) / 2 + half, smallest: (a + 1) / 2 - half };
}

/** The largest learning rate for which gradient descent converges on `xTrain`. */
export function maxStableAlpha(xTrain) {
  return 2 / curvature(xTrain).largest;
}

/**
 * The cost bowl of some data: its curvature (above), the stable limit, the minimum `(w, b)`
 * (least squares), and the angle of the contours' long axis, for drawing them.
 */
export function costBowl(xTrain, yTrain) {
  const bend = curvature(xTrain);
  const { a, c, largest } = bend;
  const m = xTrain.length;
  let sy = 0;
  let sxy = 0;
  for (let i = 0; i < m; i += 1) {
    sy += yTrain[i];
    sxy += xTrain[i] * yTrain[i];
  }
  const [my, mxy] = [sy / m, sxy / m];
  const det = a - c * c;
  return {
    ...bend,
    mxy,
    limit: 2 / largest,
    w: (mxy - c * my) / det,
    b: (a * my - c * mxy) / det,
    angle: Math.atan2(largest - a, c), // the eigenvector of the largest eigenvalue
  };
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
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be a real number, got ${typeof value}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`${name} must be a finite number, got ${value}`);
  }
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

  /** The last epoch whose cost is finite: `epochs`, or the one before the divergence. */
  get last() {
    return this.divergedAt ? this.divergedAt - 1 : this.epochs;
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
    return Array.from(this.costHistory.subarray(0, this.epoch));
  }

  /**
   * The package's TrainingDiverged for this run, or null if it has not diverged. `limit` is
   * the stable learning rate of the run's data, if the caller knows it already.
   */
  error(limit) {
    if (!this.divergedAt) return null;
    const maxAlpha = limit ?? maxStableAlpha(this.xTrain);
    return new TrainingDiverged(this.divergedAt, this.alpha, maxAlpha, this.history());
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
