// Page logic for the knowledge-graph view. Text from the graph only ever reaches the page through
// textContent, never innerHTML, so abstracts cannot inject markup or script.
(function () {
  const PAPERISH = new Set(["Paper", "Repository"]);
  const FADED_NODE = { background: "#e6e9ed", border: "#e6e9ed" };
  const FADED_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  const FADED_EDGE = { color: "#eceff2", opacity: 0.5 };
  const MAX_FIT = 300;
  const FIT = { maxZoomLevel: 1.5 };

  const container = document.getElementById("mynetwork");
  const tooltip = document.getElementById("kg-tooltip");
  const search = document.getElementById("kg-search");
  const matchesOut = document.getElementById("kg-matches");
  const entitiesOnly = document.getElementById("kg-entities-only");

  const nodes = new vis.DataSet(KG_NODES);
  const edges = new vis.DataSet(KG_EDGES);
  const base = new Map();
  KG_NODES.forEach(function (n) { base.set(n.id, { color: n.color, font: n.font }); });
  KG_EDGES.forEach(function (e) { base.set("edge:" + e.id, e.color); });

  const state = { types: new Set(KG_META.kinds.map(function (k) { return k[0]; })), entitiesOnly: false,
                  query: "", matches: [], selected: null };

  const network = new vis.Network(container, { nodes: nodes, edges: edges }, KG_OPTIONS);
  const view = { network: network, nodes: nodes, edges: edges, drawn: false, drawnAt: null, state: snapshot };
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

  function tooltipContent(node) {
    const info = node.info;
    const box = document.createDocumentFragment();
    const badge = el("span", "kind", node.kind);
    badge.style.background = KG_META.colours[node.kind] || "#616e7c";
    box.appendChild(badge);
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
    }
    const href = info.url && safeUrl(info.url);
    if (href) {
      const link = el("a", null, node.kind === "Paper" ? "Open paper ↗" : "Open ↗");
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      box.appendChild(link);
    }
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

  function nodeShown(n) { return state.types.has(n.kind) && !(state.entitiesOnly && PAPERISH.has(n.kind)); }

  function applyVisibility() {
    const shown = new Set();
    const nodeChanges = [];
    nodes.forEach(function (n) {
      const on = nodeShown(n);
      if (on) shown.add(n.id);
      if (Boolean(n.hidden) === on) nodeChanges.push({ id: n.id, hidden: !on });
    });
    const edgeChanges = [];
    edges.forEach(function (e) {
      const on = shown.has(e.from) && shown.has(e.to) && e.derived === state.entitiesOnly;
      if (Boolean(e.hidden) === on) edgeChanges.push({ id: e.id, hidden: !on });
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    hideTooltip(0);
    if (state.selected !== null && !shown.has(state.selected)) state.selected = null;
    runSearch();
  }

  function neighbourhood(id) {
    const near = new Set([id]);
    edges.forEach(function (e) {
      if (e.hidden) return;
      if (e.from === id) near.add(e.to);
      if (e.to === id) near.add(e.from);
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
      const look = faded ? { color: FADED_NODE, font: FADED_FONT } : base.get(n.id);
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

  function runSearch() {
    const query = search.value.trim().toLowerCase();
    state.query = query;
    state.matches = query ? nodes.getIds({ filter: function (n) { return !n.hidden && n.search.includes(query); } }) : [];
    const found = state.matches.length;
    matchesOut.textContent = !query ? "" : found ? found.toLocaleString() + (found === 1 ? " match" : " matches") : "no match";
    applyEmphasis();
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

  network.on("click", function (p) {
    state.selected = p.nodes.length ? p.nodes[0] : null;
    applyEmphasis();
  });

  entitiesOnly.addEventListener("change", function () {
    state.entitiesOnly = entitiesOnly.checked;
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
    document.querySelectorAll("#kg-legend input").forEach(function (box) { box.checked = true; state.types.add(box.dataset.kind); });
    network.unselectAll();
    applyVisibility();
    network.fit(Object.assign({ animation: { duration: 400 } }, FIT));
  });

  function snapshot() {
    const count = function (set, pred) { return set.get({ filter: pred }).length; };
    return {
      nodes: nodes.length, edges: edges.length,
      drawnNodes: Object.keys(network.getPositions()).length,
      visibleNodes: count(nodes, function (n) { return !n.hidden; }),
      visibleEdges: count(edges, function (e) { return !e.hidden; }),
      fadedNodes: count(nodes, function (n) { return n.faded; }),
      matches: state.matches.slice(), selected: state.selected,
      tooltip: tooltip.hidden ? null : tooltip.textContent,
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
  network.fit(FIT);
})();
