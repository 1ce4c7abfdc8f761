import { htmlPage } from './html-page.js';

/** What a browser gets for a path nothing answers: a page saying so, with the way home (API clients get JSON). */
export const notFoundPage = () =>
  htmlPage({
    title: 'Page not found · photoshare',
    layout: 'message',
    body: '<h1>Page not found</h1><p>There is nothing at this address. It may have been mistyped, or the page has moved.</p><p><a class="button" href="/">Go to photoshare</a></p>',
  });
