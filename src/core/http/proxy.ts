/**
 * The proxy environment, read here for both engines, and the node engine's CONNECT tunnels.
 *
 * {@link proxyFor} alone decides whether and through what a request is proxied, so that the two
 * engines (and a client moving from one to the other) always agree. Which variable applies
 * follows undici's `EnvHttpProxyAgent`: `https_proxy` / `HTTPS_PROXY` for an https origin,
 * falling back to `http_proxy` / `HTTP_PROXY` when that is unset or empty; `http_proxy` /
 * `HTTP_PROXY` for an http origin. The lower-case name wins whenever it is set, even to an
 * empty value. The node engine then opens its tunnels with {@link openTunnel}; the undici
 * engine hands the proxy it is given to undici's `ProxyAgent`.
 *
 * Supported:
 * - Proxy URLs `http://host:port` and `https://host:port` (TLS to the proxy itself). A value
 *   without a scheme (`proxy.corp:3128`) is read as `http://`, as curl reads it. A missing port
 *   is 80 or 443. `user:password@` in the URL is sent as Basic `Proxy-Authorization`.
 * - Every request goes through a `CONNECT host:port` tunnel, as undici's ProxyAgent does by
 *   default; for an https origin TLS then runs end to end inside the tunnel, so the proxy
 *   never sees the request.
 * - `no_proxy` / `NO_PROXY`: entries separated by commas or spaces; the value `*` turns
 *   proxying off. Each entry is a host name or IP, with an optional `:port`; a leading `.` or
 *   `*.` is ignored; it matches that host and its subdomains.
 *
 * Not supported: SOCKS and other proxy schemes (making the engine fails with a clear error
 * rather than silently connecting directly), CIDR ranges in `NO_PROXY`, PAC files, proxy
 * authentication other than Basic, and plain (non-CONNECT) forwarding of http requests. The
 * environment is read once, when the engine is made.
 */
import type { Socket } from "node:net";
import { ConfigurationError } from "../errors";
import { hostOf, portOf } from "./shared";

export interface ProxySettings {
  /** Host name or IP of the proxy, without IPv6 brackets (ready for `net.connect`). */
  readonly host: string;
  readonly port: number;
  /** True for an `https:` proxy URL: TLS to the proxy, then the tunnel inside it. */
  readonly secure: boolean;
  /** The `Proxy-Authorization` header value, when the URL carries a user name. */
  readonly authorization: string | undefined;
  /** `http://host:port` or `https://host:port`, without the credentials. */
  readonly origin: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The variable that names the proxy for `origin`, or `undefined` for none; `NO_PROXY` aside. */
export function proxyVariable(origin: URL, env: Environment): string | undefined {
  const httpName = env["http_proxy"] !== undefined ? "http_proxy" : "HTTP_PROXY";
  const httpsName = env["https_proxy"] !== undefined ? "https_proxy" : "HTTPS_PROXY";
  const name = origin.protocol === "https:" && env[httpsName] ? httpsName : httpName;
  return env[name] ? name : undefined;
}

/**
 * The proxy for requests to `origin`, or `undefined` to connect directly.
 * @throws {ConfigurationError} naming the variable (never its value) when it cannot be used.
 */
export function proxyFor(origin: URL, env: Environment): ProxySettings | undefined {
  const name = proxyVariable(origin, env);
  if (name === undefined) return undefined;
  if (!shouldProxy(origin.hostname, portOf(origin), env["no_proxy"] ?? env["NO_PROXY"] ?? "")) {
    return undefined;
  }
  return parseProxyUrl(name, env[name] as string);
}

/** `hostname` as `URL.hostname` gives it: lower case, IPv6 in brackets. */
function shouldProxy(hostname: string, port: number, noProxy: string): boolean {
  if (noProxy === "*") return false;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (entry === "") continue;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    const entryPort = withPort?.[2] === undefined ? 0 : Number(withPort[2]);
    if (entryPort !== 0 && entryPort !== port) continue;
    const entryHost = (withPort?.[1] ?? entry).replace(/^\*?\./, "").toLowerCase();
    if (hostname === entryHost || hostname.endsWith(`.${entryHost}`)) return false;
  }
  return true;
}

function parseProxyUrl(name: string, value: string): ProxySettings {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    // The value is left out of the message: it may carry a password.
    throw new ConfigurationError(`${name} is not a valid proxy URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigurationError(
      `${name}: only http: and https: proxies are supported, not ${url.protocol}`,
    );
  }
  const authorization =
    url.username === ""
      ? undefined
      : `Basic ${Buffer.from(`${decode(url.username)}:${decode(url.password)}`).toString("base64")}`;
  return {
    host: hostOf(url),
    port: portOf(url),
    secure: url.protocol === "https:",
    authorization,
    origin: url.origin,
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Longest CONNECT response head we read before deciding the proxy is not speaking HTTP. */
const MAX_RESPONSE_HEAD = 16 * 1024;

/**
 * Connects to the proxy and asks it for a tunnel to `authority` (`host:port`). Returns the
 * socket at once, so the caller can bound the whole exchange with its own timer by
 * destroying it; `done` is called exactly once, with no error when the tunnel is open.
 */
export function openTunnel(
  proxy: ProxySettings,
  authority: string,
  done: (error: Error | undefined) => void,
): Socket {
  const net = process.getBuiltinModule("node:net");
  const socket: Socket = proxy.secure
    ? process.getBuiltinModule("node:tls").connect({
        host: proxy.host,
        port: proxy.port,
        // node refuses an IP address as a TLS server name.
        ...(net.isIP(proxy.host) === 0 && { servername: proxy.host }),
      })
    : net.connect({ host: proxy.host, port: proxy.port });
  socket.setNoDelay(true);

  const auth =
    proxy.authorization === undefined ? "" : `Proxy-Authorization: ${proxy.authorization}\r\n`;
  const onConnected = () => {
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
  };

  let head = "";
  const onReadable = () => {
    for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read()) {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) {
        if (head.length > MAX_RESPONSE_HEAD) return finish(tunnelError("an oversized response"));
        continue;
      }
      // Neither a TLS client nor an HTTP/1.1 client expects the server to speak first, so a
      // byte after the head means the proxy is not tunnelling.
      if (end + 4 !== head.length) return finish(tunnelError("bytes after its response"));
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (status >= 200 && status < 300) return finish(undefined);
      return finish(tunnelError(status === 0 ? "a response that is not HTTP" : `HTTP ${status}`));
    }
  };
  const onError = (error: Error) => finish(error);
  const onClose = () => {
    const error = new Error("The proxy closed the connection before opening the tunnel");
    finish(Object.assign(error, { code: "ECONNRESET" }));
  };

  let finished = false;
  function finish(error: Error | undefined): void {
    if (finished) return;
    finished = true;
    socket.off(proxy.secure ? "secureConnect" : "connect", onConnected);
    socket.off("readable", onReadable);
    socket.off("error", onError);
    socket.off("close", onClose);
    if (error !== undefined) {
      // Nobody else will ever hold this socket: a late error from it must not go unhandled.
      socket.on("error", () => {});
      socket.destroy();
    }
    done(error);
  }

  socket.once(proxy.secure ? "secureConnect" : "connect", onConnected);
  socket.on("readable", onReadable);
  socket.once("error", onError);
  socket.once("close", onClose);
  return socket;
}

/** What the proxy answered instead of a tunnel; never includes the credentials sent. */
function tunnelError(answer: string): Error {
  const error = new Error(`The proxy answered CONNECT with ${answer}`);
  return Object.assign(error, { code: "ERR_PROXY_TUNNEL" });
}
