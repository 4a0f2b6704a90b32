// Runs the explorer's pure functions for tests/test_explorer.py.
// Reads {"tasks": [{"kind": ..., ...}]} as JSON on stdin and prints one JSON result per task.
// Doubles go out as the 16 hex digits of their IEEE-754 bits, so nothing is lost on the way.
import { readFileSync } from "node:fs";
import * as explorer from "../docs/javascripts/explorer.js";

const view = new DataView(new ArrayBuffer(8));
const bits = (x) => {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
};

function train({ w0, b0, epochs, alpha, data }) {
  const [xTrain, yTrain, xTest, yTest] = data ?? explorer.generateDataSets();
  const model = new explorer.NanoNeuron(w0, b0);
  try {
    const history = explorer.trainModel({ model, epochs, alpha, xTrain, yTrain });
    const [, testCost] = explorer.forwardPropagation(model, xTest, yTest);
    return { history: history.map(bits), w: bits(model.w), b: bits(model.b), testCost: bits(testCost), predict70: bits(model.predict(70)) };
  } catch (error) {
    if (!(error instanceof explorer.TrainingDiverged)) throw error;
    return { diverged: { epoch: error.epoch, message: error.message, history: error.costHistory.map(bits) }, w: bits(model.w), b: bits(model.b) };
  }
}

const fromBits = (hex) => {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

const handlers = {
  data: () => explorer.generateDataSets().map((values) => values.map(bits)),
  train,
  cost: ({ pairs }) => pairs.map(([y, p]) => bits(explorer.predictionCost(y, p))),
  predict: ({ w, b, xs }) => xs.map((x) => bits(new explorer.NanoNeuron(w, b).predict(x))),
  maxAlpha: ({ x }) => bits(explorer.maxStableAlpha(x ?? explorer.generateDataSets()[0])),
  repr: ({ values }) => values.map(fromBits).map((x) => [explorer.pyRepr(x), explorer.formatG(x, 6)]),
  settings: ({ queries }) => queries.map((q) => explorer.parseSettings(q)),
  query: ({ settings }) => explorer.parseSettings(explorer.settingsQuery(settings)).settings,
};

const { tasks } = JSON.parse(readFileSync(0, "utf8"));
console.log(JSON.stringify(tasks.map((task) => handlers[task.kind](task))));
