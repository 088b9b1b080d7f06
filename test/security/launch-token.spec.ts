// Attack 2: the browser transport's launch token must not travel to other servers on 127.0.0.1
// (cookies ignore ports), and two `switchboard serve` launches work side by side.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { startServe, type Served } from '../e2e/serve-fixture.js';

let one: Served;
let two: Served;
let other: { url: string; seen: { url: string; headers: IncomingHttpHeaders }[]; close: () => Promise<void> };

test.beforeAll(async () => {
  [one, two] = await Promise.all([startServe(), startServe()]);
  // Another local server, of anyone on this machine: it records what the browser sends it.
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><p>elsewhere</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  setTimeout(() => server.close(), 120_000).unref();
  other = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
});
test.afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await other?.close();
});

test('the launch token reaches no other local server, and two launches work side by side', async ({ page, context }) => {
  const token = (s: Served) => /#token=([\w-]+)$/.exec(s.url)![1]!;
  await page.goto(one.url);
  await expect(page.getByLabel('Profile name')).toBeVisible();
  // The token left the address bar, and no cookie was set.
  expect(page.url()).not.toContain(token(one));
  expect(await context.cookies()).toEqual([]);

  // The browser goes to another local server (any port): it receives no cookie and no token.
  await page.goto(other.url);
  await page.goto(`${other.url}fetch`);
  expect(other.seen.length).toBeGreaterThan(0);
  for (const request of other.seen) {
    expect(request.headers.cookie).toBeUndefined();
    expect(JSON.stringify(request)).not.toContain(token(one));
  }

  // A second launch, in another tab of the same browser: both keep working.
  const second = await context.newPage();
  await second.goto(two.url);
  await expect(second.getByLabel('Profile name')).toBeVisible();
  await page.goto(one.url.replace(/#.*$/, '')); // back to the first, without the token in the address
  await expect(page.getByLabel('Profile name')).toBeVisible();
  expect(await context.cookies()).toEqual([]);
});
