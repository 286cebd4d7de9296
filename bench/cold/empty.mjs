/** The baseline: node itself, starting and exiting, with the same report as the others. */
import { finish } from "./report.mjs";

finish(performance.now(), null);
