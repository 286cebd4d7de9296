/** Cold start: import, construct, one GetSecretValue, exit. Also the bundle-size program. */
import { close, connect, getSecretValue } from "../contenders/aws-lite.mjs";
import { finish } from "./report.mjs";

const imported = performance.now();
const client = await connect(process.env.BENCH_ENDPOINT);
finish(imported, await getSecretValue(client, process.env.BENCH_SECRET_ID));
await close(client);
