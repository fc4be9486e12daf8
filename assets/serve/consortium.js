/* innomap serve — the consortium page: choose one of the directions and see the consortium that
 * matching proposes (/match/consortium): the leader, who covers which required capability and how
 * each member connects to the leader, what stays uncovered, and whom to recruit for each gap. */
(function () {
  'use strict';
  var lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  var KINDS = JSON.parse(document.getElementById('kinds').textContent);
  var TEXT = {
    zh: {
      title: '攻关方向的创新联合体', queryPage: 'SPARQL 查询', otherLang: 'English', choose: '攻关方向',
      pick: '请选择攻关方向…', loading: '正在组建…', chain: '产业链', required: '所需能力',
      plan: '方案', score: '匹配度', covers: '覆盖', role: '角色', unit: '单位', kind: '类型',
      capabilities: '覆盖能力', path: '与牵头单位的联系', leader: '牵头', member: '成员',
      uncovered: '未覆盖', none: '无', gaps: '本地无人掌握的能力（缺口）与可引进的外部单位',
      capability: '缺失能力', candidate: '外部候选', country: '国家/地区', scoreHeading: '得分', noConsortium: '没有满足条件的牵头单位，未能组建联合体',
      failed: '请求失败'
    },
    en: {
      title: 'Consortia for key-technology directions', queryPage: 'SPARQL query', otherLang: '中文', choose: 'Direction',
      pick: 'Choose a direction…', loading: 'Forming…', chain: 'Chain', required: 'Required capabilities',
      plan: 'Plan', score: 'match', covers: 'covers', role: 'Role', unit: 'Organisation', kind: 'Kind',
      capabilities: 'Covers', path: 'Connection to the leader', leader: 'Leader', member: 'Member',
      uncovered: 'Uncovered', none: 'none', gaps: 'Capabilities no local actor holds (gaps), and whom to recruit',
      capability: 'Capability', candidate: 'External candidate', country: 'Country', scoreHeading: 'Score', noConsortium: 'No leader passes the gates; no consortium was formed',
      failed: 'The request failed'
    }
  }[lang];

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return node;
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (node) {
    node.textContent = TEXT[node.getAttribute('data-t')];
  });
  document.title = TEXT.title;
  $('other-lang').textContent = TEXT.otherLang;
  $('to-query').href = '/' + (lang === 'en' ? '?lang=en' : '');
  $('other-lang').href = '/consortium' + (lang === 'en' ? '' : '?lang=en');

  function kind(k) { return KINDS[k] || k; }
  function names(list) { return list.map(function (c) { return c.label; }).join(lang === 'en' ? ', ' : '、'); }
  function chips(list, cls) {
    return el('div', { 'class': 'caps' }, list.length ? list.map(function (c) {
      return el('span', { 'class': 'chip' + (cls ? ' ' + cls : ''), text: c.label });
    }) : [TEXT.none]);
  }
  function table(headings, rows, id) {
    return el('table', id ? { id: id } : {}, [
      el('thead', {}, [el('tr', {}, headings.map(function (h) { return el('th', { text: h }); }))]),
      el('tbody', {}, rows.map(function (r) { return el('tr', {}, r.map(function (c) { return el('td', { text: c }); })); }))
    ]);
  }

  function show(report) {
    var box = $('report');
    box.innerHTML = '';
    box.appendChild(el('h2', { text: report.direction.notation + ' · ' + report.direction.label }));
    box.appendChild(el('p', { text: TEXT.chain + (lang === 'en' ? ': ' : '：') + report.chain.label }));
    box.appendChild(el('h3', { text: TEXT.required }));
    box.appendChild(chips(report.required_capabilities));
    var consortium = report.consortia[0];
    if (!consortium) {
      box.appendChild(el('p', { text: TEXT.noConsortium }));
    } else {
      box.appendChild(el('h3', {
        text: TEXT.plan + ' 1 · ' + TEXT.score + ' ' + consortium.score.toFixed(1) + ' · ' + TEXT.covers + ' ' +
          consortium.covered.length + '/' + report.required_capabilities.length
      }));
      var rows = [[TEXT.leader, consortium.leader.label + ' (' + consortium.leader.id + ')', kind(consortium.leader.kind), names(consortium.leader.covers), '']];
      consortium.members.forEach(function (m) {
        var path = m.evidence.path.map(function (n) { return n.label; }).join(' → ');
        rows.push([TEXT.member, m.label + ' (' + m.id + ')', kind(m.kind), names(m.covers), path]);
      });
      box.appendChild(table([TEXT.role, TEXT.unit, TEXT.kind, TEXT.capabilities, TEXT.path], rows, 'members'));
      box.appendChild(el('h3', { text: TEXT.uncovered }));
      box.appendChild(chips(consortium.uncovered, 'gap'));
    }
    if (report.gaps.length) {
      box.appendChild(el('h3', { text: TEXT.gaps }));
      var gapRows = [];
      report.gaps.forEach(function (g) {
        if (!g.external_candidates.length) { gapRows.push([g.capability.label, TEXT.none, '', '', '']); }
        g.external_candidates.forEach(function (c, i) {
          gapRows.push([i === 0 ? g.capability.label : '', c.label + ' (' + c.id + ')', kind(c.kind), c.country || '', c.score.toFixed(3)]);
        });
      });
      box.appendChild(table([TEXT.capability, TEXT.candidate, TEXT.kind, TEXT.country, TEXT.scoreHeading], gapRows, 'gaps'));
    }
    box.setAttribute('data-state', 'done');
  }

  function load(direction) {
    var box = $('report');
    box.removeAttribute('data-state');
    $('error').hidden = true;
    $('status').textContent = TEXT.loading;
    var started = Date.now();
    fetch('/match/consortium?top=1&lang=' + lang + '&direction=' + encodeURIComponent(direction), { headers: { Accept: 'application/json' } })
      .then(function (r) {
        return r.json().then(function (json) {
          if (!r.ok) { throw new Error(json.error); }
          return json;
        });
      })
      .then(function (report) {
        show(report);
        $('status').textContent = (Date.now() - started) + ' ms';
      })
      .catch(function (e) {
        $('status').textContent = '';
        var error = $('error');
        error.textContent = TEXT.failed + ': ' + e.message;
        error.hidden = false;
      });
  }

  var select = $('direction');
  select.addEventListener('change', function () {
    if (select.value) {
      history.replaceState(null, '', '/consortium?' + (lang === 'en' ? 'lang=en&' : '') + 'direction=' + encodeURIComponent(select.value));
      load(select.value);
    }
  });
  fetch('/match/directions?lang=' + lang, { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (list) {
      select.appendChild(el('option', { value: '', text: TEXT.pick }));
      list.forEach(function (d) { select.appendChild(el('option', { value: d.id, text: d.id + ' · ' + d.label })); });
      document.body.setAttribute('data-ready', 'true');
      var wanted = new URLSearchParams(location.search).get('direction');
      if (wanted) { select.value = wanted; load(wanted); }
    });
})();
