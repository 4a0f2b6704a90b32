/**
 * The NanoNeuron explorer: gradient descent, live in the page. This module is the widget of
 * docs/snippets/explorer.html; the work is done by the modules beside it:
 *
 * - explorer/neuron.js: the article's arithmetic, bit for bit the package's (node tests it);
 * - explorer/format.js: numbers written as Python writes them;
 * - explorer/settings.js: the settings, read from a link or the form, and written into a link;
 * - explorer/charts.js: the three canvas charts.
 */
import { drawCost, drawLine, drawPath, palette } from "./explorer/charts.js";
import { formatG, pyRepr } from "./explorer/format.js";
import {
  costBowl,
  forwardPropagation,
  generateDataSets,
  NanoNeuron,
  Run,
} from "./explorer/neuron.js";
import { parseDecimal, parseSetting, parseSettings, settingsLink } from "./explorer/settings.js";

const ALPHA_RANGE = [-6, -2]; // log10 of the learning-rate slider's ends
const LINEAR_EPOCHS_PER_SECOND = 30; // the first epochs go slowly enough to see each step
const ANIMATION_SECONDS = 5;
const WORK_MS_PER_FRAME = 8;

/** Each setting's slider: the value at a slider position, and the position of a value. */
const SLIDERS = {
  w0: { value: (p) => p, position: (v) => v },
  b0: { value: (p) => p, position: (v) => v },
  alpha: { value: (p) => Number((10 ** p).toPrecision(2)), position: Math.log10 },
  epochs: { value: (p) => Math.max(1, Math.round(10 ** p)), position: Math.log10 },
};

/**
 * One explorer on the page. Its state is `settings` (what the form holds), `run` (the training
 * run of those settings), `shown` (the epoch on display) and the `data-state` of its root
 * (ready, training, done or diverged), which only `status` sets.
 */
class Explorer {
  constructor(root) {
    this.root = root;
    const [xTrain, yTrain] = generateDataSets();
    this.xTrain = xTrain;
    this.yTrain = yTrain;
    this.bowl = costBowl(xTrain, yTrain);
    this.reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
    this.run = null;
    this.shown = 0;
    this.view = null; // the part of the (w, b) plane the path chart shows
    this.frame = 0;
    // The charts are drawn only while they are on screen (or nearly), and at most once a frame
    // for whatever asked (a resize, the palette): a page that opens far above the explorer does
    // no canvas work, and no style or layout work for it, while it loads.
    this.onScreen = false;
    this.drawFrame = 0;

    const { settings, problems, given } = parseSettings(window.location.search);
    this.settings = settings;
    this.showProblems(problems);
    this.wire();
    this.markLimit();
    this.fill(settings);
    if (given) this.train();
    else this.reset();
  }

  /** The element marked `data-nn="name"`. */
  q(name) {
    return this.root.querySelector(`[data-nn="${name}"]`);
  }

