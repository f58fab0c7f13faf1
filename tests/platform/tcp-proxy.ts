// A TCP forwarder a fault test owns: "kill" it to make a dependency vanish (connections refused), "freeze" it to make
// the dependency hang (connections accepted, nothing answered), then start or thaw it again on the same port.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Keeps accepting connections and bytes but forwards nothing either way until thaw(). */
  freeze(): void;
  /** Forwards what was held back and everything after. */
  thaw(): void;
  /** How many chunks are held back now (a request has reached the frozen dependency). */
  readonly held: number;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let frozen = false;
  const held: Array<() => void> = [];
  const forward = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => {
      const write = () => { if (!to.destroyed) to.write(chunk); };
      if (frozen) held.push(write); else write();
    });
    from.on('end', () => { if (frozen) held.push(() => to.end()); else to.end(); });
  };
  const listen = () => new Promise<void>((resolve, reject) => {
    server = net.createServer((client) => {
      const upstream = net.connect(targetPort, targetHost);
      for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => s.destroy()); }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      forward(client, upstream);
      forward(upstream, client);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { port = (server!.address() as net.AddressInfo).port; resolve(); });
  });
  await listen();
  return {
    get port() { return port; },
    start: listen,
    stop: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    }),
    get held() { return held.length; },
    freeze: () => { frozen = true; },
    thaw: () => { frozen = false; for (const write of held.splice(0)) write(); },
  };
}
