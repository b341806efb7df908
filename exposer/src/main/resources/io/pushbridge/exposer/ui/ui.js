// Pushbridge web UI: renders /api/v1/metrics and /api/v1/status. Plain DOM, no framework.
// Every pushed string reaches the page through textContent or a text node, never as markup.
'use strict';

(function () {
  // Per-group gauges the gateway adds itself; shown as times, not listed as families.
  const PUSH_TIME = 'push_time_seconds';
  const FAILURE_TIME = 'push_failure_time_seconds';
  const EXPIRY_TIME = 'push_expiry_time_seconds';
  const SYNTHETIC = new Set([PUSH_TIME, FAILURE_TIME, EXPIRY_TIME]);
  // A value made of these characters (and not . or .., which path cleaning would remove) goes into
  // the URL as it is; any other value is sent as name@base64/<base64url> (spec §2.3).
  const PLAIN_VALUE = /^[A-Za-z0-9_~.-]+$/;

  const view = { groups: [], adminApi: false, loaded: false };
  const groupOf = new WeakMap();
  let byId;

  function el(tag, className, ...children) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    for (const c of children) {
      e.append(c);
    }
    return e;
  }

  function isFamily(v) {
    return v !== null && typeof v === 'object' && Array.isArray(v.metrics);
  }

  function gaugeValue(family) {
    if (!isFamily(family) || family.metrics.length === 0) {
      return 0;
    }
    const v = parseFloat(family.metrics[0].value);
    return Number.isFinite(v) ? v : 0;
  }

  // One group of the metrics API; a family named "labels" or "last_push_successful" replaces
  // that key upstream, so both are checked before use.
  function toGroup(raw) {
    const labels = raw.labels && !isFamily(raw.labels) ? raw.labels : {};
    const names = Object.keys(labels).filter((n) => n !== 'job').sort();
    if ('job' in labels) {
      names.unshift('job');
    }
    const pairs = names.map((n) => [n, String(labels[n])]);
    const families = Object.keys(raw)
      .filter((k) => isFamily(raw[k]) && !SYNTHETIC.has(k))
      .sort()
      .map((k) => ({
        name: k,
        type: String(raw[k].type || '').toLowerCase(),
        help: raw[k].help || '',
        series: raw[k].metrics.length,
        changed: raw[k].time_stamp || '',
      }));
    const keyText = pairs.map(([n, v]) => n + '="' + v + '"').join(' ');
    return {
      pairs,
      keyText,
      families,
      pushTime: gaugeValue(raw[PUSH_TIME]),
      failureTime: gaugeValue(raw[FAILURE_TIME]),
      expiryTime: gaugeValue(raw[EXPIRY_TIME]),
      failed: raw.last_push_successful === false,
      search: (keyText + ' ' + families.map((f) => f.name).join(' ')).toLowerCase(),
    };
  }

  function base64url(value) {
    if (value === '') {
      return '=';
    }
    let binary = '';
    for (const b of new TextEncoder().encode(value)) {
      binary += String.fromCharCode(b);
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function segment(name, value) {
    if (PLAIN_VALUE.test(value) && value !== '.' && value !== '..') {
      return name + '/' + value;
    }
    return name + '@base64/' + base64url(value);
  }

  // The upstream push API path of a group, relative to the page.
  function groupPath(group) {
    const job = group.pairs.find(([n]) => n === 'job');
    const rest = group.pairs.filter(([n]) => n !== 'job');
    return ['metrics', segment('job', job ? job[1] : '')]
      .concat(rest.map(([n, v]) => segment(n, v)))
      .join('/');
  }

  function duration(seconds) {
    const s = Math.round(Math.abs(seconds));
    if (s < 60) {
      return s + 's';
    }
    if (s < 3600) {
      return Math.floor(s / 60) + 'm';
    }
    if (s < 86400) {
      return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
    }
    return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
  }

  function time(label, unixSeconds, className) {
    const span = el('span', className || '');
    if (!unixSeconds) {
      span.append(label + ': never');
      return span;
    }
    const when = new Date(unixSeconds * 1000);
    const delta = Date.now() / 1000 - unixSeconds;
    const relative = delta >= 0 ? duration(delta) + ' ago' : 'in ' + duration(delta);
    const t = el('time', '', when.toLocaleString() + ' (' + relative + ')');
    t.dateTime = when.toISOString();
    t.title = when.toISOString();
    span.append(label + ': ', t);
    return span;
  }

  function labelChip(name, value) {
    return el('span', 'label', el('span', 'name', name), '="', el('span', 'value', value), '"');
  }

  // The API's RFC 3339 time of the family's last change, shown in the browser's time zone.
  function changedCell(rfc3339) {
    const td = el('td', 'changed');
    const when = new Date(rfc3339);
    if (!rfc3339 || Number.isNaN(when.getTime())) {
      td.append(rfc3339);
      return td;
    }
    const t = el('time', '', when.toLocaleString());
    t.dateTime = rfc3339;
    t.title = rfc3339;
    td.append(t);
    return td;
  }

  function familiesTable(group) {
    const head = el('tr', '', el('th', '', 'Metric'), el('th', '', 'Type'), el('th', '', 'Series'),
      el('th', '', 'Last change'), el('th', '', 'Help'));
    const table = el('table', 'families', el('thead', '', head));
    const body = el('tbody');
    for (const f of group.families) {
      body.append(el('tr', 'family', el('td', 'family-name', f.name), el('td', 'type', f.type),
        el('td', 'series', String(f.series)), changedCell(f.changed), el('td', 'help', f.help)));
    }
    table.append(body);
    return table;
  }

  function groupSection(group) {
    const section = el('section', group.failed ? 'group failed' : 'group');
    section.dataset.key = group.keyText;
    const labels = el('div', 'labels');
    for (const [n, v] of group.pairs) {
      labels.append(labelChip(n, v));
    }
    const head = el('div', 'group-head', labels);
    if (view.adminApi) {
      const del = el('button', 'delete', 'Delete');
      del.type = 'button';
      del.title = 'Delete this group (DELETE ' + groupPath(group) + ')';
      del.setAttribute('aria-label', 'Delete group ' + group.keyText);
      del.addEventListener('click', () => deleteGroup(group, del));
      head.append(del);
    }
    const times = el('div', 'times', time('Last push', group.pushTime),
      time('Last failure', group.failureTime, group.failed ? 'bad' : ''));
    if (group.failed) {
      times.append(el('span', 'bad', 'last push failed'));
    }
    if (group.expiryTime) {
      times.append(time('Expires', group.expiryTime, 'expiry'));
    }
    const seriesTotal = group.families.reduce((sum, f) => sum + f.series, 0);
    times.append(el('span', 'counts', group.families.length + (group.families.length === 1 ? ' family, ' : ' families, ')
      + seriesTotal + ' series'));
    section.append(head, times, familiesTable(group));
    return section;
  }

  function showError(message) {
    const box = byId('error');
    box.textContent = message;
    box.hidden = !message;
  }

  function applyFilter() {
    const terms = byId('filter').value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const section of byId('groups').querySelectorAll('section.group')) {
      const group = groupOf.get(section);
      const match = terms.every((t) => group.search.includes(t));
      section.hidden = !match;
      if (match) {
        shown++;
      }
    }
    const total = view.groups.length;
    const noun = total === 1 ? ' group' : ' groups';
    byId('summary').textContent = terms.length ? shown + ' of ' + total + noun + ' shown' : total + noun;
  }

  function renderGroups() {
    const container = byId('groups');
    container.replaceChildren();
    if (view.groups.length === 0) {
      container.append(el('p', 'empty', 'No groups have been pushed.'));
    }
    for (const group of view.groups) {
      const section = groupSection(group);
      groupOf.set(section, group);
      container.append(section);
    }
    applyFilter();
  }

  function table(entries) {
    const t = el('table');
    for (const [k, v] of entries) {
      t.append(el('tr', '', el('th', '', k), el('td', '', String(v))));
    }
    return t;
  }

  function renderStatus(status) {
    const build = status.build_information || {};
    const flags = status.flags || {};
    const rows = [['Start time', status.start_time || '']].concat(Object.entries(build).sort());
    byId('status-body').replaceChildren(el('h3', '', 'Build'), table(rows), el('h3', '', 'Flags'),
      table(Object.entries(flags).sort()));
    const telemetry = String(flags['web.telemetry-path'] || '/metrics').replace(/^\/+/, '');
    byId('scrape-link').setAttribute('href', telemetry || '.');
  }

  async function getJson(path) {
    const r = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (!r.ok) {
      throw new Error('GET ' + path + ': ' + r.status + ' ' + (await r.text()));
    }
    const body = await r.json();
    if (body.status !== 'success') {
      throw new Error('GET ' + path + ': ' + (body.error || 'unexpected answer'));
    }
    return body.data;
  }

  async function refresh() {
    try {
      const [status, metrics] = await Promise.all([getJson('api/v1/status'), getJson('api/v1/metrics')]);
      view.adminApi = (status.flags || {})['web.enable-admin-api'] === 'true';
      view.groups = metrics.map(toGroup).sort((a, b) => (a.keyText < b.keyText ? -1 : a.keyText > b.keyText ? 1 : 0));
      renderStatus(status);
      renderGroups();
      showError('');
    } catch (e) {
      showError(String(e.message || e));
      if (!view.loaded) {
        byId('summary').textContent = 'Could not load the groups.';
      }
      return;
    }
    view.loaded = true;
  }

  async function deleteGroup(group, button) {
    if (!window.confirm('Delete the group ' + group.keyText + '?')) {
      return;
    }
    button.disabled = true;
    const path = groupPath(group);
    try {
      const r = await fetch(path, { method: 'DELETE' });
      if (!r.ok) {
        throw new Error('DELETE ' + path + ': ' + r.status + ' ' + (await r.text()));
      }
    } catch (e) {
      button.disabled = false;
      showError(String(e.message || e));
      return;
    }
    await refresh();
  }

  document.addEventListener('DOMContentLoaded', () => {
    byId = (id) => document.getElementById(id);
    byId('filter').addEventListener('input', applyFilter);
    byId('refresh').addEventListener('click', refresh);
    // Handled here because a <base> from --web.external-url would turn "#status" into another page.
    byId('status-link').addEventListener('click', (e) => {
      e.preventDefault();
      byId('status').open = true;
      byId('status').scrollIntoView();
    });
    if (location.hash === '#status') {
      byId('status').open = true;
    }
    refresh();
  });
})();
