import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log';

/**
 * The Node HTTP server around the app: time limits for slow clients, a JSON answer in the usual
 * error shape for requests Node cannot even parse (broken HTTP, headers too large, odd methods,
 * CONNECT), and a graceful stop that lets the requests in flight finish.
 */

/** A whole request (headers and body) must arrive within these; answers may take longer. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
/** Idle keep-alive connections: above a load balancer's idle timeout (KEEP_ALIVE_TIMEOUT_MS). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

type RawAnswer = readonly [status: number, reason: string, error: string, message: string];

const BAD_REQUEST: RawAnswer = [400, 'Bad Request', 'invalid_request', 'La requête HTTP est mal formée.'];
const HEADERS_TOO_LARGE: RawAnswer = [431, 'Request Header Fields Too Large', 'headers_too_large', 'L’adresse ou les en-têtes de la requête sont trop longs.'];
const TIMEOUT: RawAnswer = [408, 'Request Timeout', 'request_timeout', 'La requête est arrivée trop lentement.'];
const NOT_ALLOWED: RawAnswer = [405, 'Method Not Allowed', 'method_not_allowed', 'Cette méthode HTTP n’est pas acceptée.'];

/** The whole HTTP answer, written straight to the socket (Express never saw this request). */
function raw([status, reason, error, message]: RawAnswer, requestId: string): string {
  const body = JSON.stringify({ error, message });
  return (
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`
  );
}

export function hardenServer(server: Server, logger: Logger, options: { keepAliveTimeoutMs?: number } = {}): void {
  // A load balancer keeps idle connections to the instances and reuses them; if the backend closed
  // one first (Node's default: after 5 s), a request sent on it at that moment gets a 502. So the
  // backend waits longer than the balancer (most close theirs after 60 s).
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? KEEP_ALIVE_TIMEOUT_MS;
  // headersTimeout stays short (slow-loris guard) below keepAliveTimeout: since Node 18 it counts
  // from a request's first byte, not from the connection's idle time, so it does not cut idle
  // keep-alive connections (the old "headersTimeout > keepAliveTimeout" advice was for Node ≤ 16;
  // test/integration/hardening/http-hardening.test.ts checks it).
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  // A client may close its sending side once its request is sent (RFC 9112 §9.6). By default Node
  // then drops the connection, and with it any answer not written yet; keep it open until the
  // answer is sent (Node ends the connection right after it).
  // (http.Server has the property since Node 0.x; @types/node does not declare it.)
  (server as Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;

  // The answer under way on each connection: a raw error answer must never land in its middle.
  const current = new WeakMap<Socket, ServerResponse>();
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    current.set(socket, res);
    res.once('close', () => {
      if (current.get(socket) === res) current.delete(socket);
    });
  });

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const code = typeof err.code === 'string' ? err.code : 'unknown';
    const reqId = randomUUID();
    logger.debug({ event: 'client_error', reqId, reason: code }, 'unparseable request');
    // Answer on a fresh connection, on a kept-alive one between two answers, and for a request
    // whose body broke before its answer began; never once an answer has started on it (a broken
    // request pipelined behind one being answered).
    if (code === 'ECONNRESET' || !socket.writable || current.get(socket as Socket)?.headersSent) {
      socket.destroy();
      return;
    }
    const answer = code === 'HPE_HEADER_OVERFLOW' ? HEADERS_TOO_LARGE : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? TIMEOUT : BAD_REQUEST;
    socket.end(raw(answer, reqId));
  });

  // Without a listener, Node drops a CONNECT request's connection without a word.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    const reqId = randomUUID();
    logger.debug({ event: 'connect_refused', reqId }, 'CONNECT refused');
    socket.on('error', () => {});
    socket.end(raw(NOT_ALLOWED, reqId));
  });
}

/**
 * Tracks the requests in flight so that a stop can let them finish: `drain` stops accepting
 * connections, closes the idle ones, answers the requests in flight with `Connection: close`,
 * and cuts whatever is left after `timeoutMs`.
 */
export function drainable(server: Server): { drain(timeoutMs: number): Promise<'drained' | 'cut'> } {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  return {
    drain(timeoutMs) {
      draining = true;
      return new Promise((resolve) => {
        let outcome: 'drained' | 'cut' = 'drained';
        const cut = setTimeout(() => {
          outcome = 'cut';
          server.closeAllConnections();
        }, timeoutMs);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          resolve(outcome);
        });
        for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
        server.closeIdleConnections();
      });
    },
  };
}
