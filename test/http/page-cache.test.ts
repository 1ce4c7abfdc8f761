import t from 'tap';
import { PageCache } from '../../src/http/page-cache.js';

const page = (bytes: number, fill = 'x') => Buffer.alloc(bytes, fill);

t.test('keeps pages within its byte budget, least recently used out first', async (t) => {
  const cache = new PageCache(300);
  cache.set('a', page(100, 'a'));
  cache.set('b', page(100, 'b'));
  cache.set('c', page(100, 'c'));
  t.equal(cache.get('a')?.toString()[0], 'a', 'a is now the most recently used');
  cache.set('d', page(100, 'd'));
  t.equal(cache.get('b'), undefined, 'b was the least recently used');
  t.same([cache.size, cache.bytes], [3, 300]);
  t.ok(cache.get('a') && cache.get('c') && cache.get('d'));
});

t.test('replacing a key counts its bytes once', async (t) => {
  const cache = new PageCache(300);
  cache.set('a', page(100));
  cache.set('a', page(150));
  t.same([cache.size, cache.bytes], [1, 150]);
});

t.test('a page larger than the budget is not kept, and a budget of 0 keeps nothing', async (t) => {
  const cache = new PageCache(300);
  cache.set('big', page(301));
  t.equal(cache.get('big'), undefined);
  const none = new PageCache(0);
  none.set('a', page(1));
  t.same([none.size, none.bytes], [0, 0]);
});
