/* innomap workbench: draws any page from its JSON (/api/page/KIND) — facts, sortable tables with
   XLSX/CSV downloads, ECharts charts and a Cytoscape network. Chinese by default, ?lang=en for
   English. Everything it loads comes from this server. */
(function () {
  'use strict';

  var params = new URLSearchParams(location.search);
  var lang = params.get('lang') === 'en' ? 'en' : 'zh';
  var body = document.body;
  var page = body.getAttribute('data-page');
  var pageId = body.getAttribute('data-id');

  var TEXT = {
    zh: {
      brand: '产业科技创新资源图谱', overview: '总览', pools: '培育库', analysis: '分析研判', advanced: '高级查询',
      search: '搜索', searchHint: '企业、高校、方向、产业链…', other: 'English', loading: '正在加载…',
      failed: '页面数据读取失败，请稍后重试。', offline: '无法连接服务器。', xlsx: '下载 Excel', csv: '下载 CSV',
      rows: '行', empty: '（无数据）', sortHint: '点击表头排序', network: '关系网络图',
      networkHint: '点击节点打开其页面；滚轮缩放，拖动平移。', seeAlso: '相关页面：', dataVersion: '数据版本',
      printed: '打印时间', sections: '本页内容', kind: '类型', fit: '适应窗口', noResults: '没有找到匹配的实体。'
    },
    en: {
      brand: 'Innovation resource map', overview: 'Overview', pools: 'Pools', analysis: 'Analysis', advanced: 'SPARQL',
      search: 'Search', searchHint: 'firm, university, direction, chain…', other: '中文', loading: 'Loading…',
      failed: 'The page could not be loaded; try again shortly.', offline: 'The server cannot be reached.',
      xlsx: 'Excel', csv: 'CSV', rows: 'rows', empty: '(none)', sortHint: 'Click a heading to sort',
      network: 'Network', networkHint: 'Click a node to open its page; scroll to zoom, drag to pan.',
      seeAlso: 'See: ', dataVersion: 'Data version', printed: 'Printed', sections: 'On this page', kind: 'Kind',
      fit: 'Fit', noResults: 'No entity matches.'
    }
  };
  var T = TEXT[lang];
  var PAGE_OF = {
    firm: 'firm', chain: 'chain', direction: 'direction', person: 'entity', capability: 'entity',
    place: 'entity', fund: 'entity'
  };
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var PALETTE = ['#2f6fb2', '#e08a1e', '#3a9d5d', '#c0392b', '#8e5ea2', '#5b7083', '#17a2b8', '#b7950b'];
  var charts = [];
  var networks = [];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  /* An internal link in the page's language. */
  function local(href) {
    if (lang !== 'en' || !href) { return href; }
    return href + (href.indexOf('?') >= 0 ? '&' : '?') + 'lang=en';
  }

  function link(text, href) {
    var a = el('a', null, text);
    a.href = local(href);
    return a;
  }

  function chrome() {
    document.getElementById('brand').textContent = T.brand;
    var nav = document.getElementById('nav');
    [['/', T.overview, 'overview'], ['/pools', T.pools, 'pools'], ['/analysis', T.analysis, 'analysis'], ['/advanced', T.advanced, 'advanced']].forEach(function (item) {
      var a = link(item[1], item[0]);
      if (item[2] === page) { a.className = 'current'; }
      nav.appendChild(a);
    });
    document.getElementById('home').href = local('/');
    var q = document.getElementById('q');
    q.placeholder = T.searchHint;
    q.setAttribute('aria-label', T.search);
    if (page === 'search') { q.value = params.get('q') || ''; }
    document.getElementById('search-go').textContent = T.search;
    if (lang === 'en') {
      var hidden = document.getElementById('search-lang');
      hidden.disabled = false;
      hidden.value = 'en';
    }
    var other = new URLSearchParams(location.search);
    if (lang === 'en') { other.delete('lang'); } else { other.set('lang', 'en'); }
    var switcher = document.getElementById('other-lang');
    var query = other.toString();
    switcher.href = location.pathname + (query ? '?' + query : '');
    switcher.textContent = T.other;
    document.getElementById('loading').textContent = T.loading;
  }

  function apiUrl() {
    var api = new URLSearchParams();
    if (pageId) { api.set('id', pageId); }
    if (page === 'search') { api.set('q', params.get('q') || ''); }
    api.set('lang', lang);
    return '/api/page/' + page + '?' + api.toString();
  }

  function showError(message, links) {
    var box = document.getElementById('error');
    box.textContent = '';
    box.appendChild(el('p', null, message));
    if (links && links.length) {
      var list = el('ul');
      links.forEach(function (l) {
        var li = el('li');
        li.appendChild(link(l.label + '（' + l.id + '）', l.href));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    box.hidden = false;
    document.getElementById('loading').hidden = true;
    document.title = T.brand;
    body.setAttribute('data-ready', 'true');
  }

  /* ---- numbers ---- */
  function shown(value, column) {
    if (value === null || value === undefined) { return ''; }
    if (typeof value === 'object') { return value.text; }
    if (typeof value !== 'number') { return String(value); }
    if (column.type === 'percent') { return (value * 100).toFixed(column.places) + '%'; }
    if (column.type === 'number') { return value.toFixed(column.places); }
    if (column.type === 'mixed') { return Number.isInteger(value) ? String(value) : value.toFixed(column.places); }
    return String(value);
  }

  function sortKey(value) {
    if (value === null || value === undefined) { return null; }
    if (typeof value === 'object') { return value.text; }
    return value;
  }

  /* ---- sort state in the URL: sort=TABLE.COLUMN.a|d, one per table ---- */
  function sortState() {
    var state = {};
    params.getAll('sort').forEach(function (s) {
      var parts = s.split('.');
      if (parts.length === 3) { state[parts[0]] = { column: +parts[1], desc: parts[2] === 'd' }; }
    });
    return state;
  }

  function saveSort(name, column, desc) {
    var kept = params.getAll('sort').filter(function (s) { return s.split('.')[0] !== name; });
    params.delete('sort');
    kept.forEach(function (s) { params.append('sort', s); });
    params.append('sort', name + '.' + column + '.' + (desc ? 'd' : 'a'));
    history.replaceState(null, '', location.pathname + '?' + params.toString());
  }

  var collator = new Intl.Collator(lang === 'zh' ? 'zh-CN' : 'en', { numeric: true });

  function drawRows(tbody, table, order) {
    tbody.textContent = '';
    order.forEach(function (r) {
      var tr = el('tr');
      table.rows[r].forEach(function (value, c) {
        var column = table.columns[c];
        var td = el('td', column.type === 'text' ? null : 'num');
        if (value && typeof value === 'object' && value.href) {
          td.appendChild(link(value.text, value.href));
        } else {
          td.textContent = shown(value, column);
          if (column.type === 'text' && td.textContent.length <= 6) { td.className = 'short'; }
        }
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  function renderTable(block) {
    var wrap = el('div', 'table-block');
    wrap.setAttribute('data-table', block.name);
    var head = el('div', 'block-head');
    head.appendChild(el('h3', null, block.title));
    head.appendChild(el('span', 'count', block.rows.length + ' ' + T.rows));
    var tools = el('span', 'tools');
    ['xlsx', 'csv'].forEach(function (format) {
      var download = new URLSearchParams();
      download.set('page', page);
      if (pageId) { download.set('id', pageId); }
      if (page === 'search') { download.set('q', params.get('q') || ''); }
      download.set('table', block.name);
      download.set('format', format);
      download.set('lang', lang);
      var a = el('a', 'download ' + format, format === 'xlsx' ? T.xlsx : T.csv);
      a.href = '/api/table?' + download.toString();
      a.setAttribute('download', '');
      tools.appendChild(a);
    });
    head.appendChild(tools);
    wrap.appendChild(head);
    if (!block.rows.length) {
      wrap.appendChild(el('p', 'empty', page === 'search' ? T.noResults : T.empty));
      return wrap;
    }
    var scroller = el('div', 'table-scroll');
    var table = el('table');
    var thead = el('thead');
    var tr = el('tr');
    var tbody = el('tbody');
    var order = block.rows.map(function (_, i) { return i; });
    var current = { column: -1, desc: false };

    function sortBy(c, desc) {
      order.sort(function (a, b) {
        var x = sortKey(block.rows[a][c]);
        var y = sortKey(block.rows[b][c]);
        if (x === null && y === null) { return a - b; }
        if (x === null) { return 1; }
        if (y === null) { return -1; }
        var d = (typeof x === 'number' && typeof y === 'number') ? x - y : collator.compare(String(x), String(y));
        if (d === 0) { return a - b; }
        return desc ? -d : d;
      });
      current = { column: c, desc: desc };
      Array.prototype.forEach.call(tr.children, function (th, i) {
        th.setAttribute('aria-sort', i === c ? (desc ? 'descending' : 'ascending') : 'none');
      });
      drawRows(tbody, block, order);
    }

    block.columns.forEach(function (column, c) {
      var th = el('th', column.type === 'text' ? null : 'num', column.label);
      th.title = T.sortHint;
      th.setAttribute('aria-sort', 'none');
      th.tabIndex = 0;
      var activate = function () {
        var desc = current.column === c ? !current.desc : column.type !== 'text';
        sortBy(c, desc);
        saveSort(block.name, c, desc);
      };
      th.addEventListener('click', activate);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter') { activate(); } });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    table.appendChild(tbody);
    var saved = sortState()[block.name];
    if (saved && saved.column < block.columns.length) {
      sortBy(saved.column, saved.desc);
    } else {
      drawRows(tbody, block, order);
    }
    scroller.appendChild(table);
    wrap.appendChild(scroller);
    return wrap;
  }

  /* ---- charts ---- */
  function renderChart(block) {
    var wrap = el('div', 'chart-block');
    wrap.setAttribute('data-chart', block.name);
    wrap.appendChild(el('h3', null, block.title));
    var box = el('div', 'chart');
    var many = block.categories.length;
    var horizontal = block.chart === 'hbar';
    box.style.height = horizontal ? Math.max(160, 48 * many + 60) + 'px' : '340px';
    wrap.appendChild(box);
    setTimeout(function () { drawChart(box, block, horizontal); }, 0);
    return wrap;
  }

  function drawChart(box, block, horizontal) {
    var chart = echarts.init(box, null, { renderer: 'svg' });
    var longest = block.categories.reduce(function (m, c) { return Math.max(m, c.length); }, 0);
    var rotate = !horizontal && block.categories.length > 6 && longest > 4 ? 30 : 0;
    var category = {
      type: 'category', data: block.categories,
      axisLabel: { interval: 0, rotate: rotate, fontFamily: FONT, fontSize: 12,
        formatter: function (v) { var most = lang === 'en' ? 20 : 10; return v.length > most ? v.slice(0, most - 1) + '…' : v; } },
      triggerEvent: true
    };
    var valueAxis = { type: 'value', minInterval: 1, axisLabel: { fontFamily: FONT } };
    var series = block.series.map(function (s, i) {
      var out = {
        name: s.name, type: 'bar', data: s.data, stack: block.stacked ? 'total' : undefined,
        itemStyle: { color: PALETTE[i % PALETTE.length] }, barMaxWidth: 42,
        label: { show: !block.stacked, position: horizontal ? 'right' : 'top', fontFamily: FONT }
      };
      if (i === 0 && block.mark) {
        out.markLine = { symbol: 'none', silent: true, lineStyle: { color: '#c0392b', type: 'dashed' },
          label: { formatter: block.mark.label, fontFamily: FONT, position: 'insideEndTop' },
          data: [horizontal ? { xAxis: block.mark.value } : { yAxis: block.mark.value }] };
      }
      return out;
    });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { show: block.series.length > 1, top: 0, textStyle: { fontFamily: FONT } },
      grid: { left: horizontal ? 16 : 50, right: 40, top: block.series.length > 1 ? 36 : 16, bottom: rotate ? 90 : 40, containLabel: horizontal },
      xAxis: horizontal ? valueAxis : category,
      yAxis: horizontal ? Object.assign({}, category, { inverse: true }) : valueAxis,
      series: series
    });
    chart.on('click', function (e) {
      var i = e.componentType === 'series' ? e.dataIndex : (e.targetType === 'axisLabel' ? block.categories.indexOf(e.value) : -1);
      var href = block.links && block.links[i];
      if (href) { location.href = local(href); }
    });
    charts.push(chart);
    box.setAttribute('data-drawn', 'true');
  }

  /* ---- networks ---- */
  function renderNetwork(block) {
    var wrap = el('div', 'network-block');
    var head = el('div', 'block-head');
    head.appendChild(el('h3', null, T.network));
    var fit = el('button', 'fit', T.fit);
    fit.type = 'button';
    head.appendChild(fit);
    wrap.appendChild(head);
    wrap.appendChild(el('p', 'hint', T.networkHint + (block.note ? ' ' + block.note : '')));
    var box = el('div', 'network');
    wrap.appendChild(box);
    setTimeout(function () {
      var cy = cytoscape({
        container: box,
        elements: block.elements,
        layout: { name: 'preset', fit: true, padding: 24 },
        style: [
          { selector: 'node', style: {
            'shape': 'data(view_shape)', 'background-color': 'data(view_fill)', 'border-color': 'data(view_stroke)',
            'border-width': 'data(view_border)', 'border-style': 'data(view_border_style)',
            'label': 'data(view_text)', 'color': 'data(view_colour)', 'font-family': FONT, 'font-size': 13,
            'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center',
            'width': 'data(view_width)', 'height': 'data(view_height)' } },
          { selector: 'edge', style: {
            'line-color': 'data(view_colour)', 'width': 'data(view_width)', 'line-style': 'data(view_line)',
            'curve-style': 'bezier', 'target-arrow-shape': 'data(view_arrow)', 'target-arrow-color': 'data(view_colour)',
            'arrow-scale': 0.8, 'opacity': 0.7 } },
          { selector: 'node:selected', style: { 'overlay-color': '#1f6fb2', 'overlay-opacity': 0.25 } }
        ],
        minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.3, autoungrabify: true
      });
      cy.on('tap', 'node', function (e) {
        var data = e.target.data();
        var kindPage = PAGE_OF[data.kind] || 'resource';
        if (data.id !== pageId) { location.href = local('/' + kindPage + '/' + encodeURIComponent(data.id)); }
      });
      fit.addEventListener('click', function () { cy.fit(undefined, 24); });
      networks.push(cy);
      box.setAttribute('data-nodes', String(cy.nodes().length));
      box.setAttribute('data-drawn', 'true');
    }, 0);
    return wrap;
  }

  function render(data) {
    document.title = data.title + ' · ' + T.brand;
    document.getElementById('title').textContent = data.title;
    if (data.kind) {
      var badge = el('span', 'kind', data.kind);
      document.getElementById('title').appendChild(badge);
    }
    if (data.subtitle) {
      var sub = document.getElementById('subtitle');
      sub.textContent = data.subtitle;
      sub.hidden = false;
    }
    var facts = document.getElementById('facts');
    data.facts.forEach(function (f) {
      var card = el('div', 'fact');
      card.appendChild(el('span', 'label', f.label));
      var v = el('span', 'value');
      if (f.href) { v.appendChild(link(f.value, f.href)); } else { v.textContent = f.value; }
      card.appendChild(v);
      facts.appendChild(card);
    });
    var toc = document.getElementById('toc');
    if (data.sections.length > 2) {
      toc.appendChild(el('span', 'toc-title', T.sections));
    }
    var sections = document.getElementById('sections');
    data.sections.forEach(function (s, i) {
      var section = el('section', 'section');
      section.id = 's' + (i + 1);
      section.appendChild(el('h2', null, s.title));
      if (data.sections.length > 2) { toc.appendChild(link(s.title, '#s' + (i + 1))); }
      if (s.note) { section.appendChild(el('p', 'note', s.note)); }
      s.blocks.forEach(function (b) {
        if (b.type === 'table') { section.appendChild(renderTable(b)); }
        else if (b.type === 'chart') { section.appendChild(renderChart(b)); }
        else if (b.type === 'network') { section.appendChild(renderNetwork(b)); }
        else if (b.type === 'text') { section.appendChild(el('p', 'text', b.text)); }
      });
      sections.appendChild(section);
    });
    document.getElementById('footer').textContent = data.data_version ? T.dataVersion + '：' + data.data_version : '';
    document.getElementById('loading').hidden = true;
    document.getElementById('content').hidden = false;
    setTimeout(function () {
      if (location.hash) {
        var target = document.getElementById(location.hash.slice(1));
        if (target) { target.scrollIntoView(); }
      }
      body.setAttribute('data-ready', 'true');
    }, 50);
  }

  function resizeAll() {
    charts.forEach(function (c) { c.resize(); });
    networks.forEach(function (cy) { cy.resize(); cy.fit(undefined, 24); });
  }
  window.addEventListener('resize', resizeAll);
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);

  chrome();
  fetch(apiUrl(), { headers: { Accept: 'application/json' } })
    .then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; },
        function () { return { ok: false, data: { error: T.failed } }; });
    })
    .then(function (answer) {
      var data = answer.data;
      if (data.redirect) { location.replace(local(data.redirect)); return; }
      if (!answer.ok || data.error) { showError(data.error || T.failed, data.links); return; }
      if (page === 'search' && data.sections[0] && data.sections[0].blocks[0].rows.length === 1 && params.get('go') !== 'no') {
        var only = data.sections[0].blocks[0].rows[0][0];
        if (only && only.href) { location.replace(local(only.href)); return; }
      }
      render(data);
    }, function () { showError(T.offline); });
}());
