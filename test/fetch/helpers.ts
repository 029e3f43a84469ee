// Small loopback servers for the fetch tests: they play the publishers.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultHttpClientOptions } from '../../src/fetch/index.ts';
import type { HttpClientOptions } from '../../src/fetch/index.ts';

export interface TestServer {
  server: Server;
  port: number;
  /** http://127.0.0.1:<port> (or the host it was bound to), no trailing slash. */
  origin: string;
  /** Every request seen, in order. */
  requests: IncomingMessage[];
  close(): Promise<void>;
}

export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  host = '127.0.0.1',
): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    origin: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Options for tests: loopback allowed, no robots, no politeness delay, short limits. */
export function testOptions(overrides: Partial<HttpClientOptions> = {}): HttpClientOptions {
  return {
    ...defaultHttpClientOptions({}),
    allowHosts: ['127.0.0.1'],
    hostDelayMs: 0,
    respectRobots: false,
    connectTimeoutMs: 2000,
    headersTimeoutMs: 3000,
    totalTimeoutMs: 8000,
    ...overrides,
  };
}
