// The servers the browser part talks to, all on loopback: `vite preview` of
// DIST_DIR (COOP/COEP from vite.config.ts) and a tiny image host on another port,
// i.e. another origin, that answers with CORS + CORP as a real image CDN must
// for a cross-origin isolated page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preview } from 'vite';
import { DIST_DIR } from './config';

export interface Running {
  url: string;
  close(): Promise<void>;
}

export async function startPreview(): Promise<Running> {
  const server = await preview({
    logLevel: 'warn',
    build: { outDir: DIST_DIR },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | null;
  if (!address) throw new Error('vite preview did not start');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}

/** Serves `images[k]` at /img/k.jpg (any query string), counting requests. */
export async function startImageHost(
  images: Buffer[],
): Promise<Running & { requests: () => number }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    const match = /^\/img\/(\d+)\.jpg(\?.*)?$/.exec(req.url ?? '');
    const body = match ? images[Number(match[1])] : undefined;
    const headers = {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    };
    if (!body) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': 'image/jpeg', 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
