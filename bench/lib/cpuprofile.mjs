/**
 * Reading V8 .cpuprofile files (from `node --cpu-prof`): self time per function, and time per
 * package, where a sample counts for the nearest package on its stack (so that node internals
 * called by undici's code count for undici, and the ESM loader's own work counts as such).
 */

/** Which package a script URL belongs to, or undefined for node internals and V8 entries. */
export function packageOf(url) {
  if (url === "" || url.startsWith("node:")) return undefined;
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (/\/dist(-snapshot)?\/index\.(c?js)$/.test(url)) return "secretsmanager-ts (dist)";
  if (url.includes("/bench/")) return "bench harness";
  if (url.includes("/results/bundles/")) return "bundle";
  return url;
}

function leafCategory(frame) {
  const { functionName, url } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "V8: garbage collector";
    if (functionName === "(program)") return "V8: compiling and native code (program)";
    if (functionName === "(idle)") return "idle (waiting for I/O)";
    return `native: ${functionName || "(anonymous)"}`;
  }
  if (url.startsWith("node:internal/modules")) return "node: module loader";
  return "node: other internals";
}

export function analyse(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map();
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const delta = timeDeltas[i + 1] ?? 0;
    selfUs.set(samples[i], (selfUs.get(samples[i]) ?? 0) + Math.max(0, delta));
  }

  const functions = new Map();
  const packages = new Map();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const node = byId.get(id);
    const frame = node.callFrame;
    const owner = packageOf(frame.url);
    const name = `${frame.functionName || "(anonymous)"} — ${owner ?? (frame.url || "V8")}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
    functions.set(name, (functions.get(name) ?? 0) + us);

    let attributed;
    for (let at = id; at !== undefined && attributed === undefined; at = parent.get(at)) {
      attributed = packageOf(byId.get(at).callFrame.url);
    }
    const key = attributed ?? leafCategory(frame);
    packages.set(key, (packages.get(key) ?? 0) + us);
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalUs, functions: sorted(functions), packages: sorted(packages) };
}
