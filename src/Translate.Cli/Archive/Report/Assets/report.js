// Translate archive report: the document table of index.html and the reject toggles of a document page.
// Vanilla JS, no network: the table's rows come from data/rows-NNNN.js script tags, decisions live in localStorage.
// Document text reaches the DOM only through textContent and attributes the server escaped; never innerHTML.
(function () {
  'use strict';

  var KINDS = ['glued_words', 'spacing', 'punctuation', 'doubled_word', 'untranslated', 'calque', 'rewrite', 'casing'];
  var PAGE_SIZE = 50;
  var body = document.body;
  var storeKey = 'translate-report/' + body.getAttribute('data-report');

  // Decisions: a Map from document id to its rejected edits [start, length, replacement]; stored as pairs, so that
  // no id (not even "__proto__") becomes an object key.
  function loadStore() {
    var store = new Map();
    try {
      var pairs = JSON.parse(window.localStorage.getItem(storeKey) || '[]');
      if (Array.isArray(pairs)) {
        pairs.forEach(function (pair) {
          if (Array.isArray(pair) && typeof pair[0] === 'string' && Array.isArray(pair[1]) && pair[1].length > 0) {
            store.set(pair[0], pair[1]);
          }
        });
      }
    } catch (e) {
      // Unreadable or unavailable storage: start with no decisions.
    }
    return store;
  }

  function saveStore(store) {
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(Array.from(store.entries())));
    } catch (e) {
      window.alert('Your decisions could not be saved in this browser (' + e.message + '). Download them before leaving the page.');
    }
  }

  function sameEdit(a, b) {
    return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
  }

  function isRejected(store, id, edit) {
    var edits = store.get(id);
    return !!edits && edits.some(function (e) { return sameEdit(e, edit); });
  }

  function setRejected(store, id, edit, rejected) {
    var edits = (store.get(id) || []).filter(function (e) { return !sameEdit(e, edit); });
    if (rejected) {
      edits.push(edit);
    }
    if (edits.length > 0) {
      store.set(id, edits);
    } else {
      store.delete(id);
    }
  }

  function rejectedCount(store, onlyId) {
    var count = 0;
    store.forEach(function (edits, id) {
      if (onlyId === undefined || id === onlyId) {
        count += edits.length;
      }
    });
    return count;
  }

  // The decisions file of docs/ARCHIVE.md, for one document or (onlyId undefined) all of them.
  function decisionsJson(store, onlyId) {
    var rejected = [];
    store.forEach(function (edits, id) {
      if (onlyId !== undefined && id !== onlyId) {
        return;
      }
      edits.forEach(function (e) {
        rejected.push({ id: id, start: e[0], length: e[1], replacement: e[2] });
      });
    });
    rejected.sort(function (a, b) {
      return a.id < b.id ? -1 : a.id > b.id ? 1 : a.start - b.start || a.length - b.length;
    });
    return JSON.stringify({ format: 'translate-decisions/1', rejected: rejected }, null, 2) + '\n';
  }

  function download(json, fileName) {
    var url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    var link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function plural(n, word) {
    return n.toLocaleString('en') + ' ' + word + (n === 1 ? '' : 's');
  }

  // ---- Document page ----

  function documentPage() {
    var id = body.getAttribute('data-id');
    var store = loadStore();
    var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-i]'));
    var marks = Array.prototype.slice.call(document.querySelectorAll('.m'));

    function editOf(row) {
      return [Number(row.getAttribute('data-start')), Number(row.getAttribute('data-length')), row.getAttribute('data-replacement')];
    }

    function refresh() {
      var rejectedIndexes = {};
      rows.forEach(function (row) {
        var toggle = row.querySelector('.reject-toggle');
        var rejected = !!toggle && isRejected(store, id, editOf(row));
        if (toggle) {
          toggle.checked = rejected;
        }
        row.classList.toggle('rejected', rejected);
        if (rejected) {
          rejectedIndexes[row.getAttribute('data-i')] = true;
        }
      });
      marks.forEach(function (mark) {
        mark.classList.toggle('rejected', rejectedIndexes[mark.getAttribute('data-p')] === true);
      });
      document.getElementById('rejected-count').textContent =
        plural(rejectedCount(store, id), 'rejection') + ' here · ' + rejectedCount(store) + ' in report';
    }

    rows.forEach(function (row) {
      var toggle = row.querySelector('.reject-toggle');
      if (toggle) {
        toggle.addEventListener('change', function () {
          store = loadStore(); // another tab may have decided meanwhile
          setRejected(store, id, editOf(row), toggle.checked);
          saveStore(store);
          refresh();
        });
      }
      row.addEventListener('mouseenter', function () { focusMarks(row.getAttribute('data-i'), true); });
      row.addEventListener('mouseleave', function () { focusMarks(row.getAttribute('data-i'), false); });
    });

    function focusMarks(index, on) {
      marks.forEach(function (mark) {
        if ((' ' + mark.getAttribute('data-e') + ' ').indexOf(' ' + index + ' ') >= 0) {
          mark.classList.toggle('focus', on);
        }
      });
    }

    marks.forEach(function (mark) {
      mark.addEventListener('click', function () {
        var row = document.getElementById('edit-' + mark.getAttribute('data-e').split(' ')[0]);
        if (row) {
          row.scrollIntoView({ block: 'center', behavior: 'smooth' });
          row.classList.add('focus');
          setTimeout(function () { row.classList.remove('focus'); }, 1500);
        }
      });
    });

    document.getElementById('download').addEventListener('click', function () {
      download(decisionsJson(loadStore(), id), 'decisions.json');
    });
    window.addEventListener('storage', function () { store = loadStore(); refresh(); });
    refresh();
    window.translateReport = { decisionsJson: function () { return decisionsJson(loadStore(), id); } };
  }

  // ---- Index ----

  function indexPage() {
    var rows = [];
    (window.reportRows || []).forEach(function (chunk) {
      chunk.forEach(function (row) {
        rows.push({ order: rows.length, id: row[0], page: row[1], format: row[2], failed: row[3], applied: row[4], suggested: row[5], flagged: row[6], kinds: row[7] });
      });
    });
    var store = loadStore();
    var state = { q: '', show: 'all', kind: 0, sort: 'order', dir: 1, page: 0 };
    var filtered = rows;

    var q = document.getElementById('filter-id');
    var show = document.getElementById('filter-show');
    var kind = document.getElementById('filter-kind');
    var tbody = document.getElementById('rows');
    var sortButtons = Array.prototype.slice.call(document.querySelectorAll('[data-sort]'));

    function readHash() {
      var params = new URLSearchParams(window.location.hash.slice(1));
      state.q = params.get('q') || '';
      state.show = params.get('show') || 'all';
      state.kind = Number(params.get('kind')) || 0;
      state.sort = params.get('sort') || 'order';
      state.dir = params.get('dir') === '-1' ? -1 : 1;
      state.page = Math.max(0, (Number(params.get('page')) || 1) - 1);
      q.value = state.q;
      show.value = state.show;
      kind.value = String(state.kind);
      if (show.value !== state.show) { show.value = state.show = 'all'; }
    }

    function writeHash() {
      var params = new URLSearchParams();
      if (state.q) { params.set('q', state.q); }
      if (state.show !== 'all') { params.set('show', state.show); }
      if (state.kind) { params.set('kind', String(state.kind)); }
      if (state.sort !== 'order') { params.set('sort', state.sort); params.set('dir', String(state.dir)); }
      if (state.page > 0) { params.set('page', String(state.page + 1)); }
      history.replaceState(null, '', '#' + params.toString());
    }

    function matches(row) {
      if (state.q && row.id.toLowerCase().indexOf(state.q.toLowerCase()) < 0) { return false; }
      if (state.kind && (row.kinds & state.kind) === 0) { return false; }
      switch (state.show) {
        case 'edited': return row.applied + row.suggested + row.flagged > 0;
        case 'suggested': return row.suggested > 0;
        case 'flagged': return row.flagged > 0;
        case 'failed': return row.failed === 1;
        case 'clean': return row.applied + row.suggested + row.flagged === 0 && row.failed === 0;
        case 'rejected': return store.has(row.id);
        default: return true;
      }
    }

    function compare(a, b) {
      var key = state.sort;
      var x = a[key], y = b[key];
      var c = x < y ? -1 : x > y ? 1 : 0;
      return c * state.dir || a.order - b.order;
    }

    function apply() {
      filtered = rows.filter(matches);
      if (state.sort !== 'order' || state.dir !== 1) {
        filtered.sort(compare);
      }
      render();
    }

    function cell(tr, text, className) {
      var td = document.createElement('td');
      td.textContent = text;
      if (className) { td.className = className; }
      tr.appendChild(td);
      return td;
    }

    function render() {
      var pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
      state.page = Math.min(state.page, pages - 1);
      var fragment = document.createDocumentFragment();
      filtered.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach(function (row) {
        var tr = document.createElement('tr');
        cell(tr, String(row.order + 1), 'num');
        var link = document.createElement('a');
        link.href = 'docs/' + encodeURIComponent(row.page);
        link.textContent = row.id;
        cell(tr, '').appendChild(link);
        cell(tr, row.format, 'muted');
        cell(tr, row.applied ? String(row.applied) : '·', 'num');
        cell(tr, row.suggested ? String(row.suggested) : '·', 'num');
        cell(tr, row.flagged ? String(row.flagged) : '·', 'num');
        var rejected = rejectedCount(store, row.id);
        cell(tr, row.failed ? 'failed' : rejected ? plural(rejected, 'rejection') : 'ok', row.failed ? 'status-failed' : 'status-ok');
        var kinds = cell(tr, '', 'kinds-cell');
        KINDS.forEach(function (name, bit) {
          if (row.kinds & (1 << bit)) {
            var chip = document.createElement('span');
            chip.className = 'chip k-' + name;
            chip.title = name.replace('_', ' ');
            kinds.appendChild(chip);
          }
        });
        fragment.appendChild(tr);
      });
      tbody.textContent = '';
      if (filtered.length === 0) {
        cell(fragment.appendChild(document.createElement('tr')), rows.length ? 'No document matches.' : 'No documents.', 'muted').colSpan = 8;
      }
      tbody.appendChild(fragment);
      document.getElementById('page').textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
      document.getElementById('matching').textContent = plural(filtered.length, 'document') + (filtered.length === rows.length ? '' : ' of ' + rows.length.toLocaleString('en'));
      document.getElementById('first').disabled = document.getElementById('previous').disabled = state.page === 0;
      document.getElementById('last').disabled = document.getElementById('next').disabled = state.page >= pages - 1;
      sortButtons.forEach(function (button) {
        var sorted = button.getAttribute('data-sort') === state.sort;
        button.classList.toggle('sorted-asc', sorted && state.dir === 1);
        button.classList.toggle('sorted-desc', sorted && state.dir === -1);
      });
      document.getElementById('rejected-count').textContent = plural(rejectedCount(store), 'rejection');
      writeHash();
    }

    function goTo(page) {
      state.page = page;
      render();
    }

    q.addEventListener('input', function () { state.q = q.value; state.page = 0; apply(); });
    show.addEventListener('change', function () { state.show = show.value; state.page = 0; apply(); });
    kind.addEventListener('change', function () { state.kind = Number(kind.value); state.page = 0; apply(); });
    sortButtons.forEach(function (button) {
      button.addEventListener('click', function () {
        var key = button.getAttribute('data-sort');
        // Counts sort largest first on the first click; names and order smallest first.
        state.dir = state.sort === key ? -state.dir : (key === 'order' || key === 'id' ? 1 : -1);
        state.sort = key;
        state.page = 0;
        apply();
      });
    });
    document.getElementById('first').addEventListener('click', function () { goTo(0); });
    document.getElementById('previous').addEventListener('click', function () { goTo(state.page - 1); });
    document.getElementById('next').addEventListener('click', function () { goTo(state.page + 1); });
    document.getElementById('last').addEventListener('click', function () { goTo(Math.ceil(filtered.length / PAGE_SIZE) - 1); });
    document.getElementById('download-all').addEventListener('click', function () {
      download(decisionsJson(loadStore()), 'decisions.json');
    });
    window.addEventListener('storage', function () { store = loadStore(); apply(); });
    window.addEventListener('pageshow', function (event) {
      if (event.persisted) { store = loadStore(); apply(); } // back from a document page: its rejections count here
    });
    readHash();
    apply();
    window.translateReport = { decisionsJson: function () { return decisionsJson(loadStore()); } };
  }

  if (body.classList.contains('document')) {
    documentPage();
  } else {
    indexPage();
  }
})();