  wire() {
    for (const [name, slider] of Object.entries(SLIDERS)) {
      const field = this.q(name);
      const range = this.q(`${name}-slider`);
      range.addEventListener("input", () => {
        field.value = String(slider.value(Number(range.value)));
        this.commit(name, field.value);
      });
      field.addEventListener("change", () => this.commit(name, field.value));
    }
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
    this.q("temperature").addEventListener("input", () => this.showReadouts(this.shownState()));
    const redraw = () => this.requestDraw();
    new MutationObserver(redraw).observe(document.body, {
      attributes: true,
      attributeFilter: ["data-md-color-scheme"],
    });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redraw);
    const charts = this.q("charts");
    new ResizeObserver(redraw).observe(charts);
    new IntersectionObserver(
      ([entry]) => {
        this.onScreen = entry.isIntersecting;
        if (this.onScreen) this.requestDraw();
      },
      { rootMargin: "50% 0px" },
    ).observe(charts);
  }

  /** Draw in the next frame: once, however many changes ask for it before then. */
  requestDraw() {
    if (this.drawFrame) return;
    this.drawFrame = requestAnimationFrame(() => {
      this.drawFrame = 0;
      this.draw();
    });
  }

  markLimit() {
    const { limit } = this.bowl;
    const [lo, hi] = ALPHA_RANGE;
    this.root.style.setProperty("--nn-x-limit", String((Math.log10(limit) - lo) / (hi - lo)));
    this.q("limit").textContent = formatG(limit, 3);
    this.q("limit-full").textContent = formatG(limit, 6);
  }

  fill(settings) {
    for (const [name, slider] of Object.entries(SLIDERS)) {
      this.q(name).value = String(settings[name]);
      this.q(`${name}-slider`).value = String(slider.position(settings[name]));
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

  /** Point the link at the current settings (this page, same origin). */
  updateLink() {
    this.q("link").href = settingsLink(window.location.href, this.settings);
  }

  /** Stop any run and show the start of the current settings. */
  reset() {
    cancelAnimationFrame(this.frame);
    const { w0, b0, alpha, epochs } = this.settings;
    const { xTrain, yTrain } = this;
    this.run = new Run({ w: w0, b: b0, alpha, epochs, xTrain, yTrain });
    this.shown = 0;
    this.view = this.pathView();
    this.q("warning").hidden = alpha < this.bowl.limit;
    this.status("ready", "Press Train to run gradient descent from this start.");
    this.updateLink();
    this.draw();
  }

  train() {
    // The address first: the page lays out and draws faster once a long link is replaced.
    window.history.replaceState(null, "", settingsLink(window.location.href, this.settings));
    this.reset();
    const run = this.run;
    const started = performance.now();
    this.status("training", `Training for ${run.epochs} epochs…`);
    const step = (now) => {
      if (run !== this.run) return;
      const budget = performance.now();
      while (!run.done && performance.now() - budget < WORK_MS_PER_FRAME) run.advance(2000);
      const seconds = (now - started) / 1000;
      const scheduled = this.reduceMotion.matches
        ? run.last
        : Math.max(
            Math.floor(seconds * LINEAR_EPOCHS_PER_SECOND),
            Math.ceil((run.last + 1) ** Math.min(1, seconds / ANIMATION_SECONDS)) - 1,
          );
      this.shown = Math.min(scheduled, run.last, run.epoch);
      if (!this.reduceMotion.matches || run.done) this.draw();
      if (run.done && this.shown === run.last) this.finish();
      else this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  finish() {
    const { run } = this;
    const error = run.error(this.bowl.limit);
    if (error) {
      this.status("diverged", `Stopped: ${error.message}.`);
    } else {
      const [first, last] = [run.costHistory[0], this.shownState().cost];
      this.status(
        "done",
        `Done: ${run.epochs} epochs, from cost ${formatG(first, 6)} to ${formatG(last, 6)}.`,
      );
    }
    this.draw();
  }

  /** Say what the explorer is doing: `state` is ready, training, done or diverged. */
  status(state, text) {
    const box = this.q("status");
    box.textContent = text;
    box.classList.toggle("nn-x-diverged", state === "diverged");
    this.root.dataset.state = state;
  }

  /** The epoch on display, w and b after it, and the cost measured in it (or at the start). */
  shownState() {
    const { run, shown: epoch } = this;
    const [w, b] = [run.ws[epoch], run.bs[epoch]];
    const cost =
      epoch > 0
        ? run.costHistory[epoch - 1]
        : forwardPropagation(new NanoNeuron(w, b), this.xTrain, this.yTrain)[1];
    return { epoch, w, b, cost };
  }

  showReadouts({ epoch, w, b, cost }) {
    this.q("epoch").textContent = String(epoch);
    this.q("w").textContent = pyRepr(w);
    this.q("b").textContent = pyRepr(b);
    this.q("cost").textContent = pyRepr(cost);
    const input = this.q("temperature");
    const celsius = parseDecimal(input.value);
    const ok = Number.isFinite(celsius);
    input.toggleAttribute("aria-invalid", !ok);
    this.q("prediction").textContent = ok
      ? pyRepr(new NanoNeuron(w, b).predict(celsius))
      : "type a temperature";
  }

  /** The part of the (w, b) plane the path chart shows: the start, the minimum, the valley. */
  pathView() {
    const { w0, b0 } = this.settings;
    const bowl = this.bowl;
    const valley = (bowl.mxy - bowl.c * b0) / bowl.a; // the best w for the starting b
    const reach = Math.max(Math.abs(w0 - valley) * 1.15, 0.5);
    const pad = Math.abs(b0 - bowl.b) * 0.12 + 2;
    return {
      w: [Math.min(valley - reach, bowl.w - 0.5), Math.max(valley + reach, bowl.w + 0.5)],
      b: [Math.min(b0, bowl.b) - pad, Math.max(b0, bowl.b) + pad],
    };
  }

  /** Show the epoch on display: its readouts always, its charts when they are on screen. */
  draw() {
    if (!this.run) return;
    const state = this.shownState();
    const { run, xTrain, yTrain } = this;
    this.showReadouts(state);
    if (!this.onScreen) return;
    const colours = palette(this.root);
    drawLine(this.q("line-chart"), colours, { ...state, xTrain, yTrain });
    drawCost(this.q("cost-chart"), colours, {
      ...state,
      costHistory: run.costHistory,
      epochs: run.epochs,
    });
    drawPath(this.q("path-chart"), colours, {
      ...state,
      bowl: this.bowl,
      view: this.view,
      ws: run.ws,
      bs: run.bs,
    });
  }
}

/**
 * Start every explorer on the page. The page links the explorer's stylesheet before this
 * script (docs/snippets/explorer.html), and a stylesheet holds back the scripts after it, so
 * the explorer is styled, in its place, when it is shown.
 */
function start() {
  const roots = document.querySelectorAll("[data-nn-explorer]");
  if (roots.length === 0) return;
  for (const note of document.querySelectorAll("[data-nn-explorer-fallback]")) note.hidden = true;
  for (const root of roots) {
    root.hidden = false;
    root.explorer = new Explorer(root);
  }
}

start();
