import Fastify from 'fastify';
import fs from 'node:fs';

// The reference for the listing: Fastify answering the same JSON page, read once.
const body = fs.readFileSync(process.argv[2]!, 'utf8');
const app = Fastify({ logger: false });
app.get('/photos', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening on ${url}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
