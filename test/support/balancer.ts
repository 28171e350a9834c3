import { createServer, type IncomingHttpHeaders, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A load balancer without stickiness for tests: every request goes to the next target in turn,
 * with the X-Forwarded-* headers a real one adds. A target that refuses the connection is skipped
 * (as a health-checking balancer would), so stopping an instance leaves the others serving.
 */
export class RoundRobinBalancer {
  /** Requests each target answered, by index. */
  readonly hits: number[];
  #next = 0;

  private constructor(
    readonly url: string,
    private readonly server: Server,
    private readonly targets: string[],
  ) {
    this.hits = targets.map(() => 0);
  }

  static async start(targets: string[]): Promise<RoundRobinBalancer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const balancer = new RoundRobinBalancer(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, targets);
    server.on('request', (req, res) => {
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      req.on('end', () => balancer.#forward(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(body), res, 0));
    });
    return balancer;
  }

  #forward(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    body: Buffer,
    res: ServerResponse,
    attempt: number,
  ): void {
    if (attempt >= this.targets.length) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no instance available');
      return;
    }
    const index = this.#next++ % this.targets.length;
    const target = new URL(this.targets[index]!);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: {
          ...headers,
          host: new URL(this.url).host,
          'x-forwarded-for': '127.0.0.1',
          'x-forwarded-proto': 'http',
          'x-forwarded-host': new URL(this.url).host,
        },
      },
      (answer) => {
        this.hits[index]!++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' && !res.headersSent) this.#forward(method, path, headers, body, res, attempt + 1);
      else if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    upstream.end(body);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
