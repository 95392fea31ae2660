// objectstore admin UI: a small front end over the admin API (/objectstore/api/v1). Every value from
// the server is put into the page as text (textContent, never HTML), so object values, type names
// and filters cannot inject markup or script.
'use strict';

const API = '../api/v1';
const state = { tab: 'status', data: { type: null, offset: 0, limit: 20, filters: [], page: null },
  history: { before: null, stack: [] }, events: { limit: 20, before: null, after: null }, charts: {}, statsTimer: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.substring(2), v);
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function message(text, isError) {
  const m = document.getElementById('message');
  m.textContent = text || '';
  m.className = isError ? 'error' : '';
}

async function api(method, path, body) {
  const opts = { method, credentials: 'same-origin', headers: { 'X-Objectstore-Admin': '1' } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const r = await fetch(path.startsWith('..') ? path : API + path, opts);
  if (r.status === 401) { showLogin(); throw new Error('please log in'); }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = text; }
  if (!r.ok) throw new Error((json && json.message) || ('HTTP ' + r.status));
  return json;
}

function table(headers, rows, rowClass) {
  return el('table', {},
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { text: h })))),
    el('tbody', {}, rows.map((cells, i) => el('tr', { class: rowClass ? rowClass(i) : null },
      cells.map(c => el('td', {}, c instanceof Node ? c : (c === null || c === undefined ? '' : String(c))))))));
}

function download(name, data) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

// ------------------------------------------------------------------ login and navigation

function showLogin() {
  document.getElementById('nav').hidden = true;
  document.querySelectorAll('.tab').forEach(t => { t.hidden = true; });
  document.getElementById('login').hidden = false;
}

async function login(ev) {
  ev.preventDefault();
  const r = await fetch('../api/v2/sessions', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: document.getElementById('login-user').value,
      password: document.getElementById('login-password').value }) });
  if (!r.ok) { document.getElementById('login-error').textContent = 'Wrong user name or password'; return; }
  document.getElementById('login-error').textContent = '';
  document.getElementById('login-password').value = '';
  start();
}

async function logout() {
  await fetch('../api/v2/sessions', { method: 'DELETE', credentials: 'same-origin' });
  showLogin();
}

function start() {
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  show(state.tab);
}

function show(tab) {
  state.tab = tab;
  if (state.statsTimer) { clearInterval(state.statsTimer); state.statsTimer = null; }
  document.querySelectorAll('nav button[data-tab]').forEach(b => b.classList.toggle('active', b.dataset.tab === tab));
  document.querySelectorAll('.tab').forEach(t => { t.hidden = t.id !== 'tab-' + tab; });
  message('');
  const render = { status: renderStatus, data: renderData, schema: renderSchema, stats: renderStats,
    history: renderHistory, cluster: renderCluster, events: renderEvents, users: renderUsers }[tab];
  render(document.getElementById('tab-' + tab)).catch(e => message(e.message, true));
}

// ------------------------------------------------------------------ status

