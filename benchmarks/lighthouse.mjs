// Lighthouse on every page of the built site, with the mobile and the desktop presets.
//
//   node benchmarks/lighthouse.mjs [SITE_DIR [PAGE ...]]
//
// SITE_DIR is a built site (`mkdocs build --strict -d SITE_DIR`); without it, the site is built
// into a temporary directory first. PAGEs (like `cost/`, `""` for the home page) limit the run. The site is served on 127.0.0.1 under the path of its
// site_url, as GitHub Pages serves it; the pages are those of its sitemap.xml, plus 404.html.
// The browser is Debian's Chromium ($CHROMIUM_PATH, else /usr/bin/chromium), never downloaded,
// with no network but 127.0.0.1. Prints one row per page and preset: performance,
// accessibility, best practices, SEO. A benchmark, not a test: it asserts nothing.
// Aim: performance >= 0.98 on mobile; accessibility, best practices and SEO 1.00.
// With LIGHTHOUSE_REPORTS=DIR, each full report is also saved there as JSON;
// LIGHTHOUSE_PRESETS=mobile (or desktop) runs one preset. LIGHTHOUSE_RUNS=N (default 1) audits
// each page N times and reports its median run (by performance score), with the lowest and
// highest performance score of the N: on a shared machine one page's score moves by up to a
// tenth from run to run, so a single run says little about a change.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const CHROME = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// The tests' Chromium flags (no network but 127.0.0.1), plus the headless mode Lighthouse needs.
const FLAGS = [
  "--headless=new",
  ...JSON.parse(readFileSync(join(ROOT, "tests", "chromium.json"), "utf8")).flags,
];
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".ipynb": "application/x-ipynb+json",
  ".txt": "text/plain; charset=utf-8",
  ".gz": "application/gzip",
};

function buildSite() {
  const destination = mkdtempSync(join(tmpdir(), "nanoneuron-site-"));
  const mkdocs = join(ROOT, ".venv", "bin", "mkdocs");
  console.error(`building the site into ${destination} ...`);
  const result = spawnSync(mkdocs, ["build", "--strict", "-q", "-d", destination], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NO_MKDOCS_2_WARNING: "1" },
  });
  if (result.status !== 0) throw new Error("mkdocs build --strict failed");
  return destination;
}

function sitemapPaths(site) {
  const xml = readFileSync(join(site, "sitemap.xml"), "utf8");
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1].trim()).pathname);
}

function serve(site, prefix) {
  const notFound = join(site, "404.html");
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    let file = null;
    if (path.startsWith(prefix)) {
      const candidate = normalize(join(site, path.slice(prefix.length)));
      if (candidate === site || candidate.startsWith(site + sep)) {
        file =
          existsSync(candidate) && statSync(candidate).isDirectory()
            ? join(candidate, "index.html")
            : candidate;
      }
    }
    const found = file && existsSync(file);
    const served = found ? file : notFound;
    const type = TYPES[extname(served)] || "application/octet-stream";
    let body = readFileSync(served);
    const headers = { "Content-Type": type, "Cache-Control": "max-age=600" };
    // Compressed as GitHub Pages compresses text: the transfer sizes Lighthouse sees are real.
    if (/gzip/.test(request.headers["accept-encoding"] || "") && /text|json|xml|svg/.test(type)) {
      body = gzipSync(body, { level: 9 });
      headers["Content-Encoding"] = "gzip";
      headers.Vary = "Accept-Encoding";
    }
    response.writeHead(found ? 200 : 404, headers);
    response.end(body);
  });
  return new Promise((done) => server.listen(0, "127.0.0.1", () => done(server)));
}

const score = (value) =>
  value === null || value === undefined ? "  n/a" : value.toFixed(2).padStart(5);

