// A tiny API on node:http, standing in for yours: a list with its total in
// X-Total-Count, which the shop's frontend on https://shop.example reads.
import http from 'node:http';

const FRONTEND = 'https://shop.example';
const ITEMS = [{ id: 1, name: 'Teapot' }, { id: 2, name: 'Kettle' }];

export function createApp() {
  return http.createServer((req, res) => {
    res.setHeader('Vary', 'Origin');
    if (req.headers.origin === FRONTEND) {
      res.setHeader('Access-Control-Allow-Origin', FRONTEND);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', 'X-Total-Count');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET');
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && req.url.startsWith('/api/items')) {
      res.setHeader('X-Total-Count', String(ITEMS.length));
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(ITEMS));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail":"Not Found"}');
  });
}