async function renderStatus(root) {
  const s = await api('GET', '/status');
  const levels = ['all', 'trace', 'verbose', 'debug', 'info', 'warn', 'error', 'none'];
  const select = el('select', { id: 'log-level' }, levels.map(l => el('option', { value: l, selected: l === s.logLevel }, l)));
  const rows = [
    ['Server version', s.version], ['Protocol', 'OSP/' + s.protocol.min + '–' + s.protocol.max],
    ['Features', s.features.join(', ')], ['Auth methods', s.authMethods.join(', ')],
    ['Uptime', s.uptimeSeconds + ' s'], ['Database size', s.dbSizeBytes + ' bytes'],
    ['Free disk', s.diskFreeBytes + ' bytes'], ['Process memory (RSS)', s.rssBytes + ' bytes'],
    ['CPUs', s.cpus], ['Load average', s.loadAverage], ['Connected clients', s.connectedClients],
    ['Network interfaces', s.interfaces.map(i => i.name + ': ' + i.addresses.join(' ')).join('; ')]];
  const counts = el('div', { id: 'counts' });
  root.replaceChildren(el('h2', { text: 'Status' }), table(['', ''], rows),
    el('div', { class: 'toolbar' }, el('label', { for: 'log-level', text: 'Log level' }), select,
      el('button', { id: 'log-level-apply', onclick: async () => {
        const r = await api('PUT', '/log-level', { level: select.value });
        message('Log level is now ' + r.level);
      } }, 'Apply'),
      el('button', { id: 'debug-toggle', onclick: async () => {
        const r = await api('PUT', '/log-level', { level: select.value === 'debug' ? 'info' : 'debug' });
        select.value = r.level;
        message('Log level is now ' + r.level);
      } }, 'Toggle debug logging')),
    el('div', { class: 'toolbar' },
      el('button', { id: 'counts-button', onclick: async () => {
        const c = await api('GET', '/types/counts');
        counts.replaceChildren(table(['Type', 'Objects', 'Bytes'],
          c.types.map(t => [t.type, t.objects, t.bytes]).concat([['Total', c.total.objects, c.total.bytes]])));
      } }, 'Counts and sizes'),
      el('a', { href: API + '/threads', download: 'threads.txt' }, 'Thread dump')),
    counts);
}

// ------------------------------------------------------------------ data browser

