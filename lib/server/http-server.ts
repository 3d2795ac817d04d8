/**
 * The HTTP server `npm start` and `npm run dev` run: Next.js as a custom
 * server (next({ dev, dir, hostname, port }) and its request handler), with
 * thumbnail requests answered first by ./thumb-handler. Every other request,
 * pages and static files included, goes to Next, where proxy.ts guards it.
 */
import { createServer, type Server } from 'node:http';
import next from 'next';
import { serverContext } from './process-context';
import { createThumbHandler } from './thumb-handler';

export interface ServeOptions {
  dev: boolean;
  /** The project directory holding app/ and the .next build. */
  dir: string;
  host: string;
  port: number;
}

/** Listening on host:port once Next is prepared; rejects when it cannot listen (port taken, say). */
export async function serve({ dev, dir, host, port }: ServeOptions): Promise<Server> {
  const server = createServer();
  // A curation session's clicks come seconds apart: keep the browser's connections open between
  // them rather than Node's 5 s, after which a client reusing one meets a closed socket.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  const app = next({ dev, dir, hostname: host, port, httpServer: server });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const handleThumb = createThumbHandler(serverContext);
  server.on('request', (request, response) => {
    if (handleThumb(request, response)) return;
    handleNext(request, response).catch((error: unknown) => {
      console.error('[stillroom] Next.js request handler failed:', error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
      response.end('Internal server error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // HOST may be a bracketed IPv6 literal, as in a URL; listen() wants the bare address.
    server.listen(port, host.replace(/^\[(.*)\]$/, '$1'), () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
