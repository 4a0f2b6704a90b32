/**
 * What the reader may choose (a start, a learning rate, a number of epochs), read from a link
 * or a form with safe fallbacks, and written back into a link. No DOM: node imports it in the tests.
 */

/** The most epochs one run may take: enough to watch b creep to 32, small enough for a phone. */
export const MAX_EPOCHS = 500000;

/** Default settings: the first reference run of the original. */
export const DEFAULTS = Object.freeze({ w0: 0.5, b0: 0.5, alpha: 0.0005, epochs: 70000 });

/**
 * The longest text read as a number. Longer text is refused before anything else looks at
 * it, so a link of any length costs no more than this to read. (The shortest text that
 * round-trips any double has at most 24 characters.)
 */
export const MAX_TEXT = 100;

const LIMITS = {
  w0: { min: -1000, max: 1000, what: "a number from -1000 to 1000" },
  b0: { min: -1000, max: 1000, what: "a number from -1000 to 1000" },
  alpha: { min: 0, max: 1, what: "a number greater than 0 and at most 1" },
  epochs: { min: 1, max: MAX_EPOCHS, what: `a whole number from 1 to ${MAX_EPOCHS}` },
};

// A decimal number in ASCII only (digits 0-9, no other script's digits, no other spaces):
// the rule of the command line too. Each part can match in one way only, so matching takes
// time in proportion to the text, never more.
const DECIMAL = /^[ \t]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t]*$/;

/** The number written in `text` (see DECIMAL), or NaN if it is not one or is too long. */
export function parseDecimal(text) {
  const raw = String(text);
  if (raw.length > MAX_TEXT || !DECIMAL.test(raw)) return Number.NaN;
  return Number(raw);
}

/** Check one setting given as text; return `[value, problem]` (problem is null when valid). */
export function parseSetting(name, text) {
  const limit = LIMITS[name];
  const raw = String(text);
  const value = parseDecimal(raw);
  const ok =
    Number.isFinite(value) &&
    (name === "alpha" ? value > limit.min : value >= limit.min) &&
    value <= limit.max &&
    (name !== "epochs" || Number.isInteger(value));
  if (ok) return [value, null];
  const shown = raw.length > 40 ? `"${raw.slice(0, 40)}…" (${raw.length} characters)` : `"${raw}"`;
  return [
    DEFAULTS[name],
    `${name} must be ${limit.what}, got ${shown}; using ${DEFAULTS[name]} instead.`,
  ];
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

/**
 * The address `href` (the page's own) with `settings` as its query, in full. Built by the URL
 * parser rather than by joining strings: a path that begins with `//` would otherwise read as
 * another host.
 */
export function settingsLink(href, settings) {
  const url = new URL(href);
  url.search = settingsQuery(settings);
  return url.href;
}
