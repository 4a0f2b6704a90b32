// Edit and run the article's code blocks in the browser (the runners docs/hooks/runner.py adds).
//
// Nothing of Python is fetched until the reader presses Run: then one Web Worker per page loads
// Pyodide from this site (runner-worker.js) and runs the page's blocks in it, so the blocks of a
// session share their variables as they do at build. Running a block first runs the earlier
// blocks of its session that have not run yet. Stop, or a run longer than the time limit, ends the
// worker; the next run starts a fresh one.

const SITE_ROOT = new URL("../", import.meta.url); // this script is javascripts/runner.js
const runners = [...document.querySelectorAll("details[data-nn-runner]")];

let worker = null;
let starting = null;
let seq = 0;
const pending = new Map(); // seq -> {resolve, reject}
const ran = new Set(); // runners whose code has run in the current worker
let busy = null; // {runner, stop(reason)} while a run is going on

const part = (runner, selector) => runner.querySelector(selector);
const code = (runner) => part(runner, ".nn-run-code");

function show(runner, state, message, output) {
  runner.dataset.nnState = state;
  part(runner, ".nn-run-message").textContent = message;
  if (output !== undefined) {
    const pre = part(runner, ".nn-run-output");
    pre.querySelector("code").textContent = output;
    pre.hidden = output === "";
  }
}

function startWorker() {
  worker = new Worker(new URL("runner-worker.js", import.meta.url), { type: "module" });
  starting = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === "ready") resolve();
      else if (data.type === "failed") reject(new Error(`Python could not start: ${data.message}`));
      else if (data.type === "result") {
        const waiting = pending.get(data.seq);
        pending.delete(data.seq);
        if (waiting) waiting.resolve(data);
      }
    };
    worker.onerror = (event) =>
      reject(new Error(`Python could not start: ${event.message || "the worker failed"}`));
  });
  worker.postMessage({ type: "start", siteRoot: SITE_ROOT.href });
  return starting;
}

function endWorker(reason) {
  if (worker) worker.terminate();
  worker = null;
  starting = null;
  ran.clear();
  for (const waiting of pending.values()) waiting.reject(reason);
  pending.clear();
}

function execute(runner) {
  const id = ++seq;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({
      type: "run",
      seq: id,
      code: code(runner).value,
      session: runner.dataset.nnSession,
      id: runner.dataset.nnRunner,
    });
  });
}

function seconds(milliseconds) {
  return `${(milliseconds / 1000).toFixed(milliseconds < 10000 ? 2 : 1)} s`;
}

function describe(runner, result, elapsed) {
  const unedited = code(runner).value === runner.dataset.nnCode;
  if (result.error) {
    const last = result.error.trim().split("\n").pop();
    return ["error", `Python stopped with an error after ${seconds(elapsed)}: ${last}`];
  }
  let message = `Ran in ${seconds(elapsed)}.`;
  if (unedited) {
    message +=
      result.output === runner.dataset.nnExpected
        ? " It printed exactly what the build printed."
        : " It printed something else than the build: please report it.";
  }
  if (result.output === "") message += " It printed nothing.";
  return ["done", message];
}

async function run(target) {
  if (busy) return;
  const limit = Number(target.dataset.nnTimeLimit || 120) * 1000;
  let timer = null;
  const stopped = new Promise((_, reject) => {
    busy = { runner: target, stop: reject };
  });
  stopped.catch(() => {});
  setBusy(true);
  const position = runners.indexOf(target);
  const chain = runners.filter(
    (r, i) => i < position && r.dataset.nnSession === target.dataset.nnSession && !ran.has(r),
  );
  chain.push(target);
  let current = target;
  // The block pressed says at once that its run has begun, also while earlier blocks run first.
  const earlier = chain.slice(0, -1).map((r) => r.dataset.nnRunner);
  const sayWaiting = () => {
    if (earlier.length)
      show(target, "running", `Waiting for ${earlier.join(", ")} to run first…`, "");
  };
  sayWaiting();
  try {
    if (!worker) {
      show(target, "loading", "Loading Python from this site…", "");
      await Promise.race([startWorker(), stopped]);
      sayWaiting();
    }
    for (const runner of chain) {
      current = runner;
      const before = runner === target ? "" : ` (${target.dataset.nnRunner} needs it)`;
      show(runner, "running", `Running${before}…`);
      const began = performance.now();
      const limited = new Promise((_, reject) => {
        timer = setTimeout(() => reject({ kind: "timeout" }), limit);
      });
      const result = await Promise.race([execute(runner), stopped, limited]);
      clearTimeout(timer);
      if (!result.error) ran.add(runner); // a failed block runs again before the blocks after it
      const [state, message] = describe(runner, result, performance.now() - began);
      show(runner, state, message, result.output + (result.error || ""));
      if (result.error && runner !== target) {
        show(
          target,
          "error",
          `The earlier block ${runner.dataset.nnRunner} of this page stopped with an error; fix or reset it, then run this one again.`,
          "",
        );
        break;
      }
    }
  } catch (reason) {
    clearTimeout(timer);
    if (reason && reason.kind === "timeout") {
      endWorker(reason);
      show(
        current,
        "timeout",
        `Stopped: the run took longer than ${seconds(limit)}, the time limit. Python starts afresh on the next run.`,
      );
    } else if (reason && reason.kind === "stop") {
      show(
        current,
        "stopped",
        "Stopped. Python starts afresh on the next run, running the blocks before this one again first.",
      );
    } else {
      endWorker(reason);
      show(current, "error", String(reason && reason.message ? reason.message : reason));
    }
  } finally {
    if (current !== target && ["loading", "running"].includes(target.dataset.nnState)) {
      show(target, "stopped", `Not run: ${current.dataset.nnRunner} did not finish.`, "");
    }
    busy = null;
    setBusy(false);
  }
}

function stop() {
  if (!busy) return;
  const reason = { kind: "stop" };
  endWorker(reason);
  busy.stop(reason);
}

function setBusy(on) {
  for (const runner of runners) {
    part(runner, "[data-nn-action=run]").setAttribute("aria-disabled", String(on));
    part(runner, "[data-nn-action=stop]").disabled = !on;
  }
}

for (const runner of runners) {
  code(runner).value = runner.dataset.nnCode;
  part(runner, "[data-nn-action=run]").addEventListener("click", () => run(runner));
  part(runner, "[data-nn-action=stop]").addEventListener("click", stop);
  part(runner, "[data-nn-action=reset]").addEventListener("click", () => {
    code(runner).value = runner.dataset.nnCode;
    show(runner, runner.dataset.nnState || "idle", "The code is back as the page shows it.");
  });
  code(runner).addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run(runner);
    }
  });
  runner.dataset.nnState = "idle";
}
