// Python for the runners of one page, in a Web Worker so the page stays responsive.
// Pyodide and the package's modules come from this site (docs/hooks/runner.py copies them there);
// nothing is fetched from anywhere else. Messages in: {type: "start", siteRoot},
// {type: "run", seq, code, session, id}. Messages out: {type: "ready"}, {type: "failed", message},
// {type: "result", seq, output, error}.

const HOME = "/home/pyodide/site";
let runBlock = null;
let starting = null;

async function start(siteRoot) {
  const pyodideURL = new URL("assets/pyodide/", siteRoot).href;
  const { loadPyodide } = await import(`${pyodideURL}pyodide.mjs`);
  const pyodide = await loadPyodide({ indexURL: pyodideURL });
  const response = await fetch(new URL("assets/runner/files.json", siteRoot));
  if (!response.ok) {
    throw new Error(`could not load ${response.url}: HTTP ${response.status}`);
  }
  const { files } = await response.json();
  for (const [path, text] of Object.entries(files)) {
    const full = `${HOME}/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    pyodide.FS.writeFile(full, text);
  }
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(HOME)})`);
  runBlock = pyodide.pyimport("runner_session").run_block;
}

self.onmessage = async ({ data }) => {
  if (data.type === "start") {
    starting = start(data.siteRoot);
    try {
      await starting;
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({
        type: "failed",
        message: String(error && error.message ? error.message : error),
      });
    }
    return;
  }
  if (data.type === "run") {
    await starting;
    const result = runBlock(data.code, data.session, data.id);
    const [output, error] = result.toJs();
    result.destroy();
    self.postMessage({ type: "result", seq: data.seq, output, error: error ?? null });
  }
};
