/**
 * Numbers written as Python writes them, so the explorer's readouts and messages read like the
 * package's: `repr()` and `format(x, ".6g")`. JavaScript has neither; both are small and tested
 * against Python on thousands of values (tests/test_explorer.py).
 */

/** Python's `repr()` of a float. */
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

/** Drop the trailing zeros of a decimal fraction, and its point if nothing follows it. */
function trimZeros(text) {
  if (!text.includes(".")) return text;
  let end = text.length;
  while (text[end - 1] === "0") end -= 1;
  if (text[end - 1] === ".") end -= 1;
  return text.slice(0, end);
}

/** Python's `format(x, ".{precision}g")`. */
export function formatG(x, precision = 6) {
  if (!Number.isFinite(x)) return pyRepr(x);
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponent] = x.toExponential(precision - 1).split("e");
  const e = Number(exponent);
  if (e < -4 || e >= precision) {
    return `${trimZeros(mantissa)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  return trimZeros(x.toFixed(precision - 1 - e));
}
