// Typeset TeX with KaTeX for the build: reads one JSON array of [tex, display] pairs per line
// on stdin, writes one JSON line back: {"html": [...]} or {"error": "..."} naming the formula.
const katex = require(process.argv[2]);
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const html = [];
  for (const [tex, display] of JSON.parse(line)) {
    try {
      html.push(katex.renderToString(tex, { displayMode: display, throwOnError: true }));
    } catch (error) {
      process.stdout.write(JSON.stringify({ error: `${error.message} in: ${tex}` }) + "\n");
      return;
    }
  }
  process.stdout.write(JSON.stringify({ html }) + "\n");
});
