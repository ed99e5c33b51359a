import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Listening {
  /** `http://<host>:<port>` (IPv6 hosts bracketed). */
  url: string;
  host: string;
  port: number;
  /**
   * Stop accepting, let in-flight requests finish for up to `graceMs`, then cut what is left.
   * Idempotent: later calls return the same promise.
   */
  close(graceMs: number): Promise<void>;
}

/** Listen on `port`/`host`; rejects with the listen error (e.g. `EADDRINUSE`) instead of emitting it. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}`,
    host: address.address,
    port: address.port,
    close(graceMs) {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
