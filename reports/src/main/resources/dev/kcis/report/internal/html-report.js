// kcis HTML report: renders the controls and framework views from the embedded report data.
// Data from the report (object names, values, messages) may be hostile: it is only ever inserted
// as text (textContent, text nodes, Option), never parsed as HTML; the page's Content-Security-
// Policy requires Trusted Types, so an HTML sink given a string would throw.
(function () {
  'use strict';

  const PAGE = 50;
  const data = JSON.parse(document.getElementById('kcis-data').textContent);
  const KNOWN = new Set(data.statuses);
  const statusOf = (s) => (KNOWN.has(s) ? s : 'INCONCLUSIVE');

  /** An element with attributes (set as text) and children (nodes or strings, as text). */
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === 'class') e.className = v;
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c !== null && c !== undefined && c !== false) e.append(c);
    }
    return e;
  }

  const badge = (s) => h('span', { class: 'badge s-' + statusOf(s) }, statusOf(s));
  const plural = (n, one, many) => n + ' ' + (n === 1 ? one : many || one + 's');

  // ---- the model ----
  const sectionTitles = new Map(data.sections.map((s) => [s.id, s.title]));
  const controls = data.controls.map((c, i) => Object.assign({}, c, {
    index: i, results: [], matched: [], rules: [], node: null, hay: null, rendered: -1,
  }));
  const controlById = new Map(controls.map((c) => [c.id, c]));
  for (const r of data.results) {
    let c = controlById.get(r.control);
    if (!c) { // a result of a control the profile does not list: keep it, never drop evidence
      c = { id: r.control, title: '', section: '', status: r.status, automated: false,
        index: controls.length, results: [], matched: [], rules: [], node: null, hay: null,
        rendered: -1, unlisted: true };
      controls.push(c);
      controlById.set(c.id, c);
    }
    if (c.unlisted && data.statuses.indexOf(r.status) < data.statuses.indexOf(c.status)) {
      c.status = r.status;
    }
    c.results.push(r);
    if (r.rule && !c.rules.includes(r.rule)) c.rules.push(r.rule);
  }
  const listed = controls.filter((c) => c.results.length > 0);
  const frameworks = data.frameworks.map((f) => {
    const all = new Set();
    const byRequirement = new Map();
    for (const req of f.requirements) {
      const ids = new Set(req.controls.map((m) => m.control));
      ids.forEach((id) => all.add(id));
      byRequirement.set(req.id, ids);
    }
    return Object.assign({}, f, { all, byRequirement });
  });
  const frameworkById = new Map(frameworks.map((f) => [f.id, f]));

  function ensureSearchText() {
    if (listed.length && listed[0].hay !== null) return;
    for (const c of controls) {
      c.hay = [c.id, c.title, c.section].concat(c.rules).join('\n').toLowerCase();
      for (const r of c.results) {
        const parts = [r.target, r.message, r.rule, r.expected, r.status];
        for (const o of r.observed) parts.push(o.item, o.value, o.source, o.location, o.path);
        r.hay = parts.filter((p) => p).join('\n').toLowerCase();
      }
    }
  }

  // ---- the page ----
  const app = document.getElementById('app');
  const tablist = h('div', { role: 'tablist', id: 'tabs', 'aria-label': 'Views' });
  const tabs = [];
  const panels = [];
  function addTab(id, label) {
    const tab = h('button', { type: 'button', role: 'tab', id: 'tab-' + id,
      'aria-controls': 'panel-' + id, 'aria-selected': 'false', tabindex: '-1' }, label);
    const panel = h('section', { role: 'tabpanel', id: 'panel-' + id,
      'aria-labelledby': 'tab-' + id, hidden: true }, h('h2', null, label));
    tab.addEventListener('click', () => select(tabs.indexOf(tab)));
    tab.addEventListener('keydown', (e) => {
      const i = tabs.indexOf(tab);
      const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
      if (next === null) return;
      e.preventDefault();
      const j = (next + tabs.length) % tabs.length;
      select(j);
      tabs[j].focus();
    });
    tabs.push(tab);
    panels.push(panel);
    tablist.append(tab);
    return panel;
  }
  function select(i) {
    tabs.forEach((t, j) => {
      t.setAttribute('aria-selected', String(i === j));
      t.tabIndex = i === j ? 0 : -1;
      panels[j].hidden = i !== j;
    });
  }
  const controlsPanel = addTab('controls', 'Controls');
  const frameworksPanel = addTab('frameworks', 'Frameworks');
  app.append(tablist, controlsPanel, frameworksPanel);

  // ---- controls: filters ----
  const shown = new Set(data.shown);
  const resultCounts = new Map();
  for (const r of data.results) resultCounts.set(r.status, (resultCounts.get(r.status) || 0) + 1);
  const statusBoxes = [];
  const statusSet = h('fieldset', { id: 'f-status' },
    h('legend', null, 'Status (none checked: all)'));
  for (const s of data.statuses) {
    if (!shown.has(s)) continue;
    const box = h('input', { type: 'checkbox', value: s, name: 'status' });
    statusBoxes.push(box);
    statusSet.append(h('label', { class: 'check' }, box, badge(s),
      h('span', { class: 'n' }, String(resultCounts.get(s) || 0))));
  }
  const sectionSelect = h('select', { id: 'f-section' }, new Option('All sections', ''));
  for (const s of data.sections) {
    const depth = s.id.split('.').length - 1;
    sectionSelect.append(new Option('\u00a0\u00a0'.repeat(depth) + s.id + ' ' + (s.title || ''),
      s.id));
  }
  const frameworkSelect = h('select', { id: 'f-framework' }, new Option('Any framework', ''));
  for (const f of frameworks) frameworkSelect.append(new Option(f.name, f.id));
  const requirementSelect = h('select', { id: 'f-requirement', disabled: true },
    new Option('Any requirement', ''));
  const search = h('input', { type: 'search', id: 'f-search', autocomplete: 'off',
    placeholder: 'target, value, file, control, message\u2026',
    'aria-describedby': 'f-search-hint' });
  const clear = h('button', { type: 'button', class: 'link', id: 'f-clear' }, 'Clear filters');
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter the controls' },
    statusSet,
    h('label', { class: 'field' }, 'Section', sectionSelect),
    h('label', { class: 'field' }, 'Framework', frameworkSelect),
    h('label', { class: 'field' }, 'Requirement', requirementSelect),
    h('label', { class: 'field' }, 'Search', search,
      h('span', { id: 'f-search-hint', hidden: true }, 'Every word must appear in the control or '
        + 'in the result: its target, message, expected and observed values and where they were '
        + 'found.')),
    clear);
  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  const count = h('output', { id: 'result-count', 'aria-live': 'polite' });
  const expandAll = h('button', { type: 'button', id: 'expand-all' }, 'Expand all');
  const collapseAll = h('button', { type: 'button', id: 'collapse-all' }, 'Collapse all');
  const list = h('div', { id: 'control-list' });
  const nothing = h('p', { class: 'empty', id: 'no-match', hidden: true },
    'No result matches these filters.');
  controlsPanel.append(form, h('div', { class: 'toolbar' }, count, expandAll, collapseAll),
    nothing, list);

  // ---- controls: the list, bodies drawn on first open ----
  const groups = [];
  let group = null;
  for (const c of listed) {
    if (!group || group.section !== c.section) {
      const title = sectionTitles.get(c.section);
      group = { section: c.section, node: h('section', { class: 'section-group' },
        h('h3', null, c.section ? c.section + (title ? ' ' + title : '')
          : 'Controls the profile does not list')), controls: [] };
      groups.push(group);
      list.append(group.node);
    }
    const counts = h('span', { class: 'ccounts' });
    const body = h('div', { class: 'cbody' });
    c.node = h('details', { class: 'control', 'data-control': c.id },
      h('summary', null, badge(c.status), h('span', { class: 'cid' }, c.id),
        h('span', { class: 'ctitle' }, c.title), counts), body);
    c.countsNode = counts;
    c.body = body;
    c.node.addEventListener('toggle', () => { if (c.node.open) renderBody(c); });
    group.controls.push(c);
    group.node.append(c.node);
  }

  let generation = 0;
  function renderBody(c) {
    if (c.rendered === generation) return;
    c.rendered = generation;
    c.body.replaceChildren();
    const meta = [];
    if (c.assessment) meta.push(c.assessment + ' in the benchmark');
    if (c.level) meta.push('level ' + c.level);
    meta.push(c.automated ? 'decided by kcis from evidence' : 'reviewed by a person');
    if (c.rules.length) meta.push((c.rules.length === 1 ? 'rule ' : 'rules ') + c.rules.join(', '));
    c.body.append(h('p', { class: 'cmeta' }, meta.join(' \u00b7 ')));

    const tbody = h('tbody');
    const caption = h('caption');
    const table = h('table', { class: 'results' }, caption,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Target'), h('th', { scope: 'col' }, 'Finding'),
        h('th', { scope: 'col' }, 'Evidence'))), tbody);
    const more = h('button', { type: 'button', class: 'link more' });
    let drawn = 0;
    const page = () => {
      const end = Math.min(c.matched.length, drawn + PAGE);
      const rows = document.createDocumentFragment();
      for (let i = drawn; i < end; i++) rows.append(resultRow(c.matched[i], c));
      tbody.append(rows);
      drawn = end;
      caption.textContent = c.matched.length === c.results.length
        ? plural(c.matched.length, 'result')
        : c.matched.length + ' of ' + plural(c.results.length, 'result') + ' match the filters';
      if (drawn < c.matched.length) caption.textContent += ' (' + drawn + ' listed)';
      more.hidden = drawn >= c.matched.length;
      more.textContent = 'Show ' + Math.min(PAGE, c.matched.length - drawn) + ' more of the '
        + (c.matched.length - drawn) + ' left';
    };
    more.addEventListener('click', page);
    page();
    c.body.append(h('div', { class: 'scroll' }, table), more);

    for (const rule of c.rules.length ? c.rules : [null]) {
      const r = rule === null ? null : data.rules[rule];
      if (!r) continue;
      c.body.append(h('h4', null, 'How to comply' + (c.rules.length > 1 ? ' (' + rule + ')' : '')),
        h('p', { class: 'remedy' }, r.remediation || 'No remediation is recorded.'));
      c.body.append(mappingTable(r.mappings, c.rules.length > 1 ? rule : null));
    }
  }

  function mappingTable(mappings, rule) {
    if (!mappings || mappings.length === 0) {
      return h('p', { class: 'empty' }, 'No framework mappings.');
    }
    const tbody = h('tbody');
    for (const m of mappings) {
      tbody.append(h('tr', null, h('td', null, m.framework), h('td', null, h('code', null, m.id)),
        h('td', null, m.title || ''), h('td', null, provenance(m.provenance, null)),
        h('td', { class: 'basis' }, m.basis || '')));
    }
    return h('div', { class: 'scroll' }, h('table', { class: 'mappings' },
      h('caption', null, 'Mappings' + (rule ? ' of ' + rule : '') + ' (' + mappings.length + ')'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Framework'),
        h('th', { scope: 'col' }, 'Requirement'), h('th', { scope: 'col' }, 'Title'),
        h('th', { scope: 'col' }, 'Provenance'), h('th', { scope: 'col' }, 'Basis'))), tbody));
  }

  function provenance(p, basis) {
    const kind = ['sourced', 'transitive', 'derived'].includes(p) ? p : 'other';
    return h('span', { class: 'prov prov-' + kind, title: basis }, p);
  }

  function resultRow(r, c) {
    const finding = h('td');
    if (r.message) finding.append(h('div', null, r.message));
    else if (r.status === 'PASS') finding.append(h('span', { class: 'empty' }, 'complies'));
    if (r.waiver) {
      finding.append(h('div', { class: 'waiver' }, h('span', { class: 'label' }, 'Waiver: '),
        r.waiver));
    }
    if (r.rule && c.rules.length > 1) {
      finding.append(h('div', { class: 'label' }, 'rule ' + r.rule));
    }
    if (r.remediation !== undefined && r.remediation !== null) {
      finding.append(h('div', null, h('span', { class: 'label' }, 'How to comply: '),
        r.remediation));
    }
    if (r.fix) {
      const label = r.fix.kind === 'suggestion' ? 'Fix (needs a decision): '
        : r.fix.kind === 'command' ? 'Fix (command): ' : 'Fix (kcis fix --write): ';
      finding.append(h('div', null, h('span', { class: 'label' }, label), r.fix.description));
      if (r.fix.patch) finding.append(h('pre', { class: 'fix-patch' }, r.fix.patch));
    }
    if (r.mappings) finding.append(mappingTable(r.mappings, null));
    const evidence = h('td');
    if (r.expected) {
      evidence.append(h('div', null, h('span', { class: 'label' }, 'expected '),
        h('code', null, r.expected)));
    }
    if (r.observed.length) {
      const ul = h('ul', { class: 'obs' });
      for (const o of r.observed) {
        const where = [o.source, o.location, o.path].filter((p) => p).join(' \u00b7 ');
        ul.append(h('li', null, h('span', { class: 'label' }, 'observed '),
          h('code', null, o.item), ' = ',
          o.value === null || o.value === undefined ? h('em', null, '(unset)')
            : h('code', null, o.value),
          h('span', { class: 'where' }, where)));
      }
      evidence.append(ul);
    } else {
      evidence.append(h('div', { class: 'empty' }, 'nothing observed'));
    }
    return h('tr', { 'data-status': statusOf(r.status) }, h('td', null, badge(r.status)),
      h('td', { class: 'target' }, r.target), finding, evidence);
  }

  // ---- controls: filtering ----
  function selectedStatuses() {
    const on = statusBoxes.filter((b) => b.checked).map((b) => b.value);
    return on.length ? new Set(on) : null;
  }

  function allowedControls() {
    const f = frameworkById.get(frameworkSelect.value);
    if (!f) return null;
    return requirementSelect.value ? f.byRequirement.get(requirementSelect.value) || new Set()
      : f.all;
  }

  function apply() {
    generation++;
    const statuses = selectedStatuses();
    const section = sectionSelect.value;
    const allowed = allowedControls();
    const words = search.value.toLowerCase().split(/\s+/).filter((w) => w);
    if (words.length) ensureSearchText();
    let controlCount = 0;
    let resultCount = 0;
    for (const c of listed) {
      const matched = [];
      const inSection = !section || c.section === section || c.section.startsWith(section + '.');
      if (inSection && (!allowed || allowed.has(c.id))) {
        const left = words.length ? words.filter((w) => !c.hay.includes(w)) : words;
        for (const r of c.results) {
          if (statuses && !statuses.has(r.status)) continue;
          if (left.length && !left.every((w) => r.hay.includes(w))) continue;
          matched.push(r);
        }
      }
      c.matched = matched;
      const visible = matched.length > 0;
      if (c.node.hidden === visible) c.node.hidden = !visible;
      if (visible) {
        controlCount++;
        resultCount += matched.length;
        c.countsNode.textContent = countsText(c);
        if (c.node.open) renderBody(c);
      }
    }
    for (const g of groups) g.node.hidden = !g.controls.some((c) => !c.node.hidden);
    const filtered = resultCount !== data.results.length;
    count.textContent = plural(controlCount, 'control') + ', ' + plural(resultCount, 'result')
      + (filtered ? ' match (of ' + listed.length + ' controls, ' + data.results.length
        + ' results)' : '');
    count.dataset.controls = String(controlCount);
    count.dataset.results = String(resultCount);
    count.dataset.search = search.value;
    nothing.hidden = controlCount > 0;
  }

  function countsText(c) {
    const n = new Map();
    for (const r of c.matched) n.set(r.status, (n.get(r.status) || 0) + 1);
    const parts = data.statuses.filter((s) => n.has(s)).map((s) => n.get(s) + ' ' + s);
    return parts.join(', ') + (c.matched.length < c.results.length
      ? ' (of ' + plural(c.results.length, 'result') + ')' : '');
  }

  function fillRequirements() {
    const f = frameworkById.get(frameworkSelect.value);
    requirementSelect.replaceChildren(new Option(f ? 'Any requirement of ' + f.name
      : 'Any requirement', ''));
    requirementSelect.disabled = !f;
    if (!f) return;
    for (const r of f.requirements) {
      requirementSelect.append(new Option(r.id + (r.title ? ' ' + r.title : '') + ' \u2014 '
        + r.status, r.id));
    }
  }

  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(apply, 150);
  });
  search.addEventListener('change', () => { clearTimeout(timer); apply(); });
  statusBoxes.forEach((b) => b.addEventListener('change', apply));
  sectionSelect.addEventListener('change', apply);
  frameworkSelect.addEventListener('change', () => { fillRequirements(); apply(); });
  requirementSelect.addEventListener('change', apply);
  clear.addEventListener('click', () => {
    statusBoxes.forEach((b) => { b.checked = false; });
    sectionSelect.value = '';
    frameworkSelect.value = '';
    fillRequirements();
    search.value = '';
    apply();
  });
  expandAll.addEventListener('click', () => {
    for (const c of listed) if (!c.node.hidden) c.node.open = true;
  });
  collapseAll.addEventListener('click', () => {
    for (const c of listed) c.node.open = false;
  });

  // ---- frameworks ----
  const frameworkButtons = h('div', { class: 'fw-buttons', role: 'group',
    'aria-label': 'Framework' });
  const frameworkView = h('div', { id: 'framework-view' });
  frameworksPanel.append(frameworkButtons, frameworkView);
  if (frameworks.length === 0) {
    frameworkView.append(h('p', { class: 'empty' }, 'No result maps to a framework.'));
  }
  const buttons = frameworks.map((f) => {
    const b = h('button', { type: 'button', 'aria-pressed': 'false', 'data-framework': f.id },
      f.name + ' \u2014 ' + f.score);
    b.addEventListener('click', () => showFramework(f));
    frameworkButtons.append(b);
    return b;
  });

  function showFramework(f) {
    buttons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.framework === f.id)));
    frameworkView.replaceChildren(h('h3', null, f.name));
    frameworkView.append(h('p', null, h('strong', null, f.score), ': ' + f.passed + ' of '
      + f.decided + ' decided requirements pass; ' + f.failed + ' fail, ' + f.inconclusive
      + ' inconclusive, ' + f.excluded + ' not scored. A requirement takes the most urgent '
      + 'status of the controls mapped to it.'));
    if (data.provenance.length) {
      frameworkView.append(h('p', { class: 'note' }, 'Only mappings of provenance '
        + data.provenance.join(', ') + ' are counted.'));
    }
    const tbody = h('tbody');
    for (const req of f.requirements) {
      const mapped = h('ul', { class: 'mapped' });
      for (const m of req.controls) {
        const c = controlById.get(m.control);
        mapped.append(h('li', null, badge(c ? c.status : 'INCONCLUSIVE'), ' ',
          h('strong', null, m.control), ' ', c ? c.title : '', ' ', provenance(m.provenance,
            m.basis)));
      }
      const show = h('button', { type: 'button', class: 'link' }, 'Show these controls');
      show.addEventListener('click', () => {
        frameworkSelect.value = f.id;
        fillRequirements();
        requirementSelect.value = req.id;
        apply();
        select(0);
        tabs[0].focus();
      });
      tbody.append(h('tr', { 'data-status': statusOf(req.status) },
        h('td', null, badge(req.status)),
        h('td', null, h('strong', null, req.id), req.title ? ' ' + req.title : ''),
        h('td', null, mapped, show)));
    }
    frameworkView.append(h('div', { class: 'scroll' }, h('table', { class: 'requirements' },
      h('caption', null, plural(f.requirements.length, 'requirement') + ' with mapped controls'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Requirement'),
        h('th', { scope: 'col' }, 'Controls mapped to it (provenance of the mapping)'))),
      tbody)));
  }

  // A printout has no filters to open the per-section counts with.
  window.addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll('details.section-table')) d.open = true;
  });

  // ---- opening view ----
  apply();
  const opening = frameworkById.get(data.framework);
  if (frameworks.length) showFramework(opening || frameworks[0]);
  select(opening ? 1 : 0);
  performance.mark('kcis-ready');
  document.documentElement.setAttribute('data-ready', 'true');
})();
