// After a build: lists every package bundled into dist/ with its licence text, in
// dist/THIRD-PARTY-NOTICES.md, from the metafiles esbuild wrote (then removes them).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dist = "dist";
const metafiles = readdirSync(dist).filter((name) => /^metafile-.*\.json$/.test(name));
const packages = new Set();
for (const name of metafiles) {
  const meta = JSON.parse(readFileSync(join(dist, name), "utf8"));
  for (const input of Object.keys(meta.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  rmSync(join(dist, name));
}

const sections = [...packages].sort().map((name) => {
  const dir = join("node_modules", name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const licenseFile = readdirSync(dir).find((file) => /^(licen[cs]e|copying)(\.|$)/i.test(file));
  const notice = ["NOTICE", "NOTICE.txt", "NOTICE.md"].find((file) => existsSync(join(dir, file)));
  const parts = [`## ${name} ${pkg.version} (${pkg.license})`, ""];
  if (licenseFile)
    parts.push("```", readFileSync(join(dir, licenseFile), "utf8").trim(), "```", "");
  if (notice) parts.push("```", readFileSync(join(dir, notice), "utf8").trim(), "```", "");
  return parts.join("\n");
});

writeFileSync(
  join(dist, "THIRD-PARTY-NOTICES.md"),
  `# Third-party notices\n\nThese packages are bundled into this package's dist/ files.\n\n${sections.join("\n")}`,
);
console.log(`THIRD-PARTY-NOTICES.md: ${[...packages].sort().join(", ") || "no bundled packages"}`);
