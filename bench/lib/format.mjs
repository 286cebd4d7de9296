/** Markdown tables for the results, every figure with its ratio to the reference contender. */
export const REFERENCE = "aws-sdk-v3";

export function ratio(value, reference) {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return Number.NaN;
  return value / reference;
}

export function formatRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : "–";
}

function formatNumber(value, digits) {
  if (!Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** `value (ratio)`, or just the value when there is no reference figure. */
export function cell(value, reference, digits = 0) {
  if (!Number.isFinite(value)) return "–";
  const r = ratio(value, reference);
  return Number.isFinite(r)
    ? `${formatNumber(value, digits)} (${formatRatio(r)})`
    : formatNumber(value, digits);
}

export function table(headers, rows) {
  const align = headers.map((_, i) => (i === 0 ? "---" : "---:"));
  return [headers, align, ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
}
