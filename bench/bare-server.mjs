/**
 * The baseline: the least an HTTP server can do with an envelope (read the whole body, answer 200 `{}`).
 * Run as its own process, like Faultline, so both pay the same kernel and event-loop costs and the
 * ratio between them is Faultline's own work. Prints `listening <port>` once ready; SIGTERM stops it.
 */
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
    res.end('{}');
  });
});
// Same keep-alive as Faultline's HTTP server, so connection reuse is comparable.
server.keepAliveTimeout = 65_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
