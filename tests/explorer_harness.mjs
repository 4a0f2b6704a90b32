// Runs the explorer's pure modules for tests/test_explorer.py.
// Reads {"tasks": [{"kind": ..., ...}]} as JSON on stdin and prints one JSON result per task.
// Doubles go out as the 16 hex digits of their IEEE-754 bits, so nothing is lost on the way.
import { readFileSync } from "node:fs";
import * as format from "../docs/javascripts/explorer/format.js";
import * as neuron from "../docs/javascripts/explorer/neuron.js";
import * as settings from "../docs/javascripts/explorer/settings.js";

const view = new DataView(new ArrayBuffer(8));
const bits = (x) => {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
};
const fromBits = (hex) => {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

function train({ w0, b0, epochs, alpha, data }) {
  const [xTrain, yTrain, xTest, yTest] = data ?? neuron.generateDataSets();
  const model = new neuron.NanoNeuron(w0, b0);
  try {
    const history = neuron.trainModel({ model, epochs, alpha, xTrain, yTrain });
    const [, testCost] = neuron.forwardPropagation(model, xTest, yTest);
    return {
      history: history.map(bits),
      w: bits(model.w),
      b: bits(model.b),
      testCost: bits(testCost),
      predict70: bits(model.predict(70)),
    };
  } catch (error) {
    if (!(error instanceof neuron.TrainingDiverged)) throw error;
    const { epoch, message, costHistory } = error;
    return {
      diverged: { epoch, message, history: costHistory.map(bits) },
      w: bits(model.w),
      b: bits(model.b),
    };
  }
}

// The longest text any regular expression was applied to while `work` ran.
function longestMatched(work) {
  let longest = 0;
  const methods = [
    [RegExp.prototype, "exec"],
    [RegExp.prototype, "test"],
    [RegExp.prototype, Symbol.match],
    [RegExp.prototype, Symbol.matchAll],
    [RegExp.prototype, Symbol.replace],
    [RegExp.prototype, Symbol.search],
    [RegExp.prototype, Symbol.split],
  ];
  const originals = methods.map(([owner, key]) => owner[key]);
  methods.forEach(([owner, key], i) => {
    owner[key] = function (text, ...rest) {
      longest = Math.max(longest, String(text).length);
      return originals[i].call(this, text, ...rest);
    };
  });
  try {
    return [work(), longest];
  } finally {
    methods.forEach(([owner, key], i) => {
      owner[key] = originals[i];
    });
  }
}

const handlers = {
  data: () => neuron.generateDataSets().map((values) => values.map(bits)),
  train,
  cost: ({ pairs }) => pairs.map(([y, p]) => bits(neuron.predictionCost(y, p))),
  predict: ({ w, b, xs }) => xs.map((x) => bits(new neuron.NanoNeuron(w, b).predict(x))),
  maxAlpha: ({ x }) => bits(neuron.maxStableAlpha(x ?? neuron.generateDataSets()[0])),
  bowl: () => {
    const [xTrain, yTrain] = neuron.generateDataSets();
    const { limit, w, b, largest, smallest } = neuron.costBowl(xTrain, yTrain);
    return { limit: bits(limit), w, b, largest, smallest };
  },
  repr: ({ values }) => values.map(fromBits).map((x) => [format.pyRepr(x), format.formatG(x, 6)]),
  settings: ({ queries }) => queries.map((q) => settings.parseSettings(q)),
  query: ({ settings: given }) => settings.parseSettings(settings.settingsQuery(given)).settings,
  parse: ({ name, texts }) =>
    texts.map((text) => {
      const [[value, problem], longest] = longestMatched(() => settings.parseSetting(name, text));
      return { value, problem, longestMatched: longest };
    }),
  link: ({ hrefs, settings: given }) => hrefs.map((href) => settings.settingsLink(href, given)),
};

const { tasks } = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(tasks.map((task) => handlers[task.kind](task))));
