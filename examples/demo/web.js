// Demo target: a small HTTP server on loopback.
import { createServer } from 'node:http';
const port = Number(process.env.PORT ?? 18080);
createServer((req, res) => res.end(`psv demo web, pid ${process.pid}\n`)).listen(port, '127.0.0.1', () =>
  console.log(`web ${process.pid}: listening on http://127.0.0.1:${port}/`),
);