const OPERATORS = ['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'endsWith'];
const IMAGE_MAGIC = [['89504e47', 'image/png'], ['47494638', 'image/gif'], ['ffd8ff', 'image/jpeg'], ['52494646', 'image/webp']];

function renderValue(v) {
  if (Array.isArray(v)) {
    if (v.length <= 16) return JSON.stringify(v);
    const span = el('span', {}, JSON.stringify(v.slice(0, 16)).replace(/]$/, ', …]') + ' ');
    span.append(el('button', { class: 'show-all', onclick: () => span.replaceChildren(JSON.stringify(v)) }, 'show all (' + v.length + ')'));
    return span;
  }
  if (typeof v === 'string' && v.length > 16 && /^[A-Za-z0-9+/]+=*$/.test(v)) {
    try {
      const bytes = atob(v.substring(0, 24));
      const hex = Array.from(bytes).map(c => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
      const kind = IMAGE_MAGIC.find(([m]) => hex.startsWith(m));
      const svg = atob(v).trimStart().startsWith('<svg');
      if (kind || svg) return el('img', { class: 'value', alt: 'image', src: 'data:' + (kind ? kind[1] : 'image/svg+xml') + ';base64,' + v });
    } catch (e) { /* not base64 after all */ }
  }
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

async function renderData(root) {
  const types = await api('GET', '/types');
  if (!state.data.type && types.length) state.data.type = types[0].name;
  const type = types.find(t => t.name === state.data.type) || types[0];
  const props = type ? type.properties.filter(p => !(p.flags & 1)) : [];
  const typeSelect = el('select', { id: 'data-type', onchange: () => {
    state.data = Object.assign(state.data, { type: typeSelect.value, offset: 0, filters: [] });
    renderData(root).catch(e => message(e.message, true));
  } }, types.map(t => el('option', { value: t.name, selected: type && t.name === type.name }, t.name)));
  const propSelect = el('select', { id: 'filter-property' }, props.map(p => el('option', { value: p.name }, p.name)));
  const opSelect = el('select', { id: 'filter-operator' }, OPERATORS.map(o => el('option', { value: o }, o)));
  const valueInput = el('input', { id: 'filter-value', placeholder: 'value' });
  const filters = el('span', { id: 'filters' }, state.data.filters.map((f, i) =>
    el('button', { class: 'filter', title: 'remove', onclick: () => { state.data.filters.splice(i, 1); state.data.offset = 0; renderData(root); } }, f + ' ✕')));
  const body = el('div', { id: 'data-objects' });
  root.replaceChildren(el('h2', { text: 'Data' }),
    el('div', { class: 'toolbar' }, el('label', { for: 'data-type', text: 'Type' }), typeSelect,
      el('label', { for: 'data-limit', text: 'Page size' }),
      el('select', { id: 'data-limit', onchange: e => { state.data.limit = +e.target.value; state.data.offset = 0; loadObjects(body, type); } },
        [10, 20, 50, 100].map(n => el('option', { value: n, selected: n === state.data.limit }, n)))),
    el('div', { class: 'toolbar' }, 'Filter', propSelect, opSelect, valueInput,
      el('button', { id: 'filter-add', onclick: () => {
        state.data.filters.push(propSelect.value + ':' + opSelect.value + ':' + valueInput.value);
        state.data.offset = 0;
        renderData(root);
      } }, 'Add filter'), filters),
    body);
  if (type) await loadObjects(body, type);
}

function filterQuery() {
  return state.data.filters.map(f => '&filter=' + encodeURIComponent(f)).join('');
}

async function loadObjects(body, type) {
  const d = state.data;
  const page = await api('GET', '/types/' + encodeURIComponent(type.name) + '/objects?offset=' + d.offset + '&limit=' + d.limit + filterQuery());
  d.page = page;
  const names = type.properties.filter(p => !(p.flags & 1)).map(p => p.name);
  const last = Math.min(d.offset + page.objects.length, page.total);
  body.replaceChildren(
    el('div', { class: 'toolbar' },
      el('button', { id: 'data-prev', disabled: d.offset === 0, onclick: () => { d.offset = Math.max(0, d.offset - d.limit); loadObjects(body, type); } }, '◀ Previous'),
      el('span', { id: 'data-range', text: (page.total ? d.offset + 1 : 0) + '–' + last + ' of ' + page.total }),
      el('button', { id: 'data-next', disabled: last >= page.total, onclick: () => { d.offset += d.limit; loadObjects(body, type); } }, 'Next ▶'),
      el('button', { id: 'data-refresh', onclick: () => loadObjects(body, type) }, 'Refresh'),
      el('button', { id: 'data-download-shown', onclick: () => download(type.name + '-page.json', page.objects) }, 'Download shown (JSON)'),
      el('a', { id: 'data-download-all', href: API + '/types/' + encodeURIComponent(type.name) + '/export?' + filterQuery().substring(1), download: type.name + '.json' }, 'Download whole type (JSON)')),
    table(['id'].concat(names), page.objects.map(o => [o.id].concat(names.map(n => renderValue(o.properties[n]))))));
}

// ------------------------------------------------------------------ schema

async function renderSchema(root) {
  const [versions, hashes, types] = await Promise.all([api('GET', '/schema/versions'), api('GET', '/schema/client-hashes'), api('GET', '/schema/types')]);
  const file = el('input', { id: 'schema-file', type: 'file', accept: '.json,application/json' });
  const text = el('textarea', { id: 'schema-text', rows: 4, cols: 60, placeholder: 'or paste objectbox-model.json here' });
  root.replaceChildren(el('h2', { text: 'Schema versions' }),
    table(['ID', 'Current', 'Clients allowed', 'Clients', 'Created', 'Size', 'Base hash', 'Full hash', ''],
      versions.map(v => [v.versionId, v.current ? 'current' : '',
        el('input', { type: 'checkbox', class: 'clients-allowed', 'data-version': v.versionId, checked: v.clientsAllowed, onchange: async e => {
          await api('PATCH', '/schema/versions/' + v.versionId, { clientsAllowed: e.target.checked });
          message('Version ' + v.versionId + (e.target.checked ? ' allows' : ' refuses') + ' clients');
        } }),
        v.connectedClients, (v.createdAt || '').replace('T', ' ').substring(0, 19), v.modelSizeBytes + ' B', v.baseHash, v.fullHash,
        el('span', {},
          el('a', { href: API + '/schema/versions/' + v.versionId + '/model', download: 'objectbox-model-v' + v.versionId + '.json' }, 'JSON'), ' ',
          v.current ? '' : el('button', { class: 'make-current', 'data-version': v.versionId, onclick: async () => {
            const r = await api('POST', '/schema/current', { versionId: v.versionId });
            message('Switched to version ' + r.versionId + '; ' + r.disconnectedClients + ' clients reconnect');
            renderSchema(root);
          } }, 'Make current'))]),
      i => versions[i].current ? 'current' : null),
    el('h3', { text: 'Upload a new version (inactive until made current)' }),
    el('div', { class: 'toolbar' }, file, text, el('button', { id: 'schema-upload', onclick: async () => {
      const body = file.files.length ? await file.files[0].text() : text.value;
      const r = await api('POST', '/schema/versions', body);
      message('Uploaded as version ' + r.versionId);
      renderSchema(root);
    } }, 'Upload')),
    el('h3', { text: 'Client schema' }),
    table(['Base hash', 'Full hash', 'Version', 'Logins'], hashes.map(h => [h.baseHash, h.fullHash, h.version, h.logins])),
    el('h3', { text: 'Types (current version)' }),
    ...types.map(t => el('details', {}, el('summary', {}, t.name + (t.sync ? ' (sync)' : ' (local)') + ' ' + t.id
        + (t.externalName ? ' → ' + t.externalName : '')),
      table(['Property', 'ID', 'Type', 'Flags', 'Index', 'External name', 'External type'], t.properties.map(p => [p.name, p.id, p.typeText,
        p.flagsText, p.indexId || '', p.externalName || '', p.externalTypeText ? p.externalTypeText + ' (' + p.externalType + ')' : ''])),
      t.relations.length ? table(['Relation', 'ID', 'Target', 'External name', 'External type'], t.relations.map(r => [r.name, r.id, r.targetId,
        r.externalName || '', r.externalTypeText ? r.externalTypeText + ' (' + r.externalType + ')' : ''])) : '')),
    el('h3', { text: 'Type dependencies' }),
    el('div', { class: 'toolbar' }, el('button', { id: 'diagram-dependencies-download', onclick: () => saveDiagram('dependencies') }, 'Download (SVG)')),
    el('div', { id: 'diagram-dependencies', class: 'diagram' }),
    el('h3', { text: 'Class diagram' }),
    el('div', { class: 'toolbar' }, el('button', { id: 'diagram-classes-download', onclick: () => saveDiagram('classes') }, 'Download (SVG)')),
    el('div', { id: 'diagram-classes', class: 'diagram tall' }));
  drawDiagrams(types);
}

// Both diagrams are ECharts graph series drawn as SVG (text nodes, never markup), so type names stay text.
// Edges: a to-one relation property points from its type to the target; a many-to-many relation is dashed.
function schemaEdges(types) {
  const byId = new Map(types.map(t => [t.id, t.name]));
  const edges = [];
  for (const t of types) {
    for (const p of t.properties) if (p.relationTarget) edges.push({ source: t.name, target: p.relationTarget, name: p.name, toMany: false });
    for (const r of t.relations) if (byId.has(r.targetId)) edges.push({ source: t.name, target: byId.get(r.targetId), name: r.name, toMany: true });
  }
  return edges.filter(e => types.some(t => t.name === e.target));
}

function edgeSeries(edges) {
  return edges.map(e => ({ source: e.source, target: e.target, value: e.name,
    label: { show: true, formatter: e.name + (e.toMany ? ' (n:m)' : ''), fontSize: 11 },
    lineStyle: { type: e.toMany ? 'dashed' : 'solid', curveness: e.source === e.target ? 0.6 : 0.15 } }));
}

function drawDiagrams(types) {
  const edges = schemaEdges(types);
  for (const id of ['dependencies', 'classes']) {
    const old = state.charts['diagram-' + id];
    if (old) old.dispose();
  }
  const deps = echarts.init(document.getElementById('diagram-dependencies'), null, { renderer: 'svg' });
  deps.setOption({ animation: false, series: [{ type: 'graph', layout: 'circular', roam: true, symbolSize: 56,
    edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9, label: { show: true, fontSize: 12 },
    itemStyle: { color: '#6ea8fe' },
    data: types.map(t => ({ name: t.name, itemStyle: { color: t.sync ? '#6ea8fe' : '#c3c8d1' } })),
    links: edgeSeries(edges) }] });
  state.charts['diagram-dependencies'] = deps;
  const classes = echarts.init(document.getElementById('diagram-classes'), null, { renderer: 'svg' });
  const columns = Math.max(1, Math.ceil(Math.sqrt(types.length)));
  classes.setOption({ animation: false, series: [{ type: 'graph', layout: 'none', roam: true,
    left: 170, right: 170, top: 130, bottom: 130,
    edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9,
    data: types.map((t, i) => {
      const lines = [t.name + (t.sync ? '  «sync»' : '  «local»'), '―――――']
        .concat(t.properties.map(p => p.name + ': ' + p.typeText + (p.flagsText ? ' [' + p.flagsText + ']' : '')))
        .concat(t.relations.map(r => r.name + ': ToMany'));
      const width = 12 + 7 * Math.max(...lines.map(l => l.length));
      return { name: t.name, x: (i % columns) * 360, y: Math.floor(i / columns) * 260, symbol: 'rect',
        symbolSize: [width, 16 * lines.length + 12], itemStyle: { color: '#fff', borderColor: '#1d2330', borderWidth: 1 },
        label: { show: true, formatter: lines.join('\n'), color: '#1d2330', fontSize: 11, fontFamily: 'monospace', lineHeight: 16 } };
    }),
    links: edgeSeries(edges) }] });
  state.charts['diagram-classes'] = classes;
}

function saveDiagram(id) {
  const chart = state.charts['diagram-' + id];
  if (!chart) return;
  const a = el('a', { href: chart.getDataURL({ type: 'svg', backgroundColor: '#fff' }), download: 'objectstore-' + id + '.svg' });
  document.body.append(a);
  a.click();
  a.remove();
}

// ------------------------------------------------------------------ statistics

const CHARTS = [
  ['connects', 'Connects per second', ['obx_connects']],
  ['clients', 'Connected clients', ['obx_connected_clients'], true],
  ['logins', 'Logins per second', ['obx_login_successes', 'obx_client_failures{type="login"}', 'obx_client_failures{type="login_user_bad_credentials"}']],
  ['messages', 'Messages per second', ['obx_messages{type="recv"}', 'obx_messages{type="sent"}']],
  ['bytes', 'Bytes per second', ['obx_message_bytes{type="recv"}', 'obx_message_bytes{type="sent"}']],
  ['txs', 'TXs applied per second', ['obx_txs_applied{from="client"}', 'obx_txs_applied{from="local"}', 'obx_client_tx_ops_applied']],
  ['sent', 'TXs sent per second', ['obx_txs_sent{type="historic"}', 'obx_txs_sent{type="historic_merged"}', 'obx_txs_sent{type="new"}']],
  ['errors', 'Errors per second', ['obx_errors{type="protocol"}', 'obx_errors{type="in_handler"}', 'obx_client_failures{type="heartbeat"}']],
  ['syncs', 'Full syncs, skipped duplicates, heartbeats received per second', ['obx_full_syncs', 'obx_skipped_tx_dups', 'obx_heartbeats_received']],
  ['commits', 'Database commits and apply tasks per second', ['obx_async_db_commits', 'obx_task_counts{type="completed"}', 'obx_task_counts{type="failed"}']],
  ['behind', 'Client TXs behind / history sequence', ['obx_client_txs_behind', 'obx_tx_history_sequence'], true]];

async function renderStats(root) {
  root.replaceChildren(el('h2', { text: 'Sync statistics (1-s samples)' }),
    ...CHARTS.map(([id, title]) => el('div', {}, el('h3', { text: title }), el('div', { id: 'chart-' + id, class: 'chart' }))));
  state.charts = {};
  await refreshStats();
  state.statsTimer = setInterval(() => refreshStats().catch(e => message(e.message, true)), 5000);
}

async function refreshStats() {
  const s = await api('GET', '/sync/stats?from=' + (Date.now() - 15 * 60000));
  for (const [id, , names, gauge] of CHARTS) {
    const dom = document.getElementById('chart-' + id);
    if (!dom) return;
    const chart = state.charts[id] || (state.charts[id] = echarts.init(dom));
    const series = names.map(n => {
      const values = s.series[n] || [];
      const data = values.map((v, i) => [s.timestamps[i], gauge ? v
        : (i === 0 ? 0 : Math.max(0, (v - values[i - 1]) / Math.max(0.001, (s.timestamps[i] - s.timestamps[i - 1]) / 1000)))]);
      return { name: n, type: 'line', showSymbol: false, data };
    });
    chart.setOption({ animation: false, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 50, right: 20, top: 30, bottom: 30 }, xAxis: { type: 'time' }, yAxis: { type: 'value' }, series });
  }
}

// ------------------------------------------------------------------ sync cluster

async function renderCluster(root) {
  const c = await api('GET', '/cluster');
  root.replaceChildren(el('h2', { text: 'Sync cluster' }),
    table(['', ''], [['Mode', 'replicas on one PostgreSQL database'], ['This replica', c.self], ['Own role', c.role],
      ['Leader', c.leader || 'none'], ['How', c.description]]),
    el('div', { class: 'toolbar' }, el('button', { id: 'cluster-refresh', onclick: () => renderCluster(root).catch(e => message(e.message, true)) }, 'Refresh')),
    el('h3', { text: 'Replicas' }),
    table(['Replica', 'State', 'Role', 'Host', 'HTTP port', 'Version', 'Connections', 'Logged-in clients', 'History head', 'Started', 'Last seen', 'Fixed'],
      c.replicas.map(r => [r.replicaId + (r.self ? ' (this one)' : ''),
        el('span', { class: r.alive ? 'alive' : 'gone', text: r.alive ? 'alive' : 'gone' }), r.role, r.host, r.httpPort, r.serverVersion,
        r.connectedClients, r.loggedInClients, r.historyHead, (r.startedAt || '').replace('T', ' ').substring(0, 19),
        (r.lastSeen || '').replace('T', ' ').substring(0, 19), r.fixedLeader ? 'leader' : (r.fixedFollower ? 'follower' : '')]),
      i => c.replicas[i].self ? 'current' : null),
    el('h3', { text: 'Peers' }),
    el('p', { text: 'Replicas meet in the database (its change feed and an advisory lock), not over peer links: no peers connect to us and we connect to none.' }));
}

// ------------------------------------------------------------------ history

async function renderHistory(root, query) {
  const h = state.history;
  const q = query || (h.before ? '?limit=20&before=' + h.before : '?limit=20');
  const page = await api('GET', '/sync/history' + q);
  const search = el('input', { id: 'history-search', placeholder: 'hseq or TX id' });
  const detail = el('pre', { id: 'history-detail' });
  const showEntry = async hseq => { detail.textContent = JSON.stringify(await api('GET', '/sync/history/' + hseq), null, 2); };
  root.replaceChildren(el('h2', { text: 'Sync history' }),
    el('p', { text: 'Newest hseq ' + page.head + ', oldest retained ' + page.oldestRetained }),
    el('div', { class: 'toolbar' }, search,
      el('button', { id: 'history-find', onclick: async () => {
        const v = search.value.trim();
        if (/^\d+$/.test(v)) { await showEntry(v); return; }
        renderHistory(root, '?txId=' + encodeURIComponent(v));
      } }, 'Find'),
      el('button', { id: 'history-newest', onclick: () => { h.before = null; h.stack = []; renderHistory(root); } }, 'Newest'),
      el('button', { id: 'history-older', disabled: page.entries.length < 20, onclick: () => {
        h.stack.push(h.before); h.before = page.entries[page.entries.length - 1].hseq; renderHistory(root);
      } }, 'Older ▶'),
      el('button', { id: 'history-oldest', onclick: () => renderHistory(root, '?oldest=true&limit=20') }, 'Oldest')),
    table(['hseq', 'TX id', 'Client', 'Origin', 'Recorded', 'Ops', ''], page.entries.map(e => [e.hseq, e.txId, e.clientId, e.origin, e.recordedAt, e.opCount,
      el('button', { class: 'history-show', onclick: () => showEntry(e.hseq) }, 'Show ops')])),
    detail);
}

// ------------------------------------------------------------------ log events

async function renderEvents(root) {
  const ev = state.events;
  const q = '?limit=' + ev.limit + (ev.before ? '&before=' + ev.before : '') + (ev.after ? '&after=' + ev.after : '');
  const page = await api('GET', '/events' + q);
  const list = page.events;
  const jump = el('input', { id: 'events-jump', type: 'datetime-local' });
  root.replaceChildren(el('h2', { text: 'Log events' }),
    el('div', { class: 'toolbar' },
      el('label', { for: 'events-limit', text: 'Page size' }),
      el('select', { id: 'events-limit', onchange: e => { ev.limit = +e.target.value; renderEvents(root); } },
        [10, 15, 20, 50, 100].map(n => el('option', { value: n, selected: n === ev.limit }, n))),
      el('button', { id: 'events-newer', disabled: !list.length, onclick: () => { ev.after = list[0].timestamp; ev.before = null; renderEvents(root); } }, '◀ Newer'),
      el('button', { id: 'events-older', disabled: !list.length, onclick: () => { ev.before = list[list.length - 1].timestamp; ev.after = null; renderEvents(root); } }, 'Older ▶'),
      el('button', { id: 'events-refresh', onclick: () => { ev.before = null; ev.after = null; renderEvents(root); } }, 'Refresh'),
      jump, el('button', { id: 'events-jump-go', onclick: () => {
        if (!jump.value) return;
        ev.before = String(BigInt(new Date(jump.value).getTime()) * 1000000n); ev.after = null; renderEvents(root);
      } }, 'Jump to time'),
      el('a', { id: 'events-download', href: API + '/events/export', download: 'objectstore-log-events.json' }, 'Download (JSON)')),
    table(['Time', 'Type', 'Count', 'Component', 'Message', 'Client', 'Details'], list.map(e => [
      new Date(Number(BigInt(e.timestamp) / 1000000n)).toISOString(), e.type, e.count, e.component, e.message, e.peerId || '',
      e.stackTrace ? el('details', {}, el('summary', {}, 'stack'), el('pre', {}, e.stackTrace)) : JSON.stringify(e.extra)])));
}

// ------------------------------------------------------------------ users

async function renderUsers(root) {
  const users = await api('GET', '/users');
  const name = el('input', { id: 'user-name', placeholder: 'name' });
  const password = el('input', { id: 'user-password', type: 'password', placeholder: 'password (8+ characters)' });
  const roles = el('select', { id: 'user-roles' }, ['admin', 'viewer', 'sync', 'sync-readonly'].map(r => el('option', { value: r }, r)));
  root.replaceChildren(el('h2', { text: 'Users' }),
    table(['Name', 'Roles', ''], users.map(u => [u.name, u.roles.join(', '), el('span', {},
      el('button', { class: 'user-password', onclick: async () => {
        const p = prompt('New password for ' + u.name);
        if (p) { await api('PUT', '/users/' + encodeURIComponent(u.name) + '/password', { password: p }); message('Password changed'); }
      } }, 'Change password'), ' ',
      el('button', { class: 'user-delete', onclick: async () => {
        if (!confirm('Delete ' + u.name + '?')) return;
        await api('DELETE', '/users/' + encodeURIComponent(u.name)); renderUsers(root);
      } }, 'Delete'))])),
    el('h3', { text: 'Create a user' }),
    el('div', { class: 'toolbar' }, name, password, roles, el('button', { id: 'user-create', onclick: async () => {
      await api('POST', '/users', { name: name.value, password: password.value, roles: roles.value });
      message('User created');
      renderUsers(root);
    } }, 'Create')));
}

// ------------------------------------------------------------------ start

document.getElementById('login-form').addEventListener('submit', e => login(e).catch(x => message(x.message, true)));
document.getElementById('logout').addEventListener('click', logout);
document.querySelectorAll('nav button[data-tab]').forEach(b => b.addEventListener('click', () => show(b.dataset.tab)));
api('GET', '/status').then(start).catch(() => showLogin());
