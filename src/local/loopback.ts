/** Whether a listening address keeps the emulator on this machine. */
import { BlockList, isIPv4 } from "node:net";

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * True for `localhost` and for loopback addresses: 127.0.0.0/8, `::1`, and IPv4-mapped forms
 * such as `::ffff:127.0.0.1`. Any other name may resolve to an address others can reach.
 */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === "localhost") return true;
  try {
    return LOOPBACK.check(host, isIPv4(host) ? "ipv4" : "ipv6");
  } catch {
    return false; // not an IP address: a name
  }
}
