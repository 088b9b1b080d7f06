// A minimal Slack-like JSON server for the router benchmarks, run in its own process so it does
// not share the event loop with the client being measured. Prints its port; exits after 10 min
// or when its parent goes away.
import { createServer } from 'node:http';

const channels = JSON.stringify({ ok: true, channels: [{ id: 'C0001', name: 'general', is_private: false, num_members: 3 }], response_metadata: { next_cursor: '' } });
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (!req.headers.authorization?.startsWith('Bearer ')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":false,"error":"not_authed"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(channels);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
setTimeout(() => process.exit(0), 10 * 60_000).unref();
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
