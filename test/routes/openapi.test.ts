import type { FastifySchema } from 'fastify';
import t from 'tap';
import { assertAllDeclared, buildTestApp, injectJson } from '../helpers/app.js';

type Operation = {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }>;
};

t.test('/openapi.json gives every operation a response schema for each status it can answer', async (t) => {
  const { app } = await buildTestApp(t);
  const { body: doc } = await injectJson<{ paths: Record<string, Record<string, Operation>> }>(app, { url: '/openapi.json' });
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );
  t.ok(operations.length >= 18, `${operations.length} operations`);
  for (const { name, op } of operations) {
    const statuses = Object.keys(op.responses);
    t.ok(
      statuses.some((s) => /^[23]\d\d$/.test(s)),
      `${name}: a success status`,
    );
    t.ok(statuses.includes('500'), `${name}: 500`);
    if (op.security) t.ok(statuses.includes('401'), `${name}: 401, since it needs a token`);
    const validated = (op.parameters ?? []).filter((p) => (p as { name: string }).name !== '*');
    // A share link's token is not validated: any malformed one is a 404, like an unknown one.
    if ((validated.length > 0 || op.requestBody) && !name.startsWith('GET /s/{token}'))
      t.ok(statuses.includes('400'), `${name}: 400, since it validates input`);
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) >= 400 && !(name === 'GET /readyz' && status === '503')) {
        const schema = response.content?.['application/json']?.schema;
        // A duplicate upload's envelope also names the photo the user already has.
        const envelope = name === 'POST /photos' && status === '409' ? 'DuplicatePhoto' : 'Error';
        t.same(schema, { $ref: `#/components/schemas/${envelope}` }, `${name} ${status}: the error envelope`);
      }
    }
  }
});

t.test('a status a route does not declare is caught by the test app', async (t) => {
  const { app, undeclared } = await buildTestApp(t, {}, (app) => {
    const schema: FastifySchema = { response: { 200: { type: 'string' } } };
    app.get('/teapot', { schema }, async (_request, reply) => reply.status(418).send('short and stout'));
  });
  t.equal((await app.inject({ url: '/teapot' })).statusCode, 418);
  t.same(undeclared, ['GET /teapot → 418'], 'recorded');
  t.throws(
    () => {
      assertAllDeclared(undeclared);
    },
    /GET \/teapot → 418/,
    'and the teardown that checks the record fails the test',
  );
  undeclared.length = 0;
  await app.inject({ method: 'OPTIONS', url: '/photos' });
  t.same(undeclared, [], 'a request no route matched is not held against a route');
});
