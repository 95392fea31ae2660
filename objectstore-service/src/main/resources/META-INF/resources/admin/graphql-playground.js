// GraphQL playground (6.1): GraphiQL (tabs, prettify, schema explorer) over /objectstore/api/graphql with
// the admin session cookie; the custom header is what the admin API asks of cookie-authenticated POSTs.
'use strict';

(async () => {
  const status = await fetch('../api/v1/status', { credentials: 'same-origin' });
  if (status.status === 401) {
    document.getElementById('playground-login').hidden = false;
    return;
  }
  const fetcher = GraphiQL.createFetcher({ url: '../api/graphql', headers: { 'X-Objectstore-Admin': '1' } });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  // ?query=… opens a shared query in a tab of its own
  const shared = new URLSearchParams(location.search).get('query');
  root.render(React.createElement(GraphiQL, {
    fetcher,
    query: shared || undefined,
    defaultEditorToolsVisibility: true,
    defaultQuery: '# One query field per sync type (lower-case), e.g.:\n# { note(first: 10) { id title } }\n'
  }));
})();