// LIGHTHOUSE_PRESETS=mobile (or desktop) runs one preset only.
const RUNS = Number(process.env.LIGHTHOUSE_RUNS || "1");
if (!Number.isInteger(RUNS) || RUNS < 1) {
  throw new Error(
    `LIGHTHOUSE_RUNS: ${JSON.stringify(process.env.LIGHTHOUSE_RUNS)} is not a whole number of at least 1`,
  );
}
const ALL_PRESETS = { mobile: undefined, desktop: desktopConfig };
const PRESETS = (process.env.LIGHTHOUSE_PRESETS || "mobile,desktop").split(",").map((name) => {
  const preset = name.trim();
  if (!(preset in ALL_PRESETS)) {
    throw new Error(`LIGHTHOUSE_PRESETS: no preset ${JSON.stringify(preset)} (mobile, desktop)`);
  }
  return [preset, ALL_PRESETS[preset]];
});

async function main() {
  const site = resolve(process.argv[2] || buildSite());
  const locations = sitemapPaths(site);
  const prefix = locations.reduce((a, b) => (b.length < a.length ? b : a), locations[0] || "/");
  const wanted = process.argv.slice(3);
  const pages = [...locations.map((p) => p.slice(prefix.length)).sort(), "404.html"].filter(
    (page) => !wanted.length || wanted.includes(page),
  );
  const server = await serve(site, prefix);
  const base = `http://127.0.0.1:${server.address().port}${prefix}`;
  const chrome = await chromeLauncher.launch({ chromePath: CHROME, chromeFlags: FLAGS });
  const rows = [];
  const below = [];
  try {
    for (const page of pages) {
      for (const [preset, config] of PRESETS) {
        const runs = [];
        for (let run = 0; run < RUNS; run += 1) {
          runs.push(
            await lighthouse(
              base + page,
              { port: chrome.port, output: "json", logLevel: "error", onlyCategories: CATEGORIES },
              config,
            ),
          );
        }
        const performance = (r) => r.lhr.categories.performance?.score ?? 0;
        runs.sort((a, b) => performance(a) - performance(b));
        const result = runs[Math.floor((runs.length - 1) / 2)];
        const spread = [performance(runs[0]), performance(runs[runs.length - 1])];
        const reports = process.env.LIGHTHOUSE_REPORTS;
        if (reports) {
          mkdirSync(reports, { recursive: true });
          const name = `${(page || "home").replace(/[^\w.-]+/g, "_")}-${preset}.json`;
          writeFileSync(join(reports, name), result.report);
        }
        const categories = result.lhr.categories;
        const scores = CATEGORIES.map((c) => categories[c]?.score ?? null);
        rows.push([page || "(home)", preset, spread, ...scores]);
        const aims = CATEGORIES.map((c) => (c === "performance" ? 0.98 : 1));
        scores.forEach((s, i) => {
          if (s !== null && s < aims[i]) {
            const failing = (categories[CATEGORIES[i]].auditRefs || [])
              .filter((ref) => ref.weight > 0 && (result.lhr.audits[ref.id].score ?? 1) < 1)
              .map((ref) => `${ref.id} ${result.lhr.audits[ref.id].displayValue ?? ""}`.trim());
            below.push(
              `${page || "(home)"} [${preset}] ${CATEGORIES[i]} ${s.toFixed(2)}: ${failing.join(", ")}`,
            );
          }
        });
        console.error(
          `${page || "(home)"} ${preset}: ${scores.map(score).join(" ")} (performance ${spread.map(score).join(" to ")})`,
        );
      }
    }
  } finally {
    await chrome.kill();
    server.close();
  }
  const width = Math.max(28, ...rows.map((r) => r[0].length + 2));
  const runsNote = RUNS > 1 ? `   (median of ${RUNS} runs; perf lowest-highest)` : "";
  console.log(`${"page".padEnd(width)}${"preset".padEnd(9)}  perf  a11y  best   seo${runsNote}`);
  for (const [page, preset, spread, ...scores] of rows) {
    const range = RUNS > 1 ? `   ${spread.map(score).join("-")}` : "";
    console.log(
      `${page.padEnd(width)}${preset.padEnd(9)}${scores.map((s) => ` ${score(s)}`).join("")}${range}`,
    );
  }
  if (below.length) {
    console.log("\nbelow the aim (performance >= 0.98 on mobile, the rest 1.00):");
    for (const line of below) console.log(`  ${line}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
