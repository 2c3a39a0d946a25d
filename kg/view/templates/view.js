// Page logic for the knowledge-graph view. Text from the graph only ever reaches the page through
// textContent, never innerHTML, so abstracts cannot inject markup or script.
//
// Speed: vis-network is told what to hide and how to colour through its drawn objects
// (network.body.nodes/edges, the vis-network 9.1.2 that pyvis ships inline), not through DataSet
// updates: an update deep-copies every changed item and re-parses its options, which took
// 100-500 ms for one filter on the seed page. Fading for a search or a selection is not a
// change to any node at all: after each frame a veil is laid over the drawing and the
// emphasised edges and nodes are drawn again on top of it.
(function () {
  const PAPERISH = new Set(["Paper", "Repository"]);
  const VEIL = "rgba(247, 248, 250, 0.93)";  // the page background, nearly opaque: what is not emphasised fades
  const FOCUS_BORDER = "#111827";
  const MAX_FIT = 300;
  const MAX_LISTED = 20;
  const FIT = { maxZoomLevel: 1.5 };
  // A filter that leaves at most this many nodes shown in the whole-graph view lays them out
  // anew; one physics tick costs about 10 ms at 1,000 nodes on a busy 2-core machine.
  const RELAYOUT_MAX = 1000;
  const RELAYOUT_TICKS = 150;  // a fixed count, not a time budget, so the result is the same on any machine
  const TICKS_PER_SLICE = 10;  // ticks between yields to the browser, so the page stays responsive
  const SPACING = 100;  // room per node the physics settles at (its spring length), in canvas units
  const MAX_STRETCH = 2;  // most a re-laid picture is stretched to the canvas's shape

  const container = document.getElementById("mynetwork");
  const tooltip = document.getElementById("kg-tooltip");
  const search = document.getElementById("kg-search");
  const matchesOut = document.getElementById("kg-matches");
  const entitiesOnly = document.getElementById("kg-entities-only");
  const modeSelect = document.getElementById("kg-mode");
  const minPapers = document.getElementById("kg-min-papers");
  const panel = document.getElementById("kg-panel");
  const panelBody = document.getElementById("kg-panel-body");
  const communitySelect = document.getElementById("kg-community");
  const colourByCommunity = document.getElementById("kg-colour-community");

  const state = { mode: KG_META.start, types: new Set(KG_META.kinds.map(function (k) { return k[0]; })),
                  entitiesOnly: false, minPapers: KG_META.minPapers || 1, community: null, colourBy: "type",
                  query: "", matches: [], ranked: [], selected: null, panel: null, emphasis: null };
  // milliseconds from an action to the end of the frame that shows it (`*Sync`: the script's own part)
  const timings = { search: null, filter: null, mode: null, click: null, searchSync: null, filterSync: null };
  const communityById = new Map(KG_META.communities.map(function (c) { return [c.id, c]; }));

  // What the page opens on is decided before vis-network sees the data, so it draws once.
  KG_NODES.forEach(function (n) {
    n.gx = n.x; n.gy = n.y;  // the whole graph's place
    if (state.mode === "overview" && n.ov) { n.x = n.ov.x; n.y = n.ov.y; }
  });
  // `on` (page side) says whether a node or edge is drawn; vis-network reads `hidden`.
  const byId = new Map();
  KG_NODES.forEach(function (n) { byId.set(n.id, n); });
  KG_NODES.forEach(function (n) { n.on = nodeShown(n); n.hidden = !n.on; });
  const derivedAtStart = !papersDrawn();
  KG_EDGES.forEach(function (e) {
    e.on = byId.get(e.from).on && byId.get(e.to).on && e.derived === derivedAtStart;
    e.hidden = !e.on;
  });

  const nodes = new vis.DataSet(KG_NODES);
  const edges = new vis.DataSet(KG_EDGES);
  const base = new Map();
  const links = new Map();  // node id -> edges touching it
  const edgeById = new Map();
  KG_NODES.forEach(function (n) {
    base.set(n.id, { color: n.color, font: n.font, x: n.gx, y: n.gy, size: n.size, label: n.label });
    links.set(n.id, []);
  });
  KG_EDGES.forEach(function (e) {
    edgeById.set(e.id, e);
    if (links.has(e.from)) links.get(e.from).push(e);
    if (links.has(e.to)) links.get(e.to).push(e);
  });

  let started = false;
  if (state.mode === "overview") placeOverview(true);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, KG_OPTIONS);
  started = true;
  const view = { network: network, nodes: nodes, edges: edges, drawn: false, drawnAt: null, state: snapshot,
                 timings: timings, select: selectNode, labelBoxes: labelBoxes, shownIds: shownIds,
                 colourAt: colourAt, edgePoint: edgePoint, relayoutMax: RELAYOUT_MAX, relaying: false };
  window.kgView = view;
  network.once("afterDrawing", function () {
    if (!(KG_META.focus && byId.has(KG_META.focus))) keepLabelsInView();  // a focus stays zoomed in
    view.drawn = true;
    view.drawnAt = performance.now();
  });

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

  // --- tooltip on hover: a node's details, or an edge's relation, papers and sentence ----------------

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
      const group = communityById.get(node.community);
      if (group) box.appendChild(el("div", "meta", "Community: " + group.name));
      box.appendChild(el("div", "meta", "Click for its papers"));
    }
    const link = outLink(info.url, node.kind === "Paper" ? "Open paper ↗" : "Open ↗");
    if (link) box.appendChild(link);
    return box;
  }

  function edgeTooltipContent(edge) {
    const from = byId.get(edge.from), to = byId.get(edge.to);
    const box = document.createDocumentFragment();
    box.appendChild(el("span", "kind rel", edge.rel));
    box.appendChild(el("div", "title", from.info.title + " → " + to.info.title));
    if (edge.derived) {
      const backed = edge.n_sentence ? edge.n_sentence + " with one sentence naming both" : "co-mentioned only";
      box.appendChild(el("div", "meta", plural(edge.weight || 1, "paper") + " · " + backed));
      if (edge.sentence) box.appendChild(el("blockquote", "kg-evidence", edge.sentence));
    } else if (edge.rel !== "HAS_CODE") {
      box.appendChild(el("div", "meta", ["1 paper", edge.role, sureness(edge)].filter(Boolean).join(" · ")));
      if (edge.evidence) box.appendChild(el("blockquote", "kg-evidence", edge.evidence));
    }
    return box;
  }

  let hideTimer = null;
  function showTooltip(content, pointer) {
    clearTimeout(hideTimer);
    tooltip.replaceChildren(content);
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
  network.on("hoverNode", function (p) { showTooltip(tooltipContent(byId.get(p.node)), p.pointer.DOM); });
  network.on("blurNode", function () { hideTooltip(400); });
  network.on("hoverEdge", function (p) {
    const edge = edgeById.get(p.edge);
    if (edge) showTooltip(edgeTooltipContent(edge), p.pointer.DOM);
  });
  network.on("blurEdge", function () { hideTooltip(400); });
  network.on("dragStart", function () { hideTooltip(0); });
  network.on("zoom", function () { hideTooltip(0); });

  // One redraw on the next frame, however many changes ask for it (network.redraw() draws at once).
  function requestRedraw() { network.body.emitter.emit("_requestRedraw"); }

  // --- timing: an action is done when the frame that shows it has been drawn ------------------------

  function timed(name, start) {
    timings[name + "Sync"] = performance.now() - start;
    requestAnimationFrame(function () { setTimeout(function () { timings[name] = performance.now() - start; }, 0); });
  }

  // --- what is shown ------------------------------------------------------------------------------

  function isEntity(n) { return !PAPERISH.has(n.kind); }
  function passesFilters(n) {
    return state.types.has(n.kind) && (!isEntity(n) || n.info.n_papers >= state.minPapers) &&
      (state.community === null || n.community === state.community);
  }
  function papersDrawn() { return state.mode === "graph" && !state.entitiesOnly && state.types.has("Paper"); }
  function nodeShown(n) {
    if (!passesFilters(n)) return false;
    if (state.mode === "overview") return Boolean(n.ov);
    return !(state.entitiesOnly && PAPERISH.has(n.kind));
  }
  function shownIds() { return KG_NODES.filter(function (n) { return n.on; }).map(function (n) { return n.id; }); }

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
    if (!started) return;  // before the network exists, its data is the DataSet's
    // a DataSet update may bring back the item's own `hidden` and colour: the page's state wins
    const drawn = network.body;
    changes.forEach(function (c) {
      const n = byId.get(c.id);
      drawn.nodes[c.id].options.hidden = !n.on;
      if (state.colourBy !== "type") drawn.nodes[c.id].options.color = communityLook(n);
    });
    network._updateVisibleIndices();
  }

  // Show and hide through vis-network's drawn objects, then let it recount what it draws.
  // (The caller records the action's time: a re-layout may follow.)
  function applyVisibility() {
    const drawn = network.body;
    let changed = false;
    KG_NODES.forEach(function (n) {
      const on = nodeShown(n);
      if (n.on === on) return;
      n.on = on;
      drawn.nodes[n.id].options.hidden = !on;
      changed = true;
    });
    const derivedWanted = !papersDrawn();
    KG_EDGES.forEach(function (e) {
      const on = byId.get(e.from).on && byId.get(e.to).on && e.derived === derivedWanted;
      if (e.on === on) return;
      e.on = on;
      drawn.edges[e.id].options.hidden = !on;
      changed = true;
    });
    if (changed) {
      network._updateVisibleIndices();
      requestRedraw();
    }
    hideTooltip(0);
    if (state.selected !== null && !byId.get(state.selected).on) {
      state.selected = null;
      network.unselectAll();
    }
    runSearch(true);
  }

  function neighbourhood(id) {
    const near = new Set([id]);
    links.get(id).forEach(function (e) {
      if (!e.on) return;
      near.add(e.from);
      near.add(e.to);
    });
    return near;
  }

  // The nodes to emphasise (a selection's neighbourhood, else the search's matches), or null for all.
  function emphasised() {
    if (state.selected !== null) return neighbourhood(state.selected);
    if (state.query) return new Set(state.matches);
    return null;
  }

  function applyEmphasis() {
    const focus = emphasised();
    if (focus === null) {
      state.emphasis = null;
    } else {
      const edgeIds = new Set();
      focus.forEach(function (id) {
        links.get(id).forEach(function (e) { if (e.on && focus.has(e.from) && focus.has(e.to)) edgeIds.add(e.id); });
      });
      state.emphasis = { nodes: Array.from(focus).filter(function (id) { return byId.get(id).on; }),
                         edges: Array.from(edgeIds) };
    }
    requestRedraw();
  }

  // After each frame: veil the drawing, then draw the emphasised edges, nodes and labels again on top.
  network.on("afterDrawing", function (ctx) {
    const emphasis = state.emphasis;
    if (emphasis === null) return;
    const corner = network.DOMtoCanvas({ x: 0, y: 0 });
    const far = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    ctx.fillStyle = VEIL;
    ctx.fillRect(corner.x, corner.y, far.x - corner.x, far.y - corner.y);
    const drawn = network.body;
    const edgesNow = emphasis.edges.map(function (id) { return drawn.edges[id]; })
      .filter(function (e) { return e && e.connected && !e.options.hidden; });
    edgesNow.forEach(function (e) { e.draw(ctx); });
    edgesNow.forEach(function (e) { e.drawArrows(ctx); });
    const labels = [];
    emphasis.nodes.forEach(function (id) {
      const node = drawn.nodes[id];
      if (!node || node.options.hidden) return;
      const later = node.draw(ctx);
      if (later && later.drawExternalLabel) labels.push(later.drawExternalLabel);
    });
    labels.forEach(function (draw) { draw(); });
  });

  // --- colours: by type (as the graph came) or by community -----------------------------------------

  function communityColour(n) {
    const group = communityById.get(n.community);
    return group ? group.colour : KG_META.otherColour;
  }

  function communityLook(n) {
    const c = communityColour(n);
    return { background: c, border: n.focus ? FOCUS_BORDER : "#ffffff",
             highlight: { background: c, border: "#222222" }, hover: { background: c, border: "#222222" } };
  }

  function applyColours() {
    const drawn = network.body;
    KG_NODES.forEach(function (n) {
      drawn.nodes[n.id].options.color = state.colourBy === "community" ? communityLook(n) : base.get(n.id).color;
    });
    document.body.classList.toggle("kg-by-community", state.colourBy === "community");
    requestRedraw();
  }

  // The colour a node is drawn in, as [r, g, b] (what the tests read): the commonest pixel of the
  // inner half of its disc, so that a neighbour's label or an edge crossing its centre does not decide.
  function colourAt(id) {
    const at = network.canvasToDOM(network.getPositions([id])[id]);
    const canvas = container.querySelector("canvas");
    const ratio = canvas.width / canvas.clientWidth;
    const radius = Math.max(1, Math.floor(network.body.nodes[id].options.size * network.getScale() * ratio / 2));
    const x0 = Math.round(at.x * ratio) - radius, y0 = Math.round(at.y * ratio) - radius;
    const px = canvas.getContext("2d").getImageData(x0, y0, 2 * radius + 1, 2 * radius + 1).data;
    const counts = new Map();
    let best = null, bestCount = 0;
    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        if (dx * dx + dy * dy > radius * radius) continue;
        const i = 4 * ((dy + radius) * (2 * radius + 1) + dx + radius);
        const key = px[i] + "," + px[i + 1] + "," + px[i + 2];
        const count = (counts.get(key) || 0) + 1;
        counts.set(key, count);
        if (count > bestCount) { best = [px[i], px[i + 1], px[i + 2]]; bestCount = count; }
      }
    }
    return best;
  }

  // Page coordinates of the middle of a drawn edge (what the tests hover).
  function edgePoint(id) {
    const e = edgeById.get(id);
    const pos = network.getPositions([e.from, e.to]);
    const mid = network.canvasToDOM({ x: (pos[e.from].x + pos[e.to].x) / 2, y: (pos[e.from].y + pos[e.to].y) / 2 });
    const box = container.getBoundingClientRect();
    return [box.left + mid.x, box.top + mid.y];
  }

  // --- search: exact names and aliases first, then whole words, parts only when nothing else matches ---

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function rankOf(n, query, word) {
    if (n.searchLines === undefined) n.searchLines = n.search.split("\n");
    if (n.searchLines.indexOf(query) >= 0) return 0;
    if (word.test(n.search)) return 1;
    return n.search.indexOf(query) >= 0 ? 2 : -1;
  }

  // Rank the matches and emphasise them; `quiet` when a filter re-runs it (its time is the filter's).
  function runSearch(quiet) {
    const start = performance.now();
    const query = search.value.trim().toLowerCase();
    state.query = query;
    state.ranked = [];
    if (query) {
      const word = new RegExp("(^|[^\\p{L}\\p{N}])" + escapeRegExp(query) + "($|[^\\p{L}\\p{N}])", "mu");
      const found = [];
      KG_NODES.forEach(function (n) {
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
    state.matches = state.ranked.filter(function (id) { return byId.get(id).on; });
    const total = state.ranked.length;
    const hiddenCount = total - state.matches.length;
    matchesOut.textContent = !query ? "" : total ? total.toLocaleString() + (total === 1 ? " match" : " matches") +
      (hiddenCount ? " (" + hiddenCount.toLocaleString() + " not drawn)" : "") : "no match";
    applyEmphasis();
    if (query && total) showMatches(); else if (state.panel === "matches") closePanel();
    if (!quiet) timed("search", start);
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

  // The extractor's confidence in a paper's link to an entity, as the panel shows it.
  function sureness(edge) {
    return typeof edge.confidence === "number" ? "confidence " + edge.confidence.toFixed(2) : "";
  }

  function paperRows(id) {
    // paper -> entity edges of this entity, each with the paper's role and the sentence that names it
    return links.get(id).filter(function (e) { return !e.derived && e.to === id && byId.has(e.from) && byId.get(e.from).kind === "Paper"; })
      .map(function (e) { return { paper: byId.get(e.from), role: e.role || "", evidence: e.evidence || "", sure: sureness(e) }; })
      .sort(function (a, b) { return (b.paper.info.year || 0) - (a.paper.info.year || 0) || (a.paper.info.title < b.paper.info.title ? -1 : 1); });
  }

  function entityPanel(n) {
    const box = el("div");
    box.append(badge(n.kind), el("h3", null, n.info.title));
    if (n.info.aliases && n.info.aliases.length) box.appendChild(el("div", "meta", "Also: " + n.info.aliases.join(", ")));
    box.appendChild(el("div", "meta", plural(n.info.n_papers, "paper") + " · proposed by " + n.info.n_proposed));
    const rows = paperRows(n.id);
    box.appendChild(el("h4", null, rows.length === 0 && n.info.n_papers
      ? "Papers: " + n.info.n_papers + ", none drawn on this page"
      : "Papers" + (rows.length < n.info.n_papers ? " on this page (" + rows.length + " of " + n.info.n_papers + ")" : "")));
    if (rows.length === 0 && n.info.n_papers) {
      box.appendChild(el("div", "meta", "This page was drawn without them (--types, --top or the size cap); " +
        "kg html OUT --focus \"" + n.info.title + "\" draws this entity with its papers."));
    }
    const list = el("ul", "kg-list kg-papers");
    rows.forEach(function (r) {
      const item = el("li");
      item.appendChild(nodeButton(r.paper.id, r.paper.info.title, "kg-node-link kg-paper-title"));
      const meta = [r.paper.info.year || r.paper.info.date, r.role, r.sure].filter(Boolean).join(" · ");
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
        if (e.role) item.appendChild(el("span", "count", [e.role, sureness(e)].filter(Boolean).join(" · ")));
        if (e.evidence) item.appendChild(el("blockquote", "kg-evidence", e.evidence));
        list.appendChild(item);
      });
      box.appendChild(list);
    }
    return box;
  }

  function selectNode(id, fromPanel) {
    const start = performance.now();
    const n = byId.get(id);
    if (!n) return;
    if (!n.on && fromPanel && isEntity(n) && state.mode === "overview") setMode("graph");
    state.selected = n.on ? id : null;
    if (state.selected !== null) {
      network.selectNodes([id]);
      if (fromPanel) network.focus(id, { scale: Math.max(network.getScale(), 0.8), animation: { duration: 300 } });
    }
    applyEmphasis();
    openPanel(isEntity(n) ? "entity" : "paper", isEntity(n) ? entityPanel(n) : paperPanel(n));
    timed("click", start);
  }

  network.on("click", function (p) {
    hideTooltip(0);  // the card of what was hovered must not stay over the panel
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
    arrange("mode", start);
  }

  // vis-network fits the nodes, not their labels: a long label near the edge can run off the
  // canvas. Once the fitted view is drawn (label sizes are known then), zoom out just enough,
  // about the labels' common centre, to show every drawn label whole.
  function keepLabelsInView() {
    const boxes = labelBoxes();
    if (!boxes.length) return;
    const page = container.getBoundingClientRect();
    const margin = 6;
    const left = Math.min.apply(null, boxes.map(function (b) { return b.left; }));
    const right = Math.max.apply(null, boxes.map(function (b) { return b.right; }));
    const top = Math.min.apply(null, boxes.map(function (b) { return b.top; }));
    const bottom = Math.max.apply(null, boxes.map(function (b) { return b.bottom; }));
    if (left >= page.left + margin && right <= page.right - margin &&
        top >= page.top + margin && bottom <= page.bottom - margin) return;
    const shrink = Math.min(1, (page.width - 2 * margin) / (right - left),
                            (page.height - 2 * margin) / (bottom - top));
    const centre = network.DOMtoCanvas({ x: (left + right) / 2 - page.left, y: (top + bottom) / 2 - page.top });
    network.moveTo({ position: centre, scale: network.getScale() * shrink });
  }

  // After a filter or Reset: fit what is shown (the first MAX_FIT nodes when more), then make
  // room for the labels, as when the page opens.
  function refit(animate) {
    const shown = shownIds();
    const options = Object.assign(shown.length && shown.length <= MAX_FIT ? { nodes: shown } : {}, FIT);
    network.fit(animate ? Object.assign({ animation: { duration: 400 } }, options) : options);
    if (animate) network.once("animationFinished", keepLabelsInView);
    else network.once("afterDrawing", keepLabelsInView);
  }

  // --- re-layout: what a filter leaves of the whole graph, laid out anew -----------------------------
  // The precomputed places suit the whole graph: a community or a high paper threshold keeps a
  // sparse, gappy or clumped part of them. vis-network's own physics lays that part out again.

  let relaid = false;  // whether nodes may be away from their precomputed places
  let layoutRun = 0;   // bumped by every arrangement, so that a run a newer filter overtook stops

  // After a filter or a change of view: lay out anew what is shown, or put the nodes back at their
  // places; then refit, and record the action's time once the frame that shows it is drawn.
  function arrange(timing, start) {
    const run = ++layoutRun;
    if (view.relaying) stopPhysics();
    if (relaid) restorePlaces();  // a re-layout starts from the precomputed places, so it is repeatable
    const shown = shownIds();
    const settled = function () { refit(false); timed(timing, start); };
    if (wantsRelayout(shown.length)) relayout(run, settled); else settled();
  }

  // Only in the whole-graph view, and only for a part of it small enough to lay out in a moment:
  // the overview's places already keep its labels apart and its communities together, which
  // physics (blind to labels) would undo, and a filter there leaves a compact group to refit.
  function wantsRelayout(count) {
    return state.mode === "graph" && count >= 2 && count < KG_NODES.length && count <= view.relayoutMax;
  }

  // The place a node was given in Python for the current view.
  function homeOf(n) { return state.mode === "overview" && n.ov ? n.ov : base.get(n.id); }

  // Every node back at its precomputed place (after a re-layout, and on Reset after dragging too),
  // truncated as vis-network truncates the x and y it is given (parseInt), so exactly where it was.
  function restorePlaces() {
    const drawn = network.body.nodes;
    KG_NODES.forEach(function (n) {
      const home = homeOf(n);
      drawn[n.id].x = Math.trunc(home.x);
      drawn[n.id].y = Math.trunc(home.y);
    });
    relaid = false;
    requestRedraw();
  }

  // vis-network 9 simulates every node and edge whose own `physics` option is true, hidden or not
  // (physics being off for the network only stops it from running by itself): the options follow
  // what is shown for a run and are all off otherwise.
  function setPhysics(on) {
    const drawn = network.body;
    KG_NODES.forEach(function (n) { drawn.nodes[n.id].options.physics = on && n.on; });
    KG_EDGES.forEach(function (e) { drawn.edges[e.id].options.physics = on && e.on; });
    network.physics.updatePhysicsData();
  }

  function stopPhysics() {
    setPhysics(false);
    view.relaying = false;
  }

  // A bounded run of the physics (the ForceAtlas2 solver set in Python) over the shown nodes and
  // edges, in slices so the page keeps answering. It starts from the precomputed places, at rest,
  // with fresh solvers (their random streams are seeded) and runs a fixed number of ticks, so the
  // same filter gives the same picture.
  function relayout(run, done) {
    const physics = network.physics;
    const shown = KG_NODES.filter(function (n) { return n.on; }).map(function (n) { return network.body.nodes[n.id]; });
    network.body.emitter.emit("_resizeNodes");  // sizes of nodes (and labels) never drawn yet
    const overlapsBefore = labelOverlaps(shown);
    gather(shown);
    setPhysics(true);
    physics.init();
    physics.physicsBody.velocities = {};
    physics.updatePhysicsData();
    physics.timestep = physics.options.timestep;
    physics.adaptiveCounter = 0;
    physics.stabilized = false;
    view.relaying = true;
    relaid = true;
    let ticks = 0;
    function slice() {
      if (run !== layoutRun) return;  // a newer filter took over (and put the places back)
      for (let i = 0; i < TICKS_PER_SLICE && ticks < RELAYOUT_TICKS && !physics.stabilized; i++, ticks++) {
        physics.physicsTick();
      }
      if (ticks < RELAYOUT_TICKS && !physics.stabilized) { setTimeout(slice, 0); return; }
      stopPhysics();
      stretchToCanvas(shown);
      // A dense part (entities only, with their many pairings) can come out clumped: the places
      // it had are kept unless the new ones overlap fewer labels.
      if (labelOverlaps(shown) >= overlapsBefore) restorePlaces();
      network.body.emitter.emit("_resizeNodes");  // vis-network fits to bounding boxes, updated when drawn
      done();
    }
    slice();
  }

  // How many pairs of the drawn nodes' labels overlap, each label's box centred under its node as
  // vis-network draws it (canvas units, so the zoom does not matter). A sweep along x: boxes that
  // do not meet in x are never compared.
  function labelOverlaps(drawn) {
    const boxes = drawn.map(function (d) {
      const size = (d.labelModule && d.labelModule.size) || { width: 0, height: 0 };
      const top = d.y + (d.options.size || 0);
      return { left: d.x - size.width / 2, right: d.x + size.width / 2, top: top, bottom: top + size.height };
    }).sort(function (a, b) { return a.left - b.left; });
    let count = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length && boxes[j].left < boxes[i].right; j++) {
        if (boxes[j].top < boxes[i].bottom && boxes[i].top < boxes[j].bottom) count++;
      }
    }
    return count;
  }

  function extent(drawn) {
    const xs = drawn.map(function (d) { return d.x; }), ys = drawn.map(function (d) { return d.y; });
    const left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    const top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    return { cx: (left + right) / 2, cy: (top + bottom) / 2, width: right - left, height: bottom - top };
  }

  // Scale the drawn nodes about their centre (a factor per axis).
  function scaleAbout(drawn, box, fx, fy) {
    drawn.forEach(function (d) {
      d.x = box.cx + (d.x - box.cx) * fx;
      d.y = box.cy + (d.y - box.cy) * fy;
    });
  }

  // What a filter leaves is spread over the whole graph's room, far wider than the physics would
  // make it, and a fixed number of ticks would not pull it in. Drawn together about its centre to
  // about the size the physics settles at, it starts near that size and keeps its arrangement.
  function gather(drawn) {
    const box = extent(drawn);
    const side = SPACING * Math.sqrt(drawn.length);
    const factor = Math.min(1, side / Math.max(box.width, box.height, 1));
    scaleAbout(drawn, box, factor, factor);
  }

  // Physics leaves a round picture and the canvas is wider than tall: stretch the short side to
  // the canvas's shape, so the picture fills it and the labels (wider than tall) get room.
  function stretchToCanvas(drawn) {
    const box = extent(drawn);
    if (!box.width || !box.height) return;
    const ratio = (container.clientWidth / Math.max(1, container.clientHeight)) / (box.width / box.height);
    if (ratio > 1) scaleAbout(drawn, box, Math.min(ratio, MAX_STRETCH), 1);
    else scaleAbout(drawn, box, 1, Math.min(1 / ratio, MAX_STRETCH));
  }

  modeSelect.addEventListener("change", function () { setMode(modeSelect.value); });

  // A filter shows and hides, then lays out anew or puts back, refits and records its time.
  function filter() {
    const start = performance.now();
    applyVisibility();
    arrange("filter", start);
  }

  entitiesOnly.addEventListener("change", function () {
    state.entitiesOnly = entitiesOnly.checked;
    filter();
  });

  minPapers.addEventListener("change", function () {
    const value = parseInt(minPapers.value, 10);
    state.minPapers = isFinite(value) && value > 0 ? value : 1;
    filter();
  });

  communitySelect.addEventListener("change", function () {
    state.community = communitySelect.value === "" ? null : parseInt(communitySelect.value, 10);
    filter();
  });

  colourByCommunity.addEventListener("change", function () {
    state.colourBy = colourByCommunity.checked ? "community" : "type";
    applyColours();
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
        filter();
      });
      const dot = el("span", "kg-dot");
      dot.style.background = KG_META.colours[k[0]] || "#616e7c";
      row.append(box, dot, el("span", null, k[0]), el("span", "count", k[1].toLocaleString()));
      legend.appendChild(row);
    });
  }

  // The community filter's choices, and their colours (shown when colouring by community).
  function buildCommunities() {
    const key = document.getElementById("kg-community-legend");
    KG_META.communities.forEach(function (c) {
      const option = el("option", null, c.name + " (" + c.nodes.toLocaleString() + ")");
      option.value = String(c.id);
      communitySelect.appendChild(option);
      const row = el("div", "kg-community-row");
      const dot = el("span", "kg-dot");
      dot.style.background = c.colour;
      row.append(dot, el("span", null, c.name));
      key.appendChild(row);
    });
    if (!KG_META.communities.length) document.getElementById("kg-communities").hidden = true;
  }

  document.getElementById("kg-reset").addEventListener("click", function () {
    search.value = "";
    entitiesOnly.checked = false;
    state.entitiesOnly = false;
    state.selected = null;
    state.minPapers = KG_META.minPapers || 1;
    minPapers.value = state.minPapers;
    state.community = null;
    communitySelect.value = "";
    if (state.colourBy !== "type") { state.colourBy = "type"; colourByCommunity.checked = false; applyColours(); }
    document.querySelectorAll("#kg-legend input").forEach(function (box) { box.checked = true; state.types.add(box.dataset.kind); });
    network.unselectAll();
    closePanel();
    restorePlaces();  // nodes a re-layout or a drag moved
    if (state.mode !== KG_META.start) setMode(KG_META.start); else filter();
  });

  // Label rectangles of the drawn nodes in page pixels (what the tests check for overlaps).
  function labelBoxes() {
    const out = [];
    const box = container.getBoundingClientRect();
    KG_NODES.forEach(function (n) {
      if (!n.on) return;
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
    const shown = KG_NODES.filter(function (n) { return n.on; });
    const emphasisedShown = state.emphasis === null ? shown.length : state.emphasis.nodes.length;
    return {
      nodes: KG_NODES.length, edges: KG_EDGES.length, mode: state.mode,
      drawnNodes: network.body.nodeIndices.length,
      visibleNodes: shown.length,
      visibleEdges: KG_EDGES.filter(function (e) { return e.on; }).length,
      visibleKinds: Array.from(new Set(shown.map(function (n) { return n.kind; }))).sort(),
      fadedNodes: shown.length - emphasisedShown,
      community: state.community, colourBy: state.colourBy,
      matches: state.matches.slice(), ranked: state.ranked.slice(), selected: state.selected,
      panel: panel.hidden ? null : state.panel, panelText: panel.hidden ? "" : panelBody.textContent,
      tooltip: tooltip.hidden ? null : tooltip.textContent, scale: network.getScale(),
    };
  }

  document.getElementById("kg-counts").textContent =
    plural(KG_NODES.length, "node") + " · " + plural(KG_EDGES.length, "edge");
  if (KG_META.note) {
    const note = document.getElementById("kg-note");
    note.textContent = KG_META.note;
    note.hidden = false;
    document.body.classList.add("kg-noted");
    network.setSize("100%", "100%");
  }
  buildLegend();
  buildCommunities();
  modeSelect.value = state.mode;
  entitiesOnly.disabled = state.mode === "overview";
  minPapers.value = state.minPapers;
  network.fit(FIT);
  if (KG_META.focus && byId.has(KG_META.focus)) {
    selectNode(KG_META.focus, false);
    network.focus(KG_META.focus, { scale: Math.min(Math.max(network.getScale(), 0.6), 1.0) });
  }
})();
