import path from 'node:path';
import t from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { Client } from '../helpers/client.js';
import { startTestService } from '../helpers/service.js';

t.test('/openapi.json describes the API from the schemas the routes validate with', async (t) => {
  const svc = await startTestService(t);
  const res = await fetch(`${svc.url}/openapi.json`);
  t.equal(res.status, 200);
  const doc = (await res.json()) as any;
  t.match(doc, { openapi: /^3\./, info: { title: 'photoshare' }, servers: [{ url: svc.url }] });
  for (const route of [
    '/auth/signup',
    '/auth/login',
    '/photos',
    '/photos/{photoId}',
    '/photos/{photoId}/original',
    '/photos/{photoId}/share',
    '/photos/{photoId}/shares',
    '/shares/{shareId}',
    '/s/{token}',
  ]) {
    t.ok(doc.paths[route], `${route} is described`);
  }
  t.same(Object.keys(doc.paths['/photos']).sort(), ['get', 'post']);
  t.match(doc.paths['/photos'].get.parameters, [
    { name: 'limit', in: 'query', schema: { maximum: 200 } },
    { name: 'cursor' },
    { name: 'tag' },
  ]);
  t.match(doc.paths['/photos/{photoId}'].get.responses['200'].content['application/json'].schema, {
    $ref: '#/components/schemas/Photo',
  });
  t.match(doc.components.schemas.Photo.properties, {
    photoId: { type: 'string' },
    status: { enum: ['processing', 'ready', 'failed'] },
    urls: { type: ['object', 'null'] },
  });
  t.same(doc.components.securitySchemes.bearer, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });

  t.match(doc.components.securitySchemes.apiKey, { type: 'apiKey', in: 'header', name: 'x-api-key' });

  t.same(
    doc.paths['/photos'].get.security,
    [{ bearer: [] }, { apiKey: ['photos:read'] }],
    'routes behind a token or a key say so, with the scope a key needs',
  );
  t.same(doc.paths['/shares/{shareId}'].delete.security, [{ bearer: [] }, { apiKey: ['shares:write'] }]);
  t.same(doc.paths['/api-keys'].get.security, [{ bearer: [] }], 'managing keys takes a token');
  t.ok(doc.paths['/photos'].get.responses['429'], 'a throttled route can answer 429');
  t.notOk(doc.paths['/healthz'].get.responses['429'], 'the health check is never throttled');
  t.equal(doc.paths['/s/{token}'].get.security, undefined, 'a share link is public');
  t.equal(doc.paths['/auth/login'].post.security, undefined, 'so is signing in');
  t.notOk(doc.paths['/openapi.json'], 'the document leaves itself out');

  // What the document says is what the route enforces.
  const anonymous = new Client(svc.url);
  t.equal((await anonymous.request('GET', '/photos')).status, 401);
  t.equal(
    (await anonymous.request('GET', '/photos?limit=500', undefined, { authorization: 'Bearer x' })).status,
    401,
    'the token is checked first',
  );
  await anonymous.signUpAndLogin('doc@example.com');
  t.equal((await anonymous.request('GET', '/photos?limit=500')).status, 400, 'limit above the documented maximum');
});

t.test('/docs shows the operations in a real browser, under its own CSP', async (t) => {
  const svc = await startTestService(t);
  const browser = await launchBrowser(t);
  const page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  const res = await page.goto(`${svc.url}/docs`);
  t.equal(res?.status(), 200);
  t.match(res?.headers()['content-security-policy'], /script-src 'self'/);
  await page.getByText('/photos/{photoId}/share', { exact: true }).first().waitFor({ timeout: 15_000 });
  t.ok(await page.getByText('/s/{token}', { exact: true }).first().isVisible(), 'the public share route is listed');
  await page.screenshot({ path: path.join(import.meta.dirname, '..', '..', 'test-artifacts', 'api-docs.png') });
  t.same(violations, [], 'nothing refused by the page CSP');
});
