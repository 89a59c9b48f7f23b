// The console's pages: sign-in, projects, one project, new from context, pipeline. Everything
// it shows comes from the public API (api.js) with the signed-in caller's token; every text from
// the service is put in the page as text, never as markup.
'use strict';

(() => {
  const api = ConsoleApi;
  const $ = (id) => document.getElementById(id);
  const VIEWS = ['signin', 'projects', 'project', 'new', 'pipeline'];
  const POLL_MS = 500;
  const PIPELINE_REFRESH_MS = 5000;
  let pipelineTimer = null;
  let jobTimer = null;
  let devTokens = false;

  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null || v === false) return;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    });
    children.flat().forEach((c) => e.append(c instanceof Node ? c : String(c ?? '')));
    return e;
  }

  function notice(message, kind) {
    const n = $('notice');
    n.textContent = message;
    n.className = 'notice ' + (kind || 'error');
    n.hidden = !message;
  }

  /** Runs an action; a failure shows the envelope's sentence. */
  async function attempt(action) {
    try {
      return await action();
    } catch (e) {
      if (e instanceof api.ApiError && e.status === 401) {
        api.token.clear();
        location.hash = '#/signin';
      }
      notice(e.message);
      return undefined;
    }
  }

  function caller() {
    const c = api.claims() || {};
    return {
      username: c.upn || c.preferred_username || c.sub || '',
      organization: c.organization || c.org || '',
    };
  }

  function show(view) {
    VIEWS.forEach((v) => { $('view-' + v).hidden = v !== view; });
    $('nav').hidden = view === 'signin';
    document.querySelectorAll('#nav a').forEach((a) => {
      if (a.getAttribute('href') === '#/' + (view === 'project' ? 'projects' : view)) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    const me = caller();
    $('who').textContent = me.username ? `${me.username} (${me.organization || 'no organization'})` : '';
  }

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, q] = raw.split('?');
    return { path: path || 'projects', params: new URLSearchParams(q || '') };
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleString() : '';
  }

  async function route() {
    clearInterval(pipelineTimer);
    notice('');
    const { path, params } = parseHash();
    if (!api.token.get() || path === 'signin') {
      show('signin');
      $('dev-form').hidden = !devTokens;
      return;
    }
    if (path === 'project') {
      show('project');
      await showProject(params.get('ws'), params.get('id'), params.get('scope'), params.get('version'));
    } else if (path === 'new') {
      show('new');
    } else if (path === 'pipeline') {
      show('pipeline');
      await showPipeline();
      pipelineTimer = setInterval(showPipeline, PIPELINE_REFRESH_MS);
    } else {
      show('projects');
      await showProjects();
    }
    $('main').focus({ preventScroll: true });
  }

  // ---- sign-in ------------------------------------------------------------------------------
  function signIn(token) {
    api.token.set(token.trim());
    if (location.hash === '#/projects') route();
    else location.hash = '#/projects';
  }

  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('signin-token').value);
  });

  $('dev-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const got = await attempt(() => api.devToken($('dev-user').value, $('dev-org').value,
      $('dev-operator').checked));
    if (got) signIn(got.data.token);
  });

  $('sign-out').addEventListener('click', () => {
    api.token.clear();
    location.hash = '#/signin';
  });

  // ---- projects -----------------------------------------------------------------------------
  const listing = { cursors: [null], page: 0 };

  function scopes() {
    return [...document.querySelectorAll('input[name=scope]:checked')].map((c) => c.value).join(',') || 'user';
  }

  function projectLink(p, text) {
    const q = new URLSearchParams({ ws: p.workspace_id, id: p.id, scope: p.scope });
    return h('a', { href: '#/project?' + q }, text);
  }

  async function showProjects() {
    const ws = $('search-ws').value || 'default';
    const got = await attempt(() => api.list(ws, scopes(), $('search-q').value, listing.cursors[listing.page]));
    if (!got) return;
    const rows = got.data.map((p) => h('tr', { 'data-project-id': p.id },
      h('td', null, projectLink(p, p.name), p.shared ? h('span', { class: 'badge' },
        `shared by ${p.shared.sharer} (${p.shared.share_role})`) : ''),
      h('td', null, p.scope), h('td', null, p.author), h('td', null, time(p.updated_at)), h('td', null, p.version)));
    $('projects-table').tBodies[0].replaceChildren(...rows);
    $('projects-empty').hidden = rows.length > 0;
    const next = got.headers.get('X-Next-Cursor');
    listing.cursors[listing.page + 1] = next;
    $('page-next').disabled = !next;
    $('page-prev').disabled = listing.page === 0;
    $('page-number').textContent = `Page ${listing.page + 1}`;
    await showInbox(ws);
  }

  async function showInbox(ws) {
    const got = await attempt(() => api.inbox(ws));
    if (!got) return;
    const items = got.data.map((s) => h('li', { 'data-share-id': s.share_id },
      `${s.project_name} from ${s.sharer.username || s.sharer} as ${s.share_role} (${s.status}) `,
      s.status === 'pending'
        ? h('button', { type: 'button', onclick: () => accept(ws, s.share_id) }, `Accept ${s.project_name}`)
        : ''));
    $('inbox').replaceChildren(...(items.length ? items : [h('li', null, 'Nothing shared with you.')]));
  }

  async function accept(ws, shareId) {
    if (await attempt(() => api.acceptShare(ws, shareId))) {
      notice('Share accepted: the project is in your list.', 'ok');
      await showProjects();
    }
  }

  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    listing.cursors = [null];
    listing.page = 0;
    showProjects();
  });
  $('page-next').addEventListener('click', () => { listing.page++; showProjects(); });
  $('page-prev').addEventListener('click', () => { listing.page = Math.max(0, listing.page - 1); showProjects(); });

  $('create-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const ws = $('search-ws').value || 'default';
    const scope = $('create-scope').value;
    const saved = await attempt(() => api.save(ws, {
      name: $('create-name').value, description: $('create-description').value || null, scope,
    }));
    if (saved) {
      $('create-form').reset();
      location.hash = '#/project?' + new URLSearchParams({ ws, id: saved.data.project_id, scope });
    }
  });

  // ---- one project --------------------------------------------------------------------------
  const current = {};

  function field(dl, name, value) {
    dl.append(h('dt', null, name), h('dd', null, value === null || value === undefined || value === '' ? '-' : value));
  }

  function shortValue(v) {
    const s = JSON.stringify(v);
    return s === undefined ? 'nothing' : (s.length > 80 ? s.slice(0, 77) + '...' : s);
  }

  /** What an event changed, as "field: before -> after" lines, the before taken from the events before it. */
  function describe(event, known) {
    const c = event.changes || {};
    const lines = [];
    if (event.type === 'ProjectUpdated') {
      Object.entries(c).forEach(([k, v]) => {
        lines.push(`${k}: ${k in known ? shortValue(known[k]) : 'nothing'} -> ${shortValue(v)}`);
        known[k] = v;
      });
    } else if (['ProjectCreated', 'ProjectCopied', 'ProjectImported', 'ProjectRestored'].includes(event.type)) {
      const body = c.content || c;
      ['name', 'description', 'metadata'].forEach((k) => {
        if (k in body) {
          if (known[k] !== undefined && JSON.stringify(known[k]) !== JSON.stringify(body[k])) {
            lines.push(`${k}: ${shortValue(known[k])} -> ${shortValue(body[k])}`);
          } else if (known[k] === undefined) {
            lines.push(`${k}: ${shortValue(body[k])}`);
          }
          known[k] = body[k];
        }
      });
      const onto = body.ontology;
      if (onto && onto.nodes) lines.push(`ontology: ${onto.nodes.length} nodes, ${(onto.edges || []).length} edges`);
    } else {
      Object.entries(c).slice(0, 6).forEach(([k, v]) => lines.push(`${k}: ${shortValue(v)}`));
    }
    return lines;
  }

  async function showProject(ws, id, scope, version) {
    Object.assign(current, { ws, id, scope, version });
    const loaded = await attempt(() => api.load(ws, id, scope, version));
    if (!loaded) return;
    const p = loaded.data;
    const me = caller();
    $('project-title').textContent = p.name;
    $('project-version').textContent = version ? `Version ${version} (as it was then)` : `Version ${p.version} (latest)`;
    $('project-latest').hidden = !version;
    const dl = $('project-fields');
    dl.replaceChildren();
    field(dl, 'Id', p.id);
    field(dl, 'Description', p.description);
    field(dl, 'Scope', p.scope);
    field(dl, 'Workspace', p.workspace_id);
    field(dl, 'Author', `${p.author} (${p.organization || 'no organization'})`);
    field(dl, 'Created', time(p.created_at));
    field(dl, 'Updated', time(p.updated_at));
    field(dl, 'Metadata', JSON.stringify(p.metadata));
    field(dl, 'Files', (p.files || []).map((f) => f.name).join(', '));
    $('edit-name').value = p.name;
    $('edit-description').value = p.description || '';
    $('edit-form').hidden = !!version;
    $('snapshot-form').hidden = !!version;
    drawOntology('project', p.ontology, p.tables);
    await showTimeline(ws, id, scope, version);
    await showSnapshots(ws, id, scope, !!version);
    const owner = p.author === me.username && (p.organization || '') === me.organization;
    $('shares-card').hidden = !owner;
    if (owner) await showShares(ws, id);
  }

  async function showTimeline(ws, id, scope, version) {
    const known = {};
    const entries = [];
    let cursor = null;
    do {
      const got = await attempt(() => api.history(ws, id, scope, cursor));
      if (!got) return;
      got.data.forEach((e) => entries.push({ event: e, lines: describe(e, known) }));
      cursor = got.headers.get('X-Next-Cursor');
    } while (cursor && entries.length < 1000);
    const items = entries.reverse().map(({ event, lines }) => {
      const selected = String(event.version) === String(version);
      const q = new URLSearchParams({ ws, id, scope, version: event.version });
      return h('li', { class: selected ? 'selected' : null },
        h('a', { href: '#/project?' + q, 'aria-current': selected ? 'true' : null, class: 'entry' },
          h('span', { class: 'v' }, `v${event.version}`), ' ', h('strong', null, event.type), ' ',
          h('span', null, `by ${event.actor || 'unknown'}`), ' ', h('time', { datetime: event.recorded_at },
            time(event.recorded_at))),
        lines.length ? h('ul', { class: 'diff' }, lines.map((l) => h('li', null, l))) : '');
    });
    $('timeline').replaceChildren(...items);
  }

  async function showSnapshots(ws, id, scope, past) {
    const got = await attempt(() => api.snapshots(ws, id, scope));
    if (!got) return;
    const items = got.data.map((s) => h('li', { 'data-snapshot-id': s.snapshot_id },
      `${s.description || 'no description'} (version ${s.version}, ${time(s.created_at)}) `,
      past ? '' : h('button', { type: 'button', onclick: () => restore(s) },
        `Restore ${s.description || s.snapshot_id}`)));
    $('snapshots').replaceChildren(...(items.length ? items : [h('li', null, 'No snapshots.')]));
  }

  async function restore(snapshot) {
    const { ws, id, scope } = current;
    if (await attempt(() => api.restoreSnapshot(ws, id, scope, snapshot.snapshot_id))) {
      notice(`Restored from snapshot ${snapshot.description || snapshot.snapshot_id}.`, 'ok');
      await showProject(ws, id, scope, null);
    }
  }

  async function showShares(ws, id) {
    const got = await attempt(() => api.shares(ws, id));
    if (!got) return;
    const items = got.data.map((s) => {
      const who = s.recipient.username ? `${s.recipient.username} (${s.recipient.organization})`
        : s.recipient.email || s.recipient.sub;
      const live = s.status === 'pending' || s.status === 'accepted';
      return h('li', { 'data-share-id': s.share_id }, `${who}: ${s.share_role}, ${s.status} `,
        live ? h('button', { type: 'button', onclick: () => revoke(s.share_id) }, `Revoke ${who}`) : '');
    });
    $('shares').replaceChildren(...(items.length ? items : [h('li', null, 'Not shared.')]));
  }

  async function revoke(shareId) {
    if (await attempt(() => api.revokeShare(current.ws, shareId))) await showShares(current.ws, current.id);
  }

  $('project-latest').addEventListener('click', () => {
    location.hash = '#/project?' + new URLSearchParams({ ws: current.ws, id: current.id, scope: current.scope });
  });

  $('edit-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const { ws, id, scope } = current;
    const saved = await attempt(() => api.save(ws, {
      id, scope, name: $('edit-name').value, description: $('edit-description').value,
    }));
    if (saved) {
      notice(`Saved: version ${saved.data.version}.`, 'ok');
      await showProject(ws, id, scope, null);
    }
  });

  $('snapshot-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const { ws, id, scope } = current;
    if (await attempt(() => api.createSnapshot(ws, id, scope, $('snapshot-description').value || null))) {
      $('snapshot-description').value = '';
      await showSnapshots(ws, id, scope, false);
    }
  });

  $('share-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const recipient = { username: $('share-user').value, organization: $('share-org').value };
    if (await attempt(() => api.share(current.ws, current.id, recipient, $('share-role').value))) {
      notice(`Shared with ${recipient.username}: they see it once they accept.`, 'ok');
      $('share-form').reset();
      await showShares(current.ws, current.id);
    }
  });

  // ---- the ontology -------------------------------------------------------------------------
  function drawOntology(prefix, ontology, tables) {
    const details = $(prefix + '-node');
    ConsoleGraph.drawOntology($(prefix + '-graph'), ontology, (node, edges) => {
      details.replaceChildren(h('strong', null, node.label || node.id), ': ',
        node.description || 'no description',
        edges.length ? h('ul', null, edges.map((e) => h('li', null, `${e.source} ${e.label || '->'} ${e.target}`))) : '');
    });
    const edgeList = $(prefix + '-edges');
    if (edgeList) {
      edgeList.replaceChildren(...((ontology && ontology.edges) || [])
        .map((e) => h('li', null, `${e.source} ${e.label || '->'} ${e.target}`)));
    }
    const tableCards = (tables || []).map((t) => h('div', { class: 'table-card' },
      h('h4', null, `${t.name} (${t.row_count ?? '?'} rows)`),
      h('table', null, h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Column'),
        h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Nullable'))),
      h('tbody', null, (t.columns || []).map((c) => h('tr', null, h('td', null, c.name), h('td', null, c.type),
        h('td', null, c.nullable ? 'yes' : 'no')))))));
    $(prefix + '-tables').replaceChildren(...(tableCards.length ? tableCards : [h('p', null, 'No tables.')]));
  }

  // ---- new from context ---------------------------------------------------------------------
  let chosen = [];

  function showChosen() {
    $('context-file-list').replaceChildren(...chosen.map((f, i) => h('li', null, `${f.name} (${f.size} bytes) `,
      h('button', { type: 'button', onclick: () => { chosen.splice(i, 1); showChosen(); } }, `Remove ${f.name}`))));
  }

  $('context-files').addEventListener('change', (event) => {
    chosen = chosen.concat([...event.target.files]);
    event.target.value = '';
    showChosen();
  });
  const zone = $('dropzone');
  ['dragenter', 'dragover'].forEach((type) => zone.addEventListener(type, (event) => {
    event.preventDefault();
    zone.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((type) => zone.addEventListener(type, () => zone.classList.remove('over')));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    chosen = chosen.concat([...event.dataTransfer.files]);
    showChosen();
  });

  function progress(value, text) {
    $('job-progress').value = value;
    $('job-progress').setAttribute('aria-valuetext', text);
    $('job-state').textContent = text;
  }

  $('context-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearTimeout(jobTimer);
    notice('');
    const ws = $('search-ws').value || 'default';
    const form = new FormData();
    if ($('context-text').value) form.append('context', $('context-text').value);
    form.append('scope', $('context-scope').value);
    const concepts = $('context-concepts').value.split(',').map((s) => s.trim()).filter(Boolean);
    if (concepts.length) form.append('concept_names', JSON.stringify(concepts));
    chosen.forEach((f) => form.append('files', f, f.name));
    $('job').hidden = false;
    $('job-project').hidden = true;
    $('job-graph').replaceChildren();
    $('job-tables').replaceChildren();
    $('job-node').replaceChildren();
    progress(0, 'uploading');
    const sent = await attempt(() => api.createFromContext(ws, form));
    if (!sent) {
      progress(0, 'refused');
      return;
    }
    if (sent.status === 200) {
      finished(ws, sent.data);
      return;
    }
    poll(ws, sent.data.job_id);
  });

  async function poll(ws, jobId) {
    const got = await attempt(() => api.job(ws, jobId));
    if (!got) return;
    const job = got.data;
    if (job.state === 'succeeded') {
      finished(ws, job.result);
    } else if (job.state === 'failed') {
      progress(job.progress, 'failed');
      notice('The analysis failed: ' + job.error);
    } else {
      progress(job.progress, `${job.state} (${job.progress}%)`);
      jobTimer = setTimeout(() => poll(ws, jobId), POLL_MS);
    }
  }

  function finished(ws, result) {
    progress(100, 'done');
    chosen = [];
    showChosen();
    const link = $('job-project');
    link.href = '#/project?' + new URLSearchParams({ ws, id: result.project_id, scope: $('context-scope').value });
    link.textContent = `Open ${result.name}`;
    link.hidden = false;
    drawOntology('job', { nodes: result.nodes, edges: result.edges }, result.tables);
  }

  // ---- pipeline -----------------------------------------------------------------------------
  async function showPipeline() {
    if ($('view-pipeline').hidden) return;
    const got = await attempt(() => api.pipeline());
    if (!got) return;
    const d = got.data;
    const dl = $('pipeline-numbers');
    dl.replaceChildren();
    const lag = (v) => (v === null || v === undefined ? 'not measured here'
      : v >= d.lag_cap ? `more than ${d.lag_cap - 1}` : String(v));
    field(dl, 'Relay lag (events)', lag(d.relay_lag));
    field(dl, 'Projection lag (records)', lag(d.projection_lag));
    field(dl, 'Dead letters', d.dead_letters ?? 'not measured here');
    if (d.newest_dead_letter) field(dl, 'Newest dead letter', d.newest_dead_letter);
    if (d.problem) field(dl, 'Problem', d.problem);
    $('pipeline-sampled').textContent = `Read at ${time(d.read_at)}; a sample every ${d.sample_every_seconds} s,`
      + ` the last ${Math.round(d.window_seconds / 60)} minutes kept.`;
    ConsoleGraph.drawLag($('pipeline-chart'), d.samples);
    const rows = Object.entries(d.jobs).map(([state, count]) => h('tr', null, h('td', null, state), h('td', null, count)));
    $('pipeline-jobs').tBodies[0].replaceChildren(...rows);
    $('pipeline-jobs-note').textContent = `Succeeded and failed: those finished in the last ${d.finished_jobs_minutes} minutes.`;
  }

  $('pipeline-refresh').addEventListener('click', showPipeline);

  // ---- start --------------------------------------------------------------------------------
  window.addEventListener('hashchange', route);
  (async () => {
    try {
      await api.devToken('', '', false);
      devTokens = true;
    } catch (e) {
      devTokens = e.status !== 404 && e.status !== 0;
    }
    route();
  })();
})();
