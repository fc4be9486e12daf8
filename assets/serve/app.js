/* innomap serve — the query page: Yasqe editor, canned-query library, results with labels,
 * CSV/JSON downloads, and a graph view of CONSTRUCT/DESCRIBE answers. Every request goes to this
 * server (the page's Content-Security-Policy enforces it). */
(function () {
  'use strict';
  var lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  var TEXT = {
    zh: {
      title: '产业科技创新资源图谱 · 高级查询（SPARQL）', library: '查询库', run: '运行查询',
      table: '表格', graph: '关系图', consortiumPage: '分析工作台', otherLang: 'English',
      running: '查询中…', rows: function (n, ms) { return '共 ' + n + ' 行 · ' + ms + ' 毫秒'; },
      triples: function (n, ms) { return '共 ' + n + ' 个三元组 · ' + ms + ' 毫秒'; },
      optional: '（可选）', edited: '查询已修改：参数不再绑定，按编辑器中的文本运行',
      subject: '主语', predicate: '谓语', object: '宾语', answer: '结果',
      downloadCsv: '下载 CSV', downloadJson: '下载 JSON', downloadTtl: '下载 Turtle', downloadJsonld: '下载 JSON-LD',
      failed: '查询失败'
    },
    en: {
      title: 'Innovation resource map · SPARQL queries', library: 'Query library', run: 'Run query',
      table: 'Table', graph: 'Graph', consortiumPage: 'Workbench', otherLang: '中文',
      running: 'Running…', rows: function (n, ms) { return n + ' row' + (n === 1 ? '' : 's') + ' · ' + ms + ' ms'; },
      triples: function (n, ms) { return n + ' triple' + (n === 1 ? '' : 's') + ' · ' + ms + ' ms'; },
      optional: ' (optional)', edited: 'The query was edited: parameters are not bound; the editor text runs as it is',
      subject: 'subject', predicate: 'predicate', object: 'object', answer: 'answer',
      downloadCsv: 'Download CSV', downloadJson: 'Download JSON', downloadTtl: 'Download Turtle', downloadJsonld: 'Download JSON-LD',
      failed: 'The query failed'
    }
  }[lang];
  var RESULTS_ACCEPT = 'application/sparql-results+json, application/n-triples;q=0.9';

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-t]'), function (node) {
    node.textContent = TEXT[node.getAttribute('data-t')];
  });
  document.title = TEXT.title;
  $('other-lang').textContent = TEXT.otherLang;
  $('other-lang').href = lang === 'en' ? '/advanced' : '/advanced?lang=en';
  $('to-consortium').href = '/' + (lang === 'en' ? '?lang=en' : '');

  /* The server predeclares these prefixes; the editor's syntax check does not know them, so the
     text shown declares the ones it uses (valid SPARQL on any endpoint, too). */
  var PREFIXES = JSON.parse(document.getElementById('prefixes').textContent);
  function withPrefixes(text) {
    var declared = {};
    text.replace(/PREFIX\s+([A-Za-z][\w-]*)?:/gi, function (_, p) { declared[p || ''] = true; return _; });
    var body = text.replace(/<[^>\s]*>|"(?:[^"\\]|\\.)*"|#[^\n]*/g, ' ');
    var lines = [];
    Object.keys(PREFIXES).forEach(function (p) {
      if (!declared[p] && new RegExp('(^|[^\\w?$:])' + p + ':').test(body)) {
        lines.push('PREFIX ' + p + ': <' + PREFIXES[p] + '>');
      }
    });
    return lines.length ? lines.join('\n') + '\n' + text : text;
  }

  var yasqe = new Yasgui.Yasqe($('editor'), {
    persistenceId: null,
    showQueryButton: false,
    createShareableLink: null,
    autocompleters: ['prefixes', 'variables'],
    editorHeight: '280px',
    requestConfig: { endpoint: '/sparql' }
  });
  yasqe.setValue(withPrefixes('SELECT ?chain ?label WHERE {\n  ?chain a im:Chain ; rdfs:label ?label .\n  FILTER(lang(?label) = "' + lang + '")\n}\nORDER BY ?chain\n'));

  var state = { canned: null, cannedText: null, last: null, cy: null, graph: null };
  state.yasqe = yasqe;
  window.innomap = state;

  /* The library: titles in the page's language, the other language beneath. */
  fetch('/queries', { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (list) {
      var ul = $('queries');
      list.forEach(function (q) {
        var li = el('li', { 'data-name': q.name, title: q.purpose }, [
          el('span', { 'class': 'title', text: q.title[lang] }),
          el('span', { 'class': 'other', text: q.title[lang === 'en' ? 'zh' : 'en'] }),
          el('span', { 'class': 'name', text: q.name })
        ]);
        li.addEventListener('click', function () { select(q, li); });
        ul.appendChild(li);
      });
      document.body.setAttribute('data-ready', 'true');
    })
    .catch(function (e) { showError(String(e)); });

  function select(q, li) {
    Array.prototype.forEach.call(document.querySelectorAll('#queries li'), function (n) {
      n.classList.toggle('selected', n === li);
    });
    state.canned = q;
    yasqe.setValue(withPrefixes(q.text));
    state.cannedText = yasqe.getValue();
    var box = $('params');
    box.innerHTML = '';
    q.params.forEach(function (p) {
      var input = el('input', { name: p.name, placeholder: p.description || p.type, 'data-type': p.type });
      box.appendChild(el('label', { title: p.type }, [
        document.createTextNode(p.name + (p.optional ? TEXT.optional : '')), input
      ]));
    });
  }

  /* The request that runs what the page shows: a canned query by name with bound parameters while
   * its text is unchanged, else the editor's text by POST. */
  function request(accept) {
    var text = yasqe.getValue();
    if (state.canned && text === state.cannedText) {
      var query = [];
      Array.prototype.forEach.call(document.querySelectorAll('#params input'), function (input) {
        if (input.value.trim()) {
          query.push(encodeURIComponent(input.name) + '=' + encodeURIComponent(input.value.trim()));
        }
      });
      return fetch('/queries/' + encodeURIComponent(state.canned.name) + (query.length ? '?' + query.join('&') : ''),
        { headers: { Accept: accept } });
    }
    return fetch('/sparql', {
      method: 'POST',
      headers: { Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'query=' + encodeURIComponent(text)
    });
  }

  function showError(message) {
    var box = $('error');
    box.textContent = message;
    box.hidden = false;
  }

  function errorText(response) {
    return response.text().then(function (body) {
      try {
        var json = JSON.parse(body);
        var extra = (json.suggestions || json.candidates || []).map(function (s) {
          return typeof s === 'string' ? s : s.id + ' (' + s.label + ')';
        });
        return json.error + (extra.length ? '\n' + extra.join(', ') : '');
      } catch (e) {
        return body.trim();
      }
    });
  }

  $('run').addEventListener('click', run);
  function run() {
    var started = Date.now();
    $('run').disabled = true;
    $('error').hidden = true;
    $('status').textContent = TEXT.running;
    var results = $('results');
    results.removeAttribute('data-state');
    var edited = state.canned && yasqe.getValue() !== state.cannedText && $('params').children.length;
    request(RESULTS_ACCEPT).then(function (response) {
      if (!response.ok) {
        return errorText(response).then(function (message) { throw new Error(message); });
      }
      var type = (response.headers.get('Content-Type') || '').split(';')[0];
      if (type === 'application/n-triples') {
        return response.text().then(function (text) { showGraph(parseNTriples(text), started); });
      }
      return response.json().then(function (json) { return showSolutions(json, started); });
    }).catch(function (e) {
      $('status').textContent = '';
      showError(TEXT.failed + ': ' + e.message);
    }).then(function () {
      $('run').disabled = false;
      if (edited) { $('status').textContent += ' · ' + TEXT.edited; }
    });
  }

  /* Labels for IRIs, from /labels in the page's language. */
  function fetchLabels(iris) {
    if (!iris.length) { return Promise.resolve({}); }
    var body = 'lang=' + lang + iris.map(function (i) { return '&iri=' + encodeURIComponent(i); }).join('');
    return fetch('/labels', {
      method: 'POST', body: body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }
    }).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
  }

  function shortIri(iri) {
    var m = /^https:\/\/w3id\.org\/innomap\/id\/[^/]+\/[^/]+\/([^/]+)$/.exec(iri);
    if (m) { return m[1]; }
    var hash = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
    return hash >= 0 && hash < iri.length - 1 ? iri.slice(hash + 1) : iri;
  }

  function cell(term, labels) {
    var td = el('td');
    if (!term) { return td; }
    if (term.type === 'uri') {
      var label = labels[term.value];
      td.title = term.value;
      td.appendChild(document.createTextNode(label || shortIri(term.value)));
      if (label) { td.appendChild(el('span', { 'class': 'id', text: shortIri(term.value) })); }
    } else if (term.type === 'bnode') {
      td.textContent = '_:' + term.value;
    } else {
      td.textContent = term.value;
      if (term['xml:lang']) { td.title = '@' + term['xml:lang']; }
    }
    return td;
  }

  function showTable(headings, rows, labels) {
    var table = el('table', { id: 'result-table' }, [
      el('thead', {}, [el('tr', {}, headings.map(function (h) { return el('th', { text: h }); }))]),
      el('tbody', {}, rows.map(function (row) {
        return el('tr', {}, row.map(function (term) { return cell(term, labels); }));
      }))
    ]);
    var view = $('table-view');
    view.innerHTML = '';
    view.appendChild(table);
  }

  function headingsFor(variables) {
    var q = state.canned;
    if (lang === 'zh' && q && yasqe.getValue() === state.cannedText && q.columns_zh.length === variables.length) {
      return q.columns_zh;
    }
    return variables;
  }

  function showSolutions(json, started) {
    var ms = Date.now() - started;
    selectTab('table');
    $('tab-graph').hidden = true;
    setDownloads([
      [TEXT.downloadCsv, 'text/csv', 'results.csv', true],
      [TEXT.downloadJson, 'application/sparql-results+json', 'results.json', false]
    ]);
    if (typeof json.boolean === 'boolean') {
      showTable([TEXT.answer], [[{ type: 'literal', value: String(json.boolean) }]], {});
      return finish(1, TEXT.rows(1, ms));
    }
    var variables = json.head.vars;
    var rows = json.results.bindings.map(function (b) { return variables.map(function (v) { return b[v]; }); });
    var iris = {};
    rows.forEach(function (r) { r.forEach(function (t) { if (t && t.type === 'uri') { iris[t.value] = true; } }); });
    return fetchLabels(Object.keys(iris)).then(function (labels) {
      showTable(headingsFor(variables), rows, labels);
      finish(rows.length, TEXT.rows(rows.length, ms));
    });
  }

  function finish(count, status) {
    $('status').textContent = status;
    var results = $('results');
    results.hidden = false;
    results.setAttribute('data-rows', String(count));
    results.setAttribute('data-state', 'done');
  }

  /* N-Triples as the server writes them: one triple per line. */
  function parseNTriples(text) {
    var term = '(<[^>]*>|_:\\S+|"(?:[^"\\\\]|\\\\.)*"(?:@[A-Za-z0-9-]+|\\^\\^<[^>]*>)?)';
    var line = new RegExp('^' + term + '\\s+' + term + '\\s+' + term + '\\s*\\.\\s*$');
    function decode(t) {
      if (t.charAt(0) === '<') { return { type: 'uri', value: t.slice(1, -1) }; }
      if (t.indexOf('_:') === 0) { return { type: 'bnode', value: t.slice(2) }; }
      var end = t.lastIndexOf('"');
      var value = t.slice(1, end).replace(/\\u([0-9A-Fa-f]{4})/g, function (m, h) { return String.fromCharCode(parseInt(h, 16)); })
        .replace(/\\(.)/g, function (m, c) { return { n: '\n', r: '\r', t: '\t' }[c] || c; });
      var rest = t.slice(end + 1);
      var literal = { type: 'literal', value: value };
      if (rest.charAt(0) === '@') { literal['xml:lang'] = rest.slice(1); }
      return literal;
    }
    return text.split('\n').map(function (l) { return line.exec(l.trim()); })
      .filter(Boolean).map(function (m) { return [decode(m[1]), decode(m[2]), decode(m[3])]; });
  }

  function showGraph(triples, started) {
    var ms = Date.now() - started;
    setDownloads([
      [TEXT.downloadTtl, 'text/turtle', 'graph.ttl', false],
      [TEXT.downloadJsonld, 'application/ld+json', 'graph.jsonld', false]
    ]);
    var iris = {};
    triples.forEach(function (t) { t.forEach(function (x) { if (x.type === 'uri') { iris[x.value] = true; } }); });
    return fetchLabels(Object.keys(iris)).then(function (labels) {
      showTable([TEXT.subject, TEXT.predicate, TEXT.object], triples, labels);
      state.graph = { triples: triples, labels: labels };
      $('tab-graph').hidden = false;
      selectTab('graph');
      finish(triples.length, TEXT.triples(triples.length, ms));
    });
  }

  function drawGraph() {
    var graph = state.graph;
    if (!graph) { return; }
    var nodes = {}, edges = [];
    function node(term) {
      var id = (term.type === 'bnode' ? '_:' : '') + term.value;
      if (!nodes[id]) {
        nodes[id] = { data: { id: id, label: graph.labels[term.value] || shortIri(term.value) } };
      }
      return id;
    }
    graph.triples.forEach(function (t, i) {
      var s = node(t[0]);
      // Literals stay in the table; the picture shows how resources connect.
      if (t[2].type === 'literal') { return; }
      var o = node(t[2]);
      edges.push({ data: { id: 'e' + i, source: s, target: o, label: graph.labels[t[1].value] || shortIri(t[1].value) } });
    });
    if (state.cy) { state.cy.destroy(); }
    state.cy = cytoscape({
      container: $('graph-view'),
      elements: Object.keys(nodes).map(function (k) { return nodes[k]; }).concat(edges),
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'background-color': '#2f6fb2', width: 14, height: 14, color: '#1f2933', 'text-valign': 'bottom' } },
        { selector: 'edge', style: { label: 'data(label)', 'font-size': 8, width: 1, 'line-color': '#9fb3c8', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#9fb3c8', 'curve-style': 'bezier', color: '#627d98' } }
      ],
      layout: { name: 'cose', animate: false }
    });
  }

  function selectTab(which) {
    $('tab-table').classList.toggle('active', which === 'table');
    $('tab-graph').classList.toggle('active', which === 'graph');
    $('table-view').hidden = which !== 'table';
    $('graph-view').hidden = which !== 'graph';
    if (which === 'graph') { drawGraph(); }
  }
  $('tab-table').addEventListener('click', function () { selectTab('table'); });
  $('tab-graph').addEventListener('click', function () { selectTab('graph'); });

  /* Downloads run the same request again in the chosen format; CSV gets a byte order mark so that
   * Excel shows Chinese. */
  var downloads = [];
  function setDownloads(list) { downloads = list; ['download-a', 'download-b'].forEach(function (id, i) { $(id).textContent = list[i][0]; }); }
  ['download-a', 'download-b'].forEach(function (id, i) {
    $(id).addEventListener('click', function () {
      var d = downloads[i];
      if (!d) { return; }
      request(d[1]).then(function (response) {
        if (!response.ok) { return errorText(response).then(function (m) { throw new Error(m); }); }
        return response.blob();
      }).then(function (blob) {
        var parts = d[3] ? ['\ufeff', blob] : [blob];
        var a = el('a', { href: URL.createObjectURL(new Blob(parts, { type: d[1] })), download: d[2] });
        document.body.appendChild(a);
        a.click();
        a.remove();
      }).catch(function (e) { showError(TEXT.failed + ': ' + e.message); });
    });
  });
})();
