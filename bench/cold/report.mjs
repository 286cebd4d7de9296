/**
 * What every cold-start program prints: one JSON line at exit with the time its imports were
 * done and the time of its first result (ms since the process started, `performance.now()`),
 * and its peak RSS as the kernel counted it up to that point. The answer is checked here:
 * a wrong value makes the program exit with status 2.
 */
import { writeSync } from "node:fs";

/**
 * @param {number} imported performance.now() when the program's imports were done
 * @param {{ name?: string, value?: string } | null} result null for the empty baseline
 */
export function finish(imported, result) {
  const first = performance.now();
  if (result !== null) {
    const expectedName = process.env.BENCH_SECRET_ID;
    const expectedValue = process.env.BENCH_EXPECTED;
    if (result?.name !== expectedName || result?.value !== expectedValue) {
      writeSync(2, `cold start: wrong answer for ${expectedName}\n`);
      process.exitCode = 2;
    }
  }
  process.on("exit", () => {
    const line = JSON.stringify({
      imported,
      first,
      exiting: performance.now(),
      maxRssKb: process.resourceUsage().maxRSS,
    });
    writeSync(1, `BENCH ${line}\n`);
  });
}
