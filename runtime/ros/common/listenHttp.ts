import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KindredError } from '../../errors/index.js';

/**
 * Listen on `host:port` and resolve once listening; a port already taken rejects with the caller's
 * coded error (each bridge names itself in it), any other failure with the system error. Shared by
 * the bridges' WebSocket servers (rosbridge, Foxglove).
 */
export function listenHttp(http: Server, host: string, port: number, portInUse: () => KindredError): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException): void => {
      http.off('listening', onListening);
      reject(e.code === 'EADDRINUSE' ? portInUse() : e);
    };
    const onListening = (): void => {
      http.off('error', onError);
      resolve();
    };
    http.once('error', onError);
    http.once('listening', onListening);
    http.listen(port, host);
  });
}

/** Where a listening bridge can be reached: the host it was asked for, the bound port, the `ws://` URL. */
export interface WsAddress {
  readonly host: string;
  readonly port: number;
  readonly url: string;
}

/** The address of a server `listenHttp` has started (port 0 resolved to the one bound; IPv6 hosts bracketed). */
export function wsAddress(http: Server, host: string): WsAddress {
  const port = (http.address() as AddressInfo).port;
  return { host, port, url: `ws://${host.includes(':') ? `[${host}]` : host}:${port}` };
}
