// Every request the console sends to the service goes through this file, with the signed-in
// caller's bearer token: the console sees exactly what the public API lets that caller see.
// ConsoleAuthorizationTest reads the call(...) lines below and replays each with a stranger's token.
'use strict';

const ConsoleApi = (() => {
  const TOKEN_KEY = 'projects-console-token';

  /** An answer that is not a success: the envelope's sentence and the HTTP status. */
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY),
    set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
    clear: () => sessionStorage.removeItem(TOKEN_KEY),
  };

  /** The claims of the token (not verified here: the service verifies it on every request). */
  function claims() {
    const t = token.get();
    if (!t) return null;
    try {
      const part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) {
      return null;
    }
  }

  function query(params) {
    const q = new URLSearchParams();
    Object.entries(params || {}).forEach(([k, v]) => {
      if (v !== undefined && v !== null && v !== '') q.set(k, v);
    });
    const s = q.toString();
    return s ? '?' + s : '';
  }

  async function send(method, path, { params, json, form } = {}) {
    const headers = { Accept: 'application/json' };
    const t = token.get();
    if (t) headers.Authorization = 'Bearer ' + t;
    let body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (form) {
      body = form;
    }
    let response;
    try {
      response = await fetch(path + query(params), { method, headers, body });
    } catch (e) {
      throw new ApiError(0, 'The service cannot be reached: ' + e.message);
    }
    let envelope = null;
    try {
      envelope = await response.json();
    } catch (e) {
      envelope = null;
    }
    if (!response.ok) {
      const sentence = envelope && envelope.message ? envelope.message : 'HTTP ' + response.status;
      throw new ApiError(response.status, sentence);
    }
    return { status: response.status, envelope, data: envelope ? envelope.data : null, headers: response.headers };
  }

  /** A Projects API action in a workspace (the canonical route family). */
  function call(method, workspace, action, options) {
    return send(method, '/api/v1/projects/' + encodeURIComponent(workspace) + '/' + action, options);
  }

  return {
    ApiError,
    token,
    claims,
    list: (ws, scopes, q, cursor) => call('GET', ws, 'list', { params: { scopes, q, cursor, limit: 20 } }),
    load: (ws, id, scope, version) => call('GET', ws, 'load', { params: { project_id: id, scope, version } }),
    history: (ws, id, scope, cursor) =>
      call('GET', ws, 'history', { params: { project_id: id, scope, cursor, limit: 100 } }),
    save: (ws, project) => call('POST', ws, 'save', { json: { project } }),
    snapshots: (ws, id, scope) => call('GET', ws, 'snapshots/list', { params: { project_id: id, scope } }),
    createSnapshot: (ws, id, scope, description) =>
      call('POST', ws, 'snapshots/create', { json: { project_id: id, scope, description } }),
    restoreSnapshot: (ws, id, scope, snapshotId) =>
      call('POST', ws, 'snapshots/restore', { json: { project_id: id, scope, snapshot_id: snapshotId } }),
    shares: (ws, id) => call('GET', ws, 'share/list', { params: { project_id: id } }),
    share: (ws, id, recipient, role) =>
      call('POST', ws, 'share', { json: { project_id: id, recipient, share_role: role } }),
    revokeShare: (ws, shareId) => call('POST', ws, 'share/revoke', { json: { share_id: shareId } }),
    inbox: (ws) => call('GET', ws, 'share/inbox'),
    acceptShare: (ws, shareId) => call('POST', ws, 'share/accept', { json: { share_id: shareId } }),
    createFromContext: (ws, form) => call('POST', ws, 'create-from-context?wait=0', { form }),
    job: (ws, jobId) => call('GET', ws, 'create-from-context/jobs/' + encodeURIComponent(jobId)),
    pipeline: () => send('GET', '/api/v1/operator/pipeline'),
    devToken: (user, organization, operator) =>
      send('GET', '/console/dev-token', { params: { user, organization, operator: operator ? 'true' : '' } }),
  };
})();
