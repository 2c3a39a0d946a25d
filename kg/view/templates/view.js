// Page logic for the knowledge-graph view. Text from the graph only ever reaches the page through
// textContent, never innerHTML, so abstracts cannot inject markup or script.
(function () {
  const PAPERISH = new Set(["Paper", "Repository"]);
  const FADED_NODE = { background: "#e6e9ed", border: "#e6e9ed" };
  const FADED_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  const FADED_EDGE = { color: "#eceff2", opacity: 0.5 };
  const MAX_FIT = 300;
  const MAX_LISTED = 20;
  const FIT = { maxZoomLevel: 1.5 };

  const container = document.getElementById("mynetwork");
  const tooltip = document.getElementById("kg-tooltip");
  const search = document.getElementById("kg-search");
  const matchesOut = document.getElementById("kg-matches");
  const entitiesOnly = document.getElementById("kg-entities-only");
  const modeSelect = document.getElementById("kg-mode");
  const minPapers = document.getElementById("kg-min-papers");
  const panel = document.getElementById("kg-panel");
  const panelBody = document.getElementById("kg-panel-body");

  const state = { mode: KG_META.start, types: new Set(KG_META.kinds.map(function (k) { return k[0]; })),
                  entitiesOnly: false, minPapers: KG_META.minPapers || 1, query: "", matches: [], ranked: [],
                  selected: null, panel: null };
  const timings = { search: null, filter: null, mode: null };

  // What the page opens on is decided before vis-network sees the data, so it draws once.
  KG_NODES.forEach(function (n) {
    n.gx = n.x; n.gy = n.y;  // the whole graph's place
    if (state.mode === "overview" && n.ov) { n.x = n.ov.x; n.y = n.ov.y; }
  });
  const opening = new Set();
  KG_NODES.forEach(function (n) { n.hidden = !nodeShown(n); if (!n.hidden) opening.add(n.id); });
  const derivedAtStart = !papersDrawn();
  KG_EDGES.forEach(function (e) { e.hidden = !(opening.has(e.from) && opening.has(e.to) && e.derived === derivedAtStart); });

  const nodes = new vis.DataSet(KG_NODES);
  const edges = new vis.DataSet(KG_EDGES);
  const base = new Map();
  const byId = new Map();
  const links = new Map();  // node id -> edges touching it
  KG_NODES.forEach(function (n) {
    base.set(n.id, { color: n.color, font: n.font, x: n.gx, y: n.gy, size: n.size, label: n.label });
    byId.set(n.id, n);
    links.set(n.id, []);
  });
  KG_EDGES.forEach(function (e) {
    base.set("edge:" + e.id, e.color);
    if (links.has(e.from)) links.get(e.from).push(e);
    if (links.has(e.to)) links.get(e.to).push(e);
  });

  if (state.mode === "overview") placeOverview(true);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, KG_OPTIONS);
  const view = { network: network, nodes: nodes, edges: edges, drawn: false, drawnAt: null, state: snapshot,
                 timings: timings, select: selectNode, labelBoxes: labelBoxes };
  window.kgView = view;
  network.once("afterDrawing", function () { view.drawn = true; view.drawnAt = performance.now(); });

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function safeUrl(text) {
    try {
      const url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  function plural(n, word) { return n.toLocaleString() + " " + word + (n === 1 ? "" : "s"); }

  function outLink(url, text) {
    const href = url && safeUrl(url);
    if (!href) return null;
    const link = el("a", "kg-out", text);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    return link;
  }

  function badge(kind) {
    const b = el("span", "kind", kind);
    b.style.background = KG_META.colours[kind] || "#616e7c";
    return b;
  }

  // --- tooltip on hover ---------------------------------------------------------------------------

  function tooltipContent(node) {
    const info = node.info;
    const box = document.createDocumentFragment();
    box.appendChild(badge(node.kind));
    box.appendChild(el("div", "title", info.title));
    if (node.kind === "Paper") {
      const meta = [info.date, info.authors].filter(Boolean).join(" · ");
      if (meta) box.appendChild(el("div", "meta", meta));
      if (info.snippet) box.appendChild(el("p", "snippet", info.snippet));
    } else if (node.kind === "Repository") {
      if (info.kind) box.appendChild(el("div", "meta", info.kind));
    } else {
      if (info.aliases && info.aliases.length) box.appendChild(el("div", "meta", "Also: " + info.aliases.join(", ")));
      box.appendChild(el("div", "meta", "Proposed by " + plural(info.n_proposed, "paper") +
                                        " · used by " + plural(info.n_used, "paper")));
      box.appendChild(el("div", "meta", "Click for its papers"));
    }
    const link = outLink(info.url, node.kind === "Paper" ? "Open paper ↗" : "Open ↗");
    if (link) box.appendChild(link);
    return box;
  }

  let hideTimer = null;
  function showTooltip(id, pointer) {
    clearTimeout(hideTimer);
    tooltip.replaceChildren(tooltipContent(nodes.get(id)));
    tooltip.hidden = false;
    const rect = container.getBoundingClientRect();
    const x = Math.min(rect.left + pointer.x + 14, window.innerWidth - tooltip.offsetWidth - 8);
    const y = Math.min(rect.top + pointer.y + 14, window.innerHeight - tooltip.offsetHeight - 8);
    tooltip.style.left = Math.max(8, x) + "px";
    tooltip.style.top = Math.max(8, y) + "px";
  }
  function hideTooltip(delay) {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { tooltip.hidden = true; }, delay);
  }
  tooltip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tooltip.addEventListener("mouseleave", function () { hideTooltip(150); });
  network.on("hoverNode", function (p) { showTooltip(p.node, p.pointer.DOM); });
  network.on("blurNode", function () { hideTooltip(400); });
  network.on("dragStart", function () { hideTooltip(0); });
  network.on("zoom", function () { hideTooltip(0); });

  // --- what is shown ------------------------------------------------------------------------------

  function isEntity(n) { return !PAPERISH.has(n.kind); }
  function passesFilters(n) { return state.types.has(n.kind) && (!isEntity(n) || n.info.n_papers >= state.minPapers); }
  function papersDrawn() { return state.mode === "graph" && !state.entitiesOnly && state.types.has("Paper"); }
  function nodeShown(n) {
    if (!passesFilters(n)) return false;
    if (state.mode === "overview") return Boolean(n.ov);
    return !(state.entitiesOnly && PAPERISH.has(n.kind));
  }

  // Overview entities move to their overview places (and sizes) and back.
  function placeOverview(on) {
    const changes = [];
    KG_NODES.forEach(function (n) {
      if (!n.ov) return;
      const b = base.get(n.id);
      changes.push(on ? { id: n.id, x: n.ov.x, y: n.ov.y, size: n.ov.size, label: n.ov.label,
                          font: Object.assign({}, b.font, { size: n.ov.font }) }
                      : { id: n.id, x: b.x, y: b.y, size: b.size, label: b.label, font: b.font });
    });
    nodes.update(changes);
  }

  function applyVisibility() {
    const start = performance.now();
    const shown = new Set();
    const nodeChanges = [];
    nodes.forEach(function (n) {
      const on = nodeShown(n);
      if (on) shown.add(n.id);
      if (Boolean(n.hidden) === on) nodeChanges.push({ id: n.id, hidden: !on });
    });
    const derivedWanted = !papersDrawn();
    const edgeChanges = [];
    edges.forEach(function (e) {
      const on = shown.has(e.from) && shown.has(e.to) && e.derived === derivedWanted;
      if (Boolean(e.hidden) === on) edgeChanges.push({ id: e.id, hidden: !on });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    hideTooltip(0);
    if (state.selected !== null && !shown.has(state.selected)) state.selected = null;
    runSearch();
    timings.filter = performance.now() - start;
  }

  function neighbourhood(id) {
    const near = new Set([id]);
    links.get(id).forEach(function (e) {
      const current = edges.get(e.id);
      if (current.hidden) return;
      near.add(e.from);
      near.add(e.to);
    });
    return near;
  }

  function emphasised() {
    if (state.selected !== null) return neighbourhood(state.selected);
    if (state.query) return new Set(state.matches);
    return null;
  }

  function applyEmphasis() {
    const focus = emphasised();
    const nodeChanges = [];
    nodes.forEach(function (n) {
      const faded = focus !== null && !focus.has(n.id);
      if (n.hidden || faded === Boolean(n.faded)) return;
      const look = faded ? { color: FADED_NODE, font: FADED_FONT } : currentLook(n);
      nodeChanges.push({ id: n.id, faded: faded, color: look.color, font: look.font });
    });
    const edgeChanges = [];
    edges.forEach(function (e) {
      const faded = focus !== null && !(focus.has(e.from) && focus.has(e.to));
      if (e.hidden || faded === Boolean(e.faded)) return;
      edgeChanges.push({ id: e.id, faded: faded, color: faded ? FADED_EDGE : base.get("edge:" + e.id) });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
  }

  function currentLook(n) {
    const b = base.get(n.id);
    const inOverview = state.mode === "overview" && n.ov;
    return { color: b.color, font: inOverview ? Object.assign({}, b.font, { size: n.ov.font }) : b.font };
  }

  // --- search: exact names and aliases first, then whole words, parts only when nothing else matches ---

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function rankOf(n, query, word) {
    const lines = n.search.split("\n");
    if (lines.indexOf(query) >= 0) return 0;
    if (word.test(n.search)) return 1;
    return n.search.indexOf(query) >= 0 ? 2 : -1;
  }

  function runSearch() {
    const start = performance.now();
    const query = search.value.trim().toLowerCase();
    state.query = query;
    state.ranked = [];
    if (query) {
      const word = new RegExp("(^|[^\\p{L}\\p{N}])" + escapeRegExp(query) + "($|[^\\p{L}\\p{N}])", "mu");
      const found = [];
      nodes.forEach(function (n) {
        if (!passesFilters(n)) return;
        const rank = rankOf(n, query, word);
        if (rank >= 0) found.push([rank, n]);
      });
      const best = found.some(function (f) { return f[0] < 2; }) ? 1 : 2;
      state.ranked = found.filter(function (f) { return f[0] <= best; }).sort(function (a, b) {
        return a[0] - b[0] || (b[1].info.n_papers || 0) - (a[1].info.n_papers || 0) ||
               (a[1].id < b[1].id ? -1 : 1);
      }).map(function (f) { return f[1].id; });
    }
    state.matches = state.ranked.filter(function (id) { return !nodes.get(id).hidden; });
    const total = state.ranked.length;
    const hiddenCount = total - state.matches.length;
    matchesOut.textContent = !query ? "" : total ? total.toLocaleString() + (total === 1 ? " match" : " matches") +
      (hiddenCount ? " (" + hiddenCount.toLocaleString() + " not drawn)" : "") : "no match";
    applyEmphasis();
    if (query && total) showMatches(); else if (state.panel === "matches") closePanel();
    timings.search = performance.now() - start;
  }

  function fitMatches() {
    if (state.matches.length) network.fit(Object.assign({ nodes: state.matches.slice(0, MAX_FIT), animation: { duration: 400 } }, FIT));
  }

  let searchTimer = null;
  search.addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () { state.selected = null; runSearch(); fitMatches(); }, 120);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    clearTimeout(searchTimer);
    state.selected = null;
    runSearch();
    fitMatches();
  });

  // --- side panel ---------------------------------------------------------------------------------

  // The panel takes its width from the graph's area rather than covering it.
  function panelShown(on) {
    if (document.body.classList.contains("kg-panel-open") === on) return;
    document.body.classList.toggle("kg-panel-open", on);
    network.setSize("100%", "100%");  // asks vis-network for a redraw on the next frame
  }

  function closePanel() {
    panel.hidden = true;
    state.panel = null;
    panelBody.replaceChildren();
    panelShown(false);
  }
  document.getElementById("kg-panel-close").addEventListener("click", function () {
    state.selected = null;
    network.unselectAll();
    closePanel();
    applyEmphasis();
  });

  function openPanel(kind, content) {
    panelBody.replaceChildren(content);
    panel.hidden = false;
    panel.scrollTop = 0;
    state.panel = kind;
    panelShown(true);
  }

  function nodeButton(id, text, className) {
    const b = el("button", className || "kg-node-link", text);
    b.type = "button";
    b.dataset.node = id;
    b.addEventListener("click", function () { selectNode(id, true); });
    return b;
  }

  function showMatches() {
    const box = el("div");
    box.appendChild(el("h3", null, "Matches for “" + state.query + "”"));
    const list = el("ol", "kg-list");
    state.ranked.slice(0, MAX_LISTED).forEach(function (id) {
      const n = byId.get(id);
      const item = el("li");
      item.append(badge(n.kind), " ", nodeButton(id, n.info.title));
      if (isEntity(n)) item.appendChild(el("span", "count", plural(n.info.n_papers, "paper")));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (state.ranked.length > MAX_LISTED) box.appendChild(el("p", "meta", "and " + (state.ranked.length - MAX_LISTED) + " more"));
    openPanel("matches", box);
  }

  function paperRows(id) {
    // paper -> entity edges of this entity, each with the paper's role and the sentence that names it
    return links.get(id).filter(function (e) { return !e.derived && e.to === id && byId.has(e.from) && byId.get(e.from).kind === "Paper"; })
      .map(function (e) { return { paper: byId.get(e.from), role: e.role || "", evidence: e.evidence || "" }; })
      .sort(function (a, b) { return (b.paper.info.year || 0) - (a.paper.info.year || 0) || (a.paper.info.title < b.paper.info.title ? -1 : 1); });
  }

  function entityPanel(n) {
    const box = el("div");
    box.append(badge(n.kind), el("h3", null, n.info.title));
    if (n.info.aliases && n.info.aliases.length) box.appendChild(el("div", "meta", "Also: " + n.info.aliases.join(", ")));
    box.appendChild(el("div", "meta", plural(n.info.n_papers, "paper") + " · proposed by " + n.info.n_proposed));
    const rows = paperRows(n.id);
    box.appendChild(el("h4", null, "Papers" + (rows.length < n.info.n_papers ? " on this page (" + rows.length + " of " + n.info.n_papers + ")" : "")));
    const list = el("ul", "kg-list kg-papers");
    rows.forEach(function (r) {
      const item = el("li");
      item.appendChild(nodeButton(r.paper.id, r.paper.info.title, "kg-node-link kg-paper-title"));
      const meta = [r.paper.info.year || r.paper.info.date, r.role].filter(Boolean).join(" · ");
      if (meta) item.appendChild(el("div", "meta", meta));
      if (r.evidence) item.appendChild(el("blockquote", "kg-evidence", r.evidence));
      const link = outLink(r.paper.info.url, "Open paper ↗");
      if (link) item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    const related = links.get(n.id).filter(function (e) { return e.derived; }).map(function (e) {
      return { id: e.from === n.id ? e.to : e.from, weight: e.weight || 1, sentences: e.n_sentence || 0 };
    }).sort(function (a, b) { return b.sentences - a.sentences || b.weight - a.weight; }).slice(0, 10);
    if (related.length) {
      box.appendChild(el("h4", null, "Named with it (in one sentence first)"));
      const rel = el("ul", "kg-list");
      related.forEach(function (r) {
        const other = byId.get(r.id);
        const item = el("li");
        const count = plural(r.weight, "paper") + (r.sentences ? " · " + r.sentences + " in one sentence" : " · co-mentioned only");
        item.append(badge(other.kind), " ", nodeButton(r.id, other.info.title), el("span", "count", count));
        rel.appendChild(item);
      });
      box.appendChild(rel);
    }
    return box;
  }

  function paperPanel(n) {
    const box = el("div");
    box.append(badge(n.kind), el("h3", null, n.info.title));
    const meta = [n.info.date, n.info.authors].filter(Boolean).join(" · ");
    if (meta) box.appendChild(el("div", "meta", meta));
    const link = outLink(n.info.url, n.kind === "Paper" ? "Open paper ↗" : "Open ↗");
    if (link) box.appendChild(link);
    if (n.info.snippet) box.appendChild(el("p", "snippet", n.info.snippet));
    const named = links.get(n.id).filter(function (e) { return e.from === n.id && byId.has(e.to); });
    if (named.length) {
      box.appendChild(el("h4", null, n.kind === "Paper" ? "Names" : "Papers"));
      const list = el("ul", "kg-list");
      named.forEach(function (e) {
        const other = byId.get(e.to);
        const item = el("li");
        item.append(badge(other.kind), " ", nodeButton(other.id, other.info.title));
        if (e.role) item.appendChild(el("span", "count", e.role));
        if (e.evidence) item.appendChild(el("blockquote", "kg-evidence", e.evidence));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  function selectNode(id, fromPanel) {
    const n = byId.get(id);
    if (!n) return;
    const current = nodes.get(id);
    if (current.hidden && fromPanel && isEntity(n) && state.mode === "overview") setMode("graph");
    state.selected = nodes.get(id).hidden ? null : id;
    if (state.selected !== null) {
      network.selectNodes([id]);
      if (fromPanel) network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: { duration: 300 } });
    }
    applyEmphasis();
    openPanel(isEntity(n) ? "entity" : "paper", isEntity(n) ? entityPanel(n) : paperPanel(n));
  }

  network.on("click", function (p) {
    if (p.nodes.length) {
      selectNode(p.nodes[0], false);
    } else {
      state.selected = null;
      if (state.panel !== "matches") closePanel();
      applyEmphasis();
    }
  });

  // --- controls -----------------------------------------------------------------------------------

  function setMode(mode) {
    const start = performance.now();
    if (mode === state.mode) return;
    state.mode = mode;
    modeSelect.value = mode;
    entitiesOnly.disabled = mode === "overview";
    placeOverview(mode === "overview");
    applyVisibility();
    network.fit(FIT);
    timings.mode = performance.now() - start;
  }

  modeSelect.addEventListener("change", function () { setMode(modeSelect.value); });

  entitiesOnly.addEventListener("change", function () {
    state.entitiesOnly = entitiesOnly.checked;
    applyVisibility();
  });

  minPapers.addEventListener("change", function () {
    const value = parseInt(minPapers.value, 10);
    state.minPapers = isFinite(value) && value > 0 ? value : 1;
    applyVisibility();
  });

  function buildLegend() {
    const legend = document.getElementById("kg-legend");
    KG_META.kinds.forEach(function (k) {
      const row = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.kind = k[0];
      box.addEventListener("change", function () {
        if (box.checked) state.types.add(k[0]); else state.types.delete(k[0]);
        applyVisibility();
      });
      const dot = el("span", "kg-dot");
      dot.style.background = KG_META.colours[k[0]] || "#616e7c";
      row.append(box, dot, el("span", null, k[0]), el("span", "count", k[1].toLocaleString()));
      legend.appendChild(row);
    });
  }

  document.getElementById("kg-reset").addEventListener("click", function () {
    search.value = "";
    entitiesOnly.checked = false;
    state.entitiesOnly = false;
    state.selected = null;
    state.minPapers = KG_META.minPapers || 1;
    minPapers.value = state.minPapers;
    document.querySelectorAll("#kg-legend input").forEach(function (box) { box.checked = true; state.types.add(box.dataset.kind); });
    network.unselectAll();
    closePanel();
    if (state.mode !== KG_META.start) setMode(KG_META.start); else applyVisibility();
    network.fit(Object.assign({ animation: { duration: 400 } }, FIT));
  });

  // Label rectangles of the drawn nodes in page pixels (what the tests check for overlaps).
  function labelBoxes() {
    const out = [];
    const box = container.getBoundingClientRect();
    nodes.forEach(function (n) {
      if (n.hidden) return;
      const body = network.body.nodes[n.id];
      const size = body && body.labelModule && body.labelModule.size;
      if (!size || !size.width) return;
      const a = network.canvasToDOM({ x: size.left, y: size.top });
      const b = network.canvasToDOM({ x: size.left + size.width, y: size.top + size.height });
      out.push({ id: n.id, left: box.left + a.x, top: box.top + a.y, right: box.left + b.x, bottom: box.top + b.y,
                 px: body.labelModule.fontOptions.size * network.getScale() });
    });
    return out;
  }

  function snapshot() {
    const count = function (set, pred) { return set.get({ filter: pred }).length; };
    return {
      nodes: nodes.length, edges: edges.length, mode: state.mode,
      drawnNodes: Object.keys(network.getPositions()).length,
      visibleNodes: count(nodes, function (n) { return !n.hidden; }),
      visibleEdges: count(edges, function (e) { return !e.hidden; }),
      visibleKinds: Array.from(new Set(nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.kind; }))).sort(),
      fadedNodes: count(nodes, function (n) { return n.faded; }),
      matches: state.matches.slice(), ranked: state.ranked.slice(), selected: state.selected,
      panel: panel.hidden ? null : state.panel, panelText: panel.hidden ? "" : panelBody.textContent,
      tooltip: tooltip.hidden ? null : tooltip.textContent, scale: network.getScale(),
    };
  }

  document.getElementById("kg-counts").textContent =
    plural(nodes.length, "node") + " · " + plural(edges.length, "edge");
  if (KG_META.note) {
    const note = document.getElementById("kg-note");
    note.textContent = KG_META.note;
    note.hidden = false;
    document.body.classList.add("kg-noted");
    network.setSize("100%", "100%");
  }
  buildLegend();
  modeSelect.value = state.mode;
  entitiesOnly.disabled = state.mode === "overview";
  minPapers.value = state.minPapers;
  network.fit(FIT);
  if (KG_META.focus && byId.has(KG_META.focus)) {
    selectNode(KG_META.focus, false);
    network.focus(KG_META.focus, { scale: Math.min(Math.max(network.getScale(), 0.6), 1.0) });
  }
})();
