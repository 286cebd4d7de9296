// A node:test reporter that prints only the closing line CI reads: `N passed, N failed, N skipped`.
export default async function* summaryReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    // Count leaf tests only: a suite's own pass/fail event repeats its children's.
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.details?.type === "suite") continue;
    if (event.data.skip !== undefined || event.data.todo !== undefined) skipped++;
    else if (event.type === "test:pass") passed++;
    else failed++;
  }
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped\n`;
}
