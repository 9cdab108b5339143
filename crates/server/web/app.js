// hearsay web UI: a small single-page app over the JSON API (/openapi.json).
// Every piece of text from the store is inserted as a text node (never as HTML), so no article,
// headline or name can inject markup. Routes live in the URL hash: #/article/ID, #/claim/ID/c1, ...
"use strict";

// ---- DOM helpers ------------------------------------------------------------------------------

const SVG_NS = "http://www.w3.org/2000/svg";

/** Builds an element: h("a", {href: "#/"}, "text", child, [more children]). Strings become text. */
function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

/** The same for SVG elements. */
function s(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  setAttrs(element, attrs);
  append(element, children);
  return element;
}

function setAttrs(element, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    // Through the CSSOM: the Content-Security-Policy forbids style attributes, not style properties.
    else if (key === "style") element.style.cssText = String(value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

const main = () => document.getElementById("main");

function render(...children) {
  const root = main();
  root.replaceChildren();
  append(root, children);
  window.scrollTo(0, 0);
}

// ---- API ----------------------------------------------------------------------------------------

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    const error = new Error(message);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== "") search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

const enc = encodeURIComponent;

// ---- Shared pieces ------------------------------------------------------------------------------

const short = (id) => (id || "").slice(0, 10);
const day = (published) => (published ? published.slice(0, 10) : "undated");

function articleLink(article) {
  return h("a", { href: `#/article/${article.id}` }, article.title || `Untitled article ${short(article.id)}`);
}

function outletLink(name) {
  return name ? h("a", { href: `#/outlet/${enc(name)}`, class: "outlet" }, name) : h("span", { class: "muted" }, "unknown outlet");
}

function entityLink(name) {
  return h("a", { href: `#/entity/${enc(name)}` }, name);
}

function stanceBadges(claim) {
  return [
    h("span", { class: `badge ${claim.stance}` }, claim.stance === "deny" ? "denies" : "affirms"),
    claim.hedged ? [" ", h("span", { class: "badge hedged" }, "hedged")] : null,
    claim.direct ? [" ", h("span", { class: "badge" }, "direct quote")] : null,
  ];
}

/** A claim card: who, stance, via, the content, and where it was reported. */
function claimCard(row, options = {}) {
  const claim = row.claim;
  const classes = ["claim", claim.stance, claim.hedged ? "hedged" : ""].join(" ");
  const claimant = claim.claimant.kind === "unnamed" ? h("span", { class: "who" }, claim.claimant.name) : h("a", { class: "who", href: `#/entity/${enc(claim.claimant.name)}` }, claim.claimant.name);
  return h("div", { class: classes, "data-claim": `${row.article}/${claim.id}`, "data-testid": "claim" },
    h("div", {}, claimant, claim.role ? h("span", { class: "muted" }, `, ${claim.role}`) : null, " ", stanceBadges(claim),
      claim.via.length ? h("span", { class: "muted small" }, "  via ", claim.via.map((via, i) => [i ? " › " : "", via.name])) : null),
    h("div", { class: "content" }, claim.content),
    h("div", { class: "meta" },
      options.noArticle ? null : h("span", {}, outletLink(row.outlet)),
      options.noArticle ? null : h("span", {}, day(row.published)),
      options.noArticle ? null : h("span", {}, articleLink({ id: row.article, title: row.title })),
      h("span", {}, h("a", { href: `#/claim/${row.article}/${claim.id}`, "data-testid": "claim-link" }, "sources & provenance →")),
      options.score !== undefined ? h("span", {}, `similarity ${options.score.toFixed(2)}`) : null));
}

function pager(page, limit, go) {
  const from = page.items.length ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  return h("div", { class: "pager" },
    h("span", { class: "muted small" }, `${from}–${to} of ${page.total}`),
    page.offset > 0 ? h("button", { class: "secondary", onclick: () => go(Math.max(0, page.offset - limit)) }, "← Previous") : null,
    to < page.total ? h("button", { class: "secondary", onclick: () => go(page.offset + limit) }, "Next →") : null);
}

function empty(text) {
  return h("p", { class: "empty" }, text);
}

function errorBox(error) {
  return h("div", { class: "error", role: "alert" }, error.message || String(error));
}

// ---- Byte spans -----------------------------------------------------------------------------------

// Spans from the API are UTF-8 byte offsets into the article text. The text is cut into runs at
// every span boundary; each run is decoded from its bytes, so the highlighted text is exactly the
// span's bytes whatever the characters.
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function segments(text, spans) {
  const bytes = encoder.encode(text);
  const cuts = new Set([0, bytes.length]);
  for (const span of spans) { cuts.add(Math.min(span.start, bytes.length)); cuts.add(Math.min(span.end, bytes.length)); }
  const points = [...cuts].sort((a, b) => a - b);
  const runs = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i], end = points[i + 1];
    if (start === end) continue;
    runs.push({ start, end, text: decoder.decode(bytes.subarray(start, end)), covering: spans.filter((span) => span.start <= start && span.end >= end) });
  }
  return runs;
}

// ---- Provenance graph -----------------------------------------------------------------------------

const NODE_COLORS = { outlet: ["#e3f3f8", "#0f6e8c"], via: ["#f1eafd", "#7b4bd1"], person: ["#e9ecff", "#3547d4"], organization: ["#fff4e0", "#b26b00"], unnamed: ["#eef0f4", "#475467"], deny: ["#fde7e5", "#c2413b"] };

/**
 * Draws columns of nodes joined by edges, left to right: outlets, then intermediaries, then
 * claimants. `columns` is [[{key, label, sub, kind, href}]], `edges` is [{from, to, label, deny}].
 */
function layeredGraph(columns, edges, options = {}) {
  const nodeWidth = options.nodeWidth || 210, nodeHeight = 50, columnGap = options.columnGap || 110, rowGap = 22;
  const rows = Math.max(1, ...columns.map((column) => column.length));
  const width = columns.length * nodeWidth + (columns.length - 1) * columnGap + 20;
  const height = rows * nodeHeight + (rows - 1) * rowGap + 20;
  const position = new Map();
  columns.forEach((column, c) => {
    const offset = (height - (column.length * nodeHeight + (column.length - 1) * rowGap)) / 2;
    column.forEach((node, r) => position.set(node.key, { x: 10 + c * (nodeWidth + columnGap), y: offset + r * (nodeHeight + rowGap), node }));
  });
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": options.label || "provenance graph", "data-testid": "provenance-graph" },
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#98a2b3" })),
      s("marker", { id: "arrow-deny", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#c2413b" }))));
  for (const edge of edges) {
    const from = position.get(edge.from), to = position.get(edge.to);
    if (!from || !to) continue;
    const x1 = from.x + nodeWidth, y1 = from.y + nodeHeight / 2, x2 = to.x - 2, y2 = to.y + nodeHeight / 2;
    const mid = (x1 + x2) / 2;
    svg.append(s("path", { class: "edge", d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`, "marker-end": edge.deny ? "url(#arrow-deny)" : "url(#arrow)", style: edge.deny ? "stroke:#c2413b" : null }));
    if (edge.label) svg.append(s("text", { class: "edge-label", x: mid, y: (y1 + y2) / 2 - 6, "text-anchor": "middle" }, edge.label));
  }
  for (const { x, y, node } of position.values()) {
    const [fill, stroke] = NODE_COLORS[node.kind] || NODE_COLORS.unnamed;
    const group = s("g", { class: "node", transform: `translate(${x},${y})` },
      s("rect", { width: nodeWidth, height: nodeHeight, rx: 9, fill, stroke }),
      s("text", { x: 12, y: node.sub ? 21 : 30, fill: stroke }, clip(node.label, 27)),
      node.sub ? s("text", { class: "sub", x: 12, y: 38 }, clip(node.sub, 34)) : null,
      s("title", {}, [node.label, node.sub].filter(Boolean).join(" — ")));
    svg.append(node.href ? s("a", { href: node.href }, group) : group);
  }
  return h("div", { class: "graph" }, svg);
}

function clip(text, length) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The chain of one claim: outlet → via… → claimant. */
function chainGraph(row) {
  const claim = row.claim;
  const columns = [[{ key: "outlet", label: row.outlet || "unknown outlet", sub: `reported ${day(row.published)}`, kind: "outlet", href: row.outlet ? `#/outlet/${enc(row.outlet)}` : null }]];
  const edges = [];
  let previous = "outlet";
  claim.via.forEach((via, i) => {
    const key = `via${i}`;
    columns.push([{ key, label: via.name, sub: "intermediary", kind: "via", href: `#/entity/${enc(via.name)}` }]);
    edges.push({ from: previous, to: key, label: i === 0 ? "cites" : "citing" });
    previous = key;
  });
  const kind = claim.claimant.kind === "person" || claim.claimant.kind === "organization" ? claim.claimant.kind : "unnamed";
  columns.push([{ key: "claimant", label: claim.claimant.name, sub: claim.role || claim.claimant.kind, kind, href: claim.claimant.kind === "unnamed" ? null : `#/entity/${enc(claim.claimant.name)}` }]);
  edges.push({ from: previous, to: "claimant", label: claim.via.length ? "citing" : `quotes (“${clip(claim.cue, 18)}”)` });
  return layeredGraph(columns, edges, { label: "provenance chain: outlet to claimant" });
}

/** Several claims' chains merged: outlets, intermediaries, claimants, with stance on the last edge. */
function networkGraph(rows) {
  const outlets = new Map(), vias = new Map(), claimants = new Map(), edges = new Map();
  const addEdge = (from, to, label, deny) => { const key = `${from}>${to}`; if (!edges.has(key)) edges.set(key, { from, to, label, deny }); };
  for (const row of rows) {
    const claim = row.claim;
    const outletKey = `o:${(row.outlet || "?").toLowerCase()}`;
    outlets.set(outletKey, { key: outletKey, label: row.outlet || "unknown outlet", sub: day(row.published), kind: "outlet", href: row.outlet ? `#/outlet/${enc(row.outlet)}` : null });
    let previous = outletKey;
    for (const via of claim.via) {
      const key = `v:${via.name.toLowerCase()}`;
      vias.set(key, { key, label: via.name, sub: "intermediary", kind: "via", href: `#/entity/${enc(via.name)}` });
      addEdge(previous, key, "", false);
      previous = key;
    }
    const claimantKey = `c:${claim.claimant.name.toLowerCase()}`;
    const kind = claim.claimant.kind === "person" || claim.claimant.kind === "organization" ? claim.claimant.kind : "unnamed";
    claimants.set(claimantKey, { key: claimantKey, label: claim.claimant.name, sub: claim.role || claim.claimant.kind, kind: claim.stance === "deny" ? "deny" : kind, href: claim.claimant.kind === "unnamed" ? null : `#/entity/${enc(claim.claimant.name)}` });
    addEdge(previous, claimantKey, claim.stance === "deny" ? "denies" : "", claim.stance === "deny");
  }
  const columns = [[...outlets.values()], [...vias.values()], [...claimants.values()]].filter((column) => column.length);
  return layeredGraph(columns.map((column) => column.slice(0, 14)), [...edges.values()], { label: "who cites whom across the corpus", columnGap: 90 });
}

// ---- Timeline ---------------------------------------------------------------------------------------

const PALETTE = ["#3547d4", "#0f6e8c", "#c2413b", "#1f8a5b", "#b26b00", "#7b4bd1", "#d6336c", "#2f9e44", "#495057", "#1098ad"];

/** Articles as dots over time, one row per outlet; a click opens the article. */
function timelineChart(articles) {
  const dated = articles.filter((article) => article.published).map((article) => ({ ...article, time: Date.parse(article.published.slice(0, 10)) })).filter((article) => !Number.isNaN(article.time));
  const undated = articles.length - dated.length;
  const note = undated ? h("p", { class: "small muted" }, `${undated} undated ${undated === 1 ? "article" : "articles"} not shown.`) : null;
  if (!dated.length) return empty(undated ? `${undated} undated articles; none carries a date.` : "No dated articles yet.");
  const outlets = [...new Set(dated.map((article) => article.outlet || "unknown outlet"))].slice(0, 12);
  const min = Math.min(...dated.map((a) => a.time)), max = Math.max(...dated.map((a) => a.time));
  const span = Math.max(max - min, 86400000);
  const left = 170, right = 30, rowHeight = 34, width = 1000, height = outlets.length * rowHeight + 50;
  const x = (time) => left + ((time - min) / span) * (width - left - right);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "timeline of articles by outlet", "data-testid": "timeline" });
  outlets.forEach((outlet, row) => {
    const y = 20 + row * rowHeight;
    svg.append(s("text", { x: 8, y: y + 4 }, clip(outlet, 24)), s("line", { class: "axis", x1: left, x2: width - right, y1: y, y2: y }));
  });
  for (const tick of [...new Set([min, max].concat(max - min > 2 * 86400000 ? [min + span / 2] : []))]) {
    svg.append(s("text", { x: x(tick), y: height - 8, "text-anchor": "middle" }, new Date(tick).toISOString().slice(0, 10)));
  }
  const stacked = new Map();
  for (const article of dated) {
    const row = outlets.indexOf(article.outlet || "unknown outlet");
    if (row < 0) continue;
    const key = `${row}:${article.time}`;
    const n = stacked.get(key) || 0;
    stacked.set(key, n + 1);
    const radius = 5 + Math.min(article.claims || 0, 12) * 0.6;
    svg.append(s("a", { href: `#/article/${article.id}` }, s("circle", { class: "dot", cx: x(article.time) + n * 7, cy: 20 + row * rowHeight, r: radius, fill: PALETTE[row % PALETTE.length], "fill-opacity": 0.8 }, s("title", {}, `${day(article.published)} · ${article.outlet || "?"}: ${article.title || article.id} (${article.claims || 0} claims)`))));
  }
  return h("div", { class: "timeline" }, svg, note);
}

// ---- Pages ----------------------------------------------------------------------------------------

const routes = [];
function route(pattern, page) { routes.push({ pattern, page }); }

let ledgerAvailable = false;

async function home() {
  const [stats, recent, entities, outlets, timeline] = await Promise.all([
    api("/api/stats"), api("/api/articles?limit=8"), api("/api/entities?limit=12"), api("/api/outlets?limit=8"), api("/api/timeline?limit=1000").then((page) => page.items),
  ]);
  const tiles = [["articles", stats.articles], ["claims", stats.claims], ["entities", stats.entities], ["outlets", stats.outlets], ["near-duplicates", stats.near_duplicates]];
  render(
    h("h1", {}, "What the news says, and who says it"),
    h("p", { class: "muted" }, "Every claim in the stored articles, with who made it, through whom it reached the outlet, and whether others say the same."),
    h("div", { class: "tiles" }, tiles.map(([label, value]) => h("div", { class: "tile" }, h("b", {}, value), h("span", {}, label)))),
    stats.articles === 0 ? h("div", { class: "card" }, "The store is empty. ", h("a", { href: "#/ingest" }, "Add some news"), " or run ", h("code", {}, "hearsay ingest FILES"), ".") : null,
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Timeline"), timelineChart(timeline.flatMap((d) => d.articles))),
    h("div", { class: "grid cols-3" },
      h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Latest articles"), h("ul", { class: "plain" }, recent.items.map((article) => h("li", {}, articleLink(article), h("div", { class: "meta" }, h("span", {}, outletLink(article.outlet)), h("span", {}, day(article.published))))))),
      h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Most reported"), h("ul", { class: "plain" }, entities.items.map((entity) => h("li", {}, entityLink(entity.name), " ", h("span", { class: "badge kind" }, entity.type), h("div", { class: "meta" }, h("span", {}, `${entity.articles} articles`), h("span", {}, `${entity.claims_made} claims made`)))))),
      h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Outlets"), h("ul", { class: "plain" }, outlets.items.map((outlet) => h("li", {}, outletLink(outlet.name), h("div", { class: "meta" }, h("span", {}, `${outlet.articles} articles`), h("span", {}, `${outlet.claims} claims`))))))));
}
route(/^\/?$/, home);

async function searchPage(params) {
  const q = params.get("q") || "", outlet = params.get("outlet") || "", since = params.get("since") || "", until = params.get("until") || "";
  const offset = Number(params.get("offset") || 0), limit = 20;
  const outlets = (await api("/api/outlets?limit=1000")).items;
  const form = h("form", { class: "filters card", "data-testid": "search-form", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    location.hash = `#/search${query(Object.fromEntries(data.entries()))}`;
  } },
    h("label", {}, "Words or \"a phrase\"", h("input", { type: "search", name: "q", value: q, autofocus: true })),
    h("label", {}, "Outlet", h("select", { name: "outlet" }, h("option", { value: "" }, "any"), outlets.map((o) => h("option", { value: o.name, selected: o.name === outlet }, o.name)))),
    h("label", {}, "Since", h("input", { type: "date", name: "since", value: since })),
    h("label", {}, "Until", h("input", { type: "date", name: "until", value: until })),
    h("button", { type: "submit" }, "Search"));
  if (!q.trim()) {
    render(h("h1", {}, "Search"), form, empty("Type words to find articles; claims about them show beside."));
    return;
  }
  const [hits, claims] = await Promise.all([
    api(`/api/search${query({ q, outlet, since, until, offset, limit })}`),
    api(`/api/claims${query({ about: q, outlet, since, until, limit: 10 })}`).catch(() => ({ items: [], total: 0 })),
  ]);
  const go = (next) => { location.hash = `#/search${query({ q, outlet, since, until, offset: next })}`; };
  render(h("h1", {}, "Search"), form,
    h("div", { class: "grid cols-2" },
      h("section", {}, h("h2", {}, `Articles`),
        hits.items.length ? h("ul", { class: "plain card", "data-testid": "search-results" }, hits.items.map((hit) => h("li", {},
          articleLink(hit.article),
          h("div", { class: "meta" }, h("span", {}, outletLink(hit.article.outlet)), h("span", {}, day(hit.article.published))),
          h("p", { class: "snippet" }, hit.snippet.map((part) => (part.hit ? h("mark", {}, part.text) : part.text)))))) : empty("No article matches."),
        pager({ ...hits, total: hits.total }, limit, go)),
      h("section", {}, h("h2", {}, `Claims about “${q}”`), claims.items.length ? claims.items.map((row) => claimCard(row)) : empty("No claim mentions it."))));
}
route(/^\/search$/, searchPage);

// The fact-checker's lookup: a claim in the user's words, the verdict, the evidence by origin.
async function checkPage(params) {
  const q = params.get("q") || "";
  const form = h("form", { class: "filters card", "data-testid": "check-form", onsubmit: (event) => {
    event.preventDefault();
    location.hash = `#/check${query({ q: new FormData(event.target).get("q") })}`;
  } },
    h("label", {}, "A claim, in your own words", h("input", { type: "search", name: "q", value: q, autofocus: true, placeholder: "Russia gave Israel data on Iran's air defences" })),
    h("button", { type: "submit" }, "Check"));
  if (!q.trim()) {
    render(h("h1", {}, "Check a claim"), form, empty("Write a claim: the stored articles that affirm, deny or discuss it show here, grouped by independent origin."));
    return;
  }
  const result = await api(`/api/check${query({ q })}`);
  const origins = [];
  for (const evidence of result.evidence) {
    let group = origins.find((o) => o.origin === evidence.origin);
    if (!group) origins.push(group = { origin: evidence.origin, articles: [] });
    group.articles.push(evidence);
  }
  const stanceLabel = { affirm: "affirms", deny: "denies", discuss: "discusses" };
  render(h("h1", {}, "Check a claim"), form,
    h("div", { class: "card", "data-testid": "check-result" },
      h("p", {}, h("span", { class: `badge verdict-${result.verdict}`, "data-testid": "check-verdict" }, result.verdict), " ",
        h("b", {}, result.claim)),
      h("p", { class: "muted small" }, `${result.evidence.length} related articles from ${origins.length} independent origins (an outlet; near-duplicate copies count with their original).`)),
    origins.length ? origins.map((group) => h("section", { class: "card", "data-testid": "check-origin" },
      h("h2", { style: "margin-top:0" }, group.origin.startsWith("article:") ? "Unnamed outlet" : group.origin),
      h("ul", { class: "plain" }, group.articles.map((evidence) => h("li", {},
        h("span", { class: `badge ${evidence.stance}` }, stanceLabel[evidence.stance] || evidence.stance), " ",
        articleLink({ id: evidence.article, title: evidence.title }),
        h("div", { class: "meta" }, h("span", {}, outletLink(evidence.outlet)), h("span", {}, day(evidence.published)),
          evidence.copy_of ? h("span", {}, "copy of ", h("a", { href: `#/article/${evidence.copy_of}` }, short(evidence.copy_of))) : null,
          evidence.claims.map((claim) => h("span", {}, h("a", { href: `#/claim/${evidence.article}/${claim}` }, `claim ${claim}`))))))))) : empty("No stored article is related to this claim."));
}
route(/^\/check$/, checkPage);

async function articlePage(params, id) {
  const article = await api(`/api/articles/${enc(id)}`);
  const spans = [
    ...article.claims.map((claim) => ({ start: claim.content_span.start, end: claim.content_span.end, claim })),
    ...article.entities.flatMap((entity) => entity.mentions.map((mention) => ({ start: mention.start, end: mention.end, entity }))),
  ];
  const text = h("div", { class: "article-text", "data-testid": "article-text" }, segments(article.text, spans).map((run) => {
    const claims = run.covering.filter((span) => span.claim).map((span) => span.claim);
    const entity = run.covering.find((span) => span.entity);
    let node = entity ? h("a", { class: "span-entity", href: `#/entity/${enc(entity.entity.name)}`, title: `${entity.entity.name} (${entity.entity.type})` }, run.text) : run.text;
    for (const claim of claims) {
      node = h("span", { class: `span-claim ${claim.stance}${claim.hedged ? " hedged" : ""}`, "data-claim": claim.id, "data-testid": "claim-span", title: `${claim.claimant.name} ${claim.stance === "deny" ? "denies" : "says"} (${claim.cue})`, onclick: () => focusClaim(claim.id) }, node);
    }
    return node;
  }));
  const rows = article.claims.map((claim) => ({ article: article.id, title: article.title, outlet: article.outlet, published: article.published, claim }));
  render(
    h("div", { class: "meta" }, h("span", {}, outletLink(article.outlet)), h("span", {}, day(article.published)), /^https?:\/\//i.test(article.url || "") ? h("span", {}, h("a", { href: article.url, rel: "noopener noreferrer nofollow" }, "original")) : null, h("span", {}, `id ${short(article.id)}`)),
    h("h1", {}, article.title || "Untitled article"),
    article.copies.length ? h("p", { class: "small" }, "Near-duplicates: ", article.copies.map((copy, i) => [i ? ", " : "", h("a", { href: `#/article/${copy.id}` }, `${copy.original ? "copy of " : ""}${short(copy.id)}`), ` (${Math.round(copy.similarity * 100)}%)`])) : null,
    h("div", { class: "grid cols-2" },
      h("div", { class: "card" },
        h("div", { class: "legend" }, h("span", {}, h("i", { style: "background:var(--affirm-soft);border-bottom:2px solid var(--affirm)" }), "claim affirmed"), h("span", {}, h("i", { style: "background:var(--deny-soft);border-bottom:2px solid var(--deny)" }), "claim denied"), h("span", {}, h("i", { style: "border-bottom:2px dotted #98a2b3" }), "entity")),
        text,
        article.removed.length ? h("details", { class: "small muted" }, h("summary", {}, `${article.removed.length} passages removed as boilerplate`), h("ul", {}, article.removed.map((removed) => h("li", {}, h("b", {}, removed.reason), ": ", removed.text)))) : null),
      h("aside", { class: "sticky" }, h("h2", { style: "margin-top:0" }, `${article.claims.length} claims`), rows.length ? rows.map((row) => claimCard(row, { noArticle: true })) : empty("No claims found in this article."),
        article.entities.length ? [h("h2", {}, "Entities"), h("div", { class: "chips" }, article.entities.map((entity) => h("a", { class: "chip", href: `#/entity/${enc(entity.name)}` }, entity.name)))] : null,
        h("h2", {}, "Sources"), h("ul", { class: "small" }, article.sources.map((source) => h("li", {}, source))))));
}
route(/^\/article\/([0-9a-f]+)$/, articlePage);

function focusClaim(id) {
  document.querySelectorAll(".active").forEach((node) => node.classList.remove("active"));
  document.querySelectorAll(`[data-claim="${id}"], [data-claim$="/${id}"]`).forEach((node) => node.classList.add("active"));
  const card = document.querySelector(`aside [data-claim$="/${id}"]`);
  if (card) card.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

async function claimPage(params, articleId, claimId) {
  const page = await api(`/api/claims/${enc(articleId)}/${enc(claimId)}`);
  const claim = page.claim;
  const sentence = highlightIn(page.sentence_text, page.sentence_start, claim.content_span);
  const proposition = ledgerAvailable ? await api(`/api/claims/${enc(articleId)}/${enc(claimId)}/proposition`).catch(() => null) : null;
  render(
    h("div", { class: "meta" }, h("span", {}, "Claim"), h("span", {}, outletLink(page.outlet)), h("span", {}, day(page.published))),
    h("h1", {}, claim.claimant.name, " ", h("span", { class: "muted" }, claim.stance === "deny" ? "denies" : "says"), " ", stanceBadges(claim)),
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Provenance: how it reached the reader"), chainGraph(page),
      h("p", { class: "small muted" }, "Read left to right: the outlet published it, citing any intermediaries, who cite the claimant. Click a box to open it.")),
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "In the text"), h("div", { class: "sentence", "data-testid": "claim-sentence" }, sentence),
      h("p", { class: "meta" }, h("span", {}, "in ", articleLink({ id: page.article, title: page.title })), h("span", {}, `cue “${claim.cue}”`), claim.role ? h("span", {}, `role: ${claim.role}`) : null, claim.time ? h("span", {}, `when: ${claim.time}`) : null)),
    proposition ? propositionSummary(proposition) : null,
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, `Similar claims: same claimant or same words (${page.similar.length})`),
      page.similar.length ? [networkGraph([page, ...page.similar]), page.similar.map((row) => claimCard(row, { score: row.score }))] : empty("No other article in the store carries a similar claim: a single source.")));
}
route(/^\/claim\/([0-9a-f]+)\/([A-Za-z0-9_-]+)$/, claimPage);

/** The sentence with the claim's exact bytes marked. */
function highlightIn(sentence, sentenceStart, span) {
  const runs = segments(sentence, [{ start: span.start - sentenceStart, end: span.end - sentenceStart }]);
  return runs.map((run) => (run.covering.length ? h("mark", {}, run.text) : run.text));
}

async function claimsPage(params) {
  const filters = Object.fromEntries(["about", "by", "stance", "outlet", "via", "since", "until", "article"].map((key) => [key, params.get(key) || ""]));
  const offset = Number(params.get("offset") || 0), limit = 25;
  const page = await api(`/api/claims${query({ ...filters, offset, limit })}`);
  const form = h("form", { class: "filters card", onsubmit: (event) => { event.preventDefault(); location.hash = `#/claims${query(Object.fromEntries(new FormData(event.target).entries()))}`; } },
    h("label", {}, "About", h("input", { type: "text", name: "about", value: filters.about })),
    h("label", {}, "Said by", h("input", { type: "text", name: "by", value: filters.by })),
    h("label", {}, "Via", h("input", { type: "text", name: "via", value: filters.via })),
    h("label", {}, "Stance", h("select", { name: "stance" }, ["", "affirm", "deny"].map((value) => h("option", { value, selected: value === filters.stance }, value || "any")))),
    h("label", {}, "Since", h("input", { type: "date", name: "since", value: filters.since })),
    filters.article ? h("input", { type: "hidden", name: "article", value: filters.article }) : null,
    h("button", { type: "submit" }, "Filter"));
  render(h("h1", {}, "Claims"), form,
    filters.article ? h("p", { class: "small", "data-testid": "claims-of-article" }, "Claims of one article: ", h("a", { href: `#/article/${filters.article}` }, short(filters.article)), " · ", h("a", { href: `#/claims${query({ ...filters, article: "" })}` }, "all articles")) : null, page.items.length ? page.items.map((row) => claimCard(row)) : empty("No claims match."),
    pager(page, limit, (next) => { location.hash = `#/claims${query({ ...filters, offset: next })}`; }));
}
route(/^\/claims$/, claimsPage);

async function entitiesPage(params) {
  const type = params.get("type") || "", q = params.get("q") || "";
  const page = await api(`/api/entities${query({ type, q, limit: 200 })}`);
  const max = Math.max(1, ...page.items.map((entity) => entity.articles));
  render(h("h1", {}, "Entities"),
    h("form", { class: "filters card", onsubmit: (event) => { event.preventDefault(); location.hash = `#/entities${query(Object.fromEntries(new FormData(event.target).entries()))}`; } },
      h("label", {}, "Name", h("input", { type: "text", name: "q", value: q })),
      h("label", {}, "Type", h("select", { name: "type" }, ["", "person", "organization", "location", "outlet"].map((value) => h("option", { value, selected: value === type }, value || "any")))),
      h("button", { type: "submit" }, "Filter")),
    h("div", { class: "card" }, page.items.length ? h("table", { class: "data" },
      h("thead", {}, h("tr", {}, ["Name", "Type", "Articles", "Claims made", "Roles"].map((label) => h("th", {}, label)))),
      h("tbody", {}, page.items.map((entity) => h("tr", {},
        h("td", {}, entityLink(entity.name), entity.aliases.length ? h("div", { class: "small muted" }, `aka ${entity.aliases.join(", ")}`) : null),
        h("td", {}, h("span", { class: "badge kind" }, entity.type)),
        h("td", {}, h("div", { class: "bar", style: `width:${Math.round((entity.articles / max) * 100)}%` }), h("span", { class: "small" }, entity.articles)),
        h("td", {}, entity.claims_made),
        h("td", { class: "small" }, entity.roles.join("; ")))))) : empty("No entities.")));
}
route(/^\/entities$/, entitiesPage);

async function entityPage(params, name) {
  const offset = Number(params.get("offset") || 0), limit = 50;
  const [entity, report] = await Promise.all([
    api(`/api/entities/${enc(name)}${query({ offset, limit })}`),
    ledgerAvailable ? api(`/api/ledger/entities/${enc(name)}${query({ offset, limit })}`).catch(() => null) : null,
  ]);
  const totals = entity.totals || {};
  const go = (next) => { location.hash = `#/entity/${enc(name)}${query({ offset: next })}`; };
  // One pager for the page's lists: it goes on while any of them has more.
  const longest = Math.max(totals.articles || 0, totals.claims_made || 0, totals.claims_about || 0, report && report.totals ? report.totals.timeline || 0 : 0);
  const shown = Math.max(entity.articles.length, entity.claims_made.length, entity.claims_about.length);
  const paging = longest > limit ? pager({ total: longest, offset, items: new Array(Math.min(limit, Math.max(shown, longest - offset))).fill(0) }, limit, go) : null;
  render(
    h("div", { class: "meta" }, h("span", {}, "Entity"), h("span", {}, entity.type)),
    h("h1", {}, entity.name),
    h("div", { class: "chips" }, entity.aliases.map((alias) => h("span", { class: "chip" }, `aka ${alias}`)), entity.roles.map((role) => h("span", { class: "chip" }, role))),
    h("div", { class: "tiles" }, [["articles", totals.articles ?? entity.articles.length], ["claims made", totals.claims_made ?? entity.claims_made.length], ["claims about", totals.claims_about ?? entity.claims_about.length]].map(([label, value]) => h("div", { class: "tile" }, h("b", {}, value), h("span", {}, label)))),
    paging,
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Timeline"), timelineChart(entity.articles)),
    report && report.timeline ? ledgerTimeline(report) : null,
    h("div", { class: "grid cols-2" },
      h("section", {}, h("h2", {}, `What ${entity.name} claimed`), entity.claims_made.length ? entity.claims_made.map((row) => claimCard(row)) : empty(offset ? "No more claims made." : "No claims made.")),
      h("section", {}, h("h2", {}, `What is claimed about ${entity.name}`), entity.claims_about.length ? entity.claims_about.map((row) => claimCard(row)) : empty(offset ? "No more claims about it." : "No claims about it."))),
    h("h2", {}, "Articles"), entity.articles.length ? h("ul", { class: "plain card" }, entity.articles.map((article) => h("li", {}, articleLink(article), h("div", { class: "meta" }, h("span", {}, outletLink(article.outlet)), h("span", {}, day(article.published)), h("span", {}, `${article.claims} claims`))))) : empty("No more articles."),
    paging ? pager({ total: longest, offset, items: new Array(Math.min(limit, Math.max(shown, longest - offset))).fill(0) }, limit, go) : null);
}
route(/^\/entity\/(.+)$/, entityPage);

function ledgerTimeline(report) {
  return h("div", { class: "card", "data-testid": "entity-ledger" }, h("h2", { style: "margin-top:0" }, "Over time"),
    (report.roles || []).length ? h("p", {}, h("b", {}, "Roles: "), report.roles.map((role, i) => [i ? "; " : "", role.role, h("span", { class: "muted small" }, ` (${day(role.published)}, ${role.outlet || "?"})`)])) : null,
    h("table", { class: "data" }, h("tbody", {}, report.timeline.map((entry) => h("tr", {}, h("td", {}, day(entry.date)), h("td", {}, h("span", { class: "badge" }, entry.kind)), h("td", {}, h("a", { href: `#/article/${entry.article}` }, entry.text)), h("td", { class: "small" }, entry.outlet || ""))))),
    (report.propositions || []).length ? [h("h2", {}, "Propositions"), compactPropositions(report.propositions, 15)] : null);
}

async function outletsPage(params) {
  const offset = Number(params.get("offset") || 0), limit = 50;
  const page = await api(`/api/outlets${query({ offset, limit })}`);
  const outlets = page.items;
  const max = Math.max(1, ...outlets.map((outlet) => outlet.articles));
  render(h("h1", {}, "Outlets"), h("div", { class: "card" }, outlets.length ? h("table", { class: "data" },
    h("thead", {}, h("tr", {}, ["Outlet", "Articles", "Claims", "First", "Last"].map((label) => h("th", {}, label)))),
    h("tbody", {}, outlets.map((outlet) => h("tr", {}, h("td", {}, outletLink(outlet.name)),
      h("td", {}, h("div", { class: "bar", style: `width:${Math.round((outlet.articles / max) * 100)}%` }), h("span", { class: "small" }, outlet.articles)),
      h("td", {}, outlet.claims), h("td", {}, day(outlet.first)), h("td", {}, day(outlet.last)))))) : empty("No outlets yet.")),
    pager(page, limit, (next) => { location.hash = `#/outlets${query({ offset: next })}`; }));
}
route(/^\/outlets$/, outletsPage);

function bars(counts, options = {}) {
  const max = Math.max(1, ...counts.map((count) => count.count));
  return h("div", { class: "bars" }, counts.slice(0, options.limit || 15).map((count) => [
    h("span", {}, options.link ? options.link(count.name) : count.name, count.kind ? h("span", { class: "muted small" }, ` ${count.kind}`) : null),
    h("div", { class: `bar ${options.className || ""}`, style: `width:${Math.round((count.count / max) * 100)}%` }),
    h("span", { class: "small muted" }, count.count)]));
}

async function outletPage(params, name) {
  const offset = Number(params.get("offset") || 0), limit = 100;
  const outlet = await api(`/api/outlets/${enc(name)}${query({ offset, limit })}`);
  const totals = outlet.totals || {};
  const longest = Math.max(totals.articles || 0, totals.claims || 0);
  const stances = Object.entries(outlet.stances).map(([stance, count]) => ({ name: stance, count }));
  const named = outlet.cited.filter((count) => count.kind !== "unnamed").reduce((sum, count) => sum + count.count, 0);
  const unnamed = outlet.cited.filter((count) => count.kind === "unnamed").reduce((sum, count) => sum + count.count, 0);
  render(
    h("div", { class: "meta" }, h("span", {}, "Outlet")),
    h("h1", {}, outlet.name),
    h("div", { class: "tiles" }, [["articles", totals.articles ?? outlet.articles.length], ["claims reported", totals.claims ?? outlet.claims.length], ["named sources", named], ["unnamed sources", unnamed], ["hedged claims", outlet.hedged]].map(([label, value]) => h("div", { class: "tile" }, h("b", {}, value), h("span", {}, label)))),
    h("div", { class: "grid cols-2" },
      h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Whom it cites"), outlet.cited.length ? bars(outlet.cited, { link: (n) => entityLink(n) }) : empty("No claims attributed.")),
      h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Through whom"), outlet.via.length ? bars(outlet.via, { className: "deny" }) : empty("It cites no intermediaries."),
        h("h2", {}, "Stance of what it reports"), bars(stances, { className: "affirm" }))),
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Who cites whom"), outlet.claims.length ? networkGraph(outlet.claims) : empty("No claims.")),
    h("div", { class: "grid cols-2" },
      h("section", {}, h("h2", {}, "Articles"), h("ul", { class: "plain card" }, outlet.articles.map((article) => h("li", {}, articleLink(article), h("div", { class: "meta" }, h("span", {}, day(article.published)), h("span", {}, `${article.claims} claims`)))))),
      h("section", {}, h("h2", {}, "What it reports about"), h("div", { class: "card" }, bars(outlet.entities, { link: (n) => entityLink(n) })))),
    longest > limit ? pager({ total: longest, offset, items: new Array(Math.min(limit, longest - offset)).fill(0) }, limit, (next) => { location.hash = `#/outlet/${enc(name)}${query({ offset: next })}`; }) : null);
}
route(/^\/outlet\/(.+)$/, outletPage);

async function timelinePage() {
  const days = (await api("/api/timeline?limit=1000")).items;
  const articles = days.flatMap((d) => d.articles);
  render(h("h1", {}, "Timeline"), h("div", { class: "card" }, timelineChart(articles)),
    h("div", { class: "card" }, days.length ? h("table", { class: "data" }, h("thead", {}, h("tr", {}, ["Day", "Articles", "Claims"].map((label) => h("th", {}, label)))),
      h("tbody", {}, days.map((d) => h("tr", {}, h("td", {}, d.date), h("td", {}, h("ul", { class: "plain" }, d.articles.map((article) => h("li", {}, articleLink(article), " ", h("span", { class: "meta" }, h("span", {}, outletLink(article.outlet))))))), h("td", {}, d.claims))))) : empty("Nothing stored yet.")));
}
route(/^\/timeline$/, timelinePage);

async function ingestPage() {
  const token = () => sessionStorage.getItem("hearsay-token") || "";
  const result = h("div", { "data-testid": "ingest-result" });
  const headers = () => (token() ? { Authorization: `Bearer ${token()}` } : {});
  const show = (report) => {
    result.replaceChildren(h("div", { class: report.failures.length ? "error" : "ok" },
      `${report.stored} stored, ${report.duplicates} already stored, ${report.near_duplicates} near-duplicates, ${report.failures.length} failed.`,
      report.failures.length ? h("ul", {}, report.failures.map((failure) => h("li", {}, `${failure.source}: ${failure.reason}`))) : null),
      report.articles.length ? h("ul", {}, report.articles.map((id) => h("li", {}, h("a", { href: `#/article/${id}` }, `open ${short(id)}`)))) : null);
  };
  const send = async (path, options) => {
    result.replaceChildren(h("p", { class: "muted" }, "Reading…"));
    try { show(await api(path, options)); } catch (error) { if (error.body && error.body.failures) show(error.body); else result.replaceChildren(errorBox(error)); }
  };
  render(h("h1", {}, "Add news"),
    h("p", { class: "muted" }, "Files in any format hearsay reads (text, HTML, feeds, WARC, JSON Lines, AT Protocol records; gzipped or not). A bad file is reported and the rest is stored."),
    h("div", { class: "card" }, h("label", { class: "small muted" }, "Write token (only if the server was started with --token) ", h("input", { type: "password", value: token(), oninput: (event) => sessionStorage.setItem("hearsay-token", event.target.value) }))),
    h("div", { class: "grid cols-2" },
      h("form", { class: "card", "data-testid": "upload-form", onsubmit: (event) => { event.preventDefault(); send("/api/ingest", { method: "POST", body: new FormData(event.target), headers: headers() }); } },
        h("h2", { style: "margin-top:0" }, "Upload files"), h("input", { type: "file", name: "file", multiple: true, required: true }), h("p", {}, h("button", { type: "submit" }, "Upload"))),
      h("form", { class: "card", "data-testid": "article-form", onsubmit: (event) => {
        event.preventDefault();
        const data = Object.fromEntries([...new FormData(event.target).entries()].filter(([, value]) => value !== ""));
        send("/api/articles", { method: "POST", body: JSON.stringify(data), headers: { ...headers(), "Content-Type": "application/json" } });
      } },
        h("h2", { style: "margin-top:0" }, "Paste an article"),
        h("div", { class: "filters" }, h("label", {}, "Headline", h("input", { type: "text", name: "title" })), h("label", {}, "Outlet", h("input", { type: "text", name: "outlet" })), h("label", {}, "Published", h("input", { type: "date", name: "published" }))),
        h("p", {}, h("textarea", { name: "text", rows: 8, style: "width:100%", required: true, placeholder: "The article's text…" })), h("button", { type: "submit" }, "Add article"))),
    result);
}
route(/^\/ingest$/, ingestPage);

// ---- Ledger pages (stories, propositions), shown when the server has the ledger ---------------------

function propositionSummary(proposition) {
  const claims = proposition.totals ? proposition.totals.claims : Array.isArray(proposition.claims) ? proposition.claims.length : proposition.claims;
  return h("div", { class: "card", "data-testid": "proposition" },
    h("div", {}, h("span", { class: `badge verdict-${proposition.verdict}` }, proposition.verdict), " ", h("a", { href: `#/proposition/${enc(proposition.id)}` }, proposition.text)),
    h("p", { class: "meta" }, h("span", {}, `${claims} claims`),
      proposition.articles !== undefined ? h("span", {}, `${proposition.articles} articles`) : null,
      Array.isArray(proposition.origins) ? h("span", {}, `${proposition.origins.length} origins`) : null,
      proposition.first_seen ? h("span", {}, `${day(proposition.first_seen)} – ${day(proposition.last_seen)}`) : null));
}

/** Propositions as one line each, the most claimed first. */
function compactPropositions(propositions, limit) {
  const sorted = propositions.slice().sort((a, b) => (b.claims.length ?? b.claims) - (a.claims.length ?? a.claims));
  return h("div", { class: "card" }, h("ul", { class: "plain" }, sorted.slice(0, limit).map((proposition) => h("li", { "data-testid": "proposition" },
    h("span", { class: `badge verdict-${proposition.verdict}` }, proposition.verdict), " ", h("a", { href: `#/proposition/${enc(proposition.id)}` }, proposition.text),
    h("span", { class: "muted small" }, ` · ${Array.isArray(proposition.claims) ? proposition.claims.length : proposition.claims} claims`)))),
    sorted.length > limit ? h("p", { class: "small muted" }, `and ${sorted.length - limit} more`) : null);
}

/** A ledger claim as a claim row for claimCard; the badge shows its polarity toward the proposition. */
function ledgerRow(claim) {
  return { article: claim.article, outlet: claim.outlet, published: claim.published, title: claim.title || null,
    claim: { ...claim, id: claim.claim, stance: claim.polarity || claim.stance, via: claim.via || [] } };
}

/** How many items a listed story has in one of its lists: the list is cut to its first ones. */
const listed = (story, name) => (story.totals && story.totals[name]) || story[name].length;

async function storiesPage(params) {
  const offset = Number(params.get("offset") || 0), limit = 25;
  const page = await api(`/api/stories${query({ offset, limit })}`);
  render(h("h1", {}, "Stories"), page.items.length ? page.items.map((story) => h("div", { class: "card" },
    h("h2", { style: "margin-top:0" }, h("a", { href: `#/story/${enc(story.id)}` }, story.title || (story.articles[0] && story.articles[0].title) || `Story ${story.id}`)),
    h("div", { class: "meta" }, h("span", {}, `${listed(story, "articles")} articles`), h("span", {}, `${listed(story, "outlets")} outlets`), h("span", {}, `${listed(story, "propositions")} propositions`), h("span", {}, `${day(story.first)} – ${day(story.last)}`)),
    h("div", { class: "chips" }, story.outlets.slice(0, 20).map((outlet) => h("span", { class: "chip" }, typeof outlet === "string" ? outlet : outlet.name))))) : empty("No stories yet."),
    pager(page, limit, (next) => { location.hash = `#/stories${query({ offset: next })}`; }));
}
route(/^\/stories$/, storiesPage);

// What an outlet says of a proposition, in a grid cell: a mark that reads without colour too.
const CELL = {
  affirms: { mark: "✓", word: "affirms" },
  denies: { mark: "✗", word: "denies" },
  both: { mark: "±", word: "affirms and denies" },
  none: { mark: "·", word: "does not mention" },
};

function gridLegend() {
  return h("div", { class: "legend grid-legend", "data-testid": "grid-legend" },
    ["affirms", "denies", "both", "none"].map((stance) => h("span", {}, h("b", { class: `cell-mark cell-${stance}` }, CELL[stance].mark), CELL[stance].word)),
    h("span", {}, "the number: its claims; ", h("i", { class: "voice-dot" }), "read from the outlet's own voice"));
}

/** Outlets (rows) against propositions (columns); each cell links to that outlet's claims of it. */
function storyGrid(grid, go) {
  const columns = grid.propositions.items;
  if (!columns.length) return empty("No proposition has been found in this story's articles yet.");
  const number = (i) => grid.propositions.offset + i + 1;
  const table = h("table", { class: "story-grid", "data-testid": "story-grid" },
    h("caption", { class: "sr-only" }, "What each outlet says of each proposition of the story"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "corner" }, "Outlet"),
      columns.map((column, i) => h("th", { scope: "col", title: column.text },
        h("a", { href: `#/proposition/${enc(column.id)}` }, `#${number(i)}`),
        h("span", { class: `verdict-dot verdict-${column.verdict}`, title: column.verdict }))))),
    h("tbody", {}, grid.outlets.items.map((row) => h("tr", { "data-testid": "grid-row" },
      h("th", { scope: "row" }, outletLink(row.outlet),
        h("div", { class: "small muted" }, `${rowArticles(row)} ${rowArticles(row) === 1 ? "article" : "articles"} · ${row.claims} claims`)),
      row.cells.map((cell, i) => {
        const label = `${row.outlet} ${CELL[cell.stance].word} #${number(i)}`;
        if (cell.stance === "none") return h("td", { class: "cell cell-none", title: label, "data-stance": "none" }, h("span", { "aria-label": label }, CELL.none.mark));
        const count = cell.affirm + cell.deny;
        return h("td", { class: `cell cell-${cell.stance}`, "data-stance": cell.stance, title: `${label}: ${count} ${count === 1 ? "claim" : "claims"}` },
          h("a", { href: `#/proposition/${enc(columns[i].id)}${query({ outlet: row.outlet })}`, "aria-label": `${label}: ${count} claims`, "data-testid": "grid-cell" },
            h("b", { class: "cell-mark" }, CELL[cell.stance].mark), " ", String(count), cell.voice ? h("i", { class: "voice-dot", title: "read from the outlet's own voice" }) : null));
      })))));
  const key = h("ol", { class: "grid-key", start: grid.propositions.offset + 1, "data-testid": "grid-key" }, columns.map((column) => h("li", {},
    h("span", { class: `badge verdict-${column.verdict}` }, column.verdict), " ", h("a", { href: `#/proposition/${enc(column.id)}` }, column.text),
    h("span", { class: "muted small" }, ` · ${column.claims} ${column.claims === 1 ? "claim" : "claims"} here`))));
  return [h("div", { class: "grid-scroll" }, table), key, grid.propositions.total > columns.length ? pager(grid.propositions, grid.propositions.limit, go) : null];
}

/** A grid row's articles in the story: the row lists its first ones. */
const rowArticles = (row) => row.article_count ?? row.articles.length;

async function storyPage(params, id) {
  const offset = Number(params.get("offset") || 0);
  const [story, grid] = await Promise.all([api(`/api/stories/${enc(id)}${query({ limit: 1 })}`), api(`/api/stories/${enc(id)}/grid${query({ offset })}`)]);
  const total = story.totals || {};
  const go = (next) => { location.hash = `#/story/${enc(id)}${query({ offset: next })}`; };
  render(h("div", { class: "meta" }, h("span", {}, "Story"), h("span", {}, `${day(story.first)} – ${day(story.last)}`)),
    h("h1", {}, story.title || grid.title || `Story ${story.id}`),
    h("p", { class: "meta" }, h("span", {}, `${total.articles ?? story.articles.length} articles`), h("span", {}, `${grid.outlets.total} outlets`), h("span", {}, `${grid.propositions.total} propositions`)),
    h("div", { class: "chips" }, (story.entities || []).map((entity) => { const label = typeof entity === "string" ? entity : entity.name; return h("a", { class: "chip", href: `#/entity/${enc(label)}` }, label); })),
    h("h2", {}, "Who says what"),
    h("p", { class: "muted small" }, "Each row is an outlet, each column a proposition of this story. A cell says whether the outlet's articles affirm it, deny it, or do not mention it; open a cell for its claims."),
    gridLegend(),
    h("div", { class: "card" }, storyGrid(grid, go)),
    h("h2", {}, "Articles by outlet"),
    h("div", { class: "side-by-side", "data-testid": "story-columns" }, grid.outlets.items.map((row) => h("div", { class: "card column" },
      h("h3", {}, outletLink(row.outlet)),
      h("ul", { class: "plain" }, row.articles.map((article) => h("li", { "data-testid": "story-article" }, articleLink(article),
        h("div", { class: "meta" }, h("span", {}, day(article.published)),
          h("span", {}, article.claims ? h("a", { href: `#/claims${query({ article: article.id })}`, "data-testid": "article-claims" }, `${article.claims} ${article.claims === 1 ? "claim" : "claims"}`) : "no claims"),
          article.copy_of ? h("span", {}, "copy of ", h("a", { href: `#/article/${article.copy_of}` }, short(article.copy_of))) : null)))),
      rowArticles(row) > row.articles.length ? h("p", { class: "small muted" }, `… and ${rowArticles(row) - row.articles.length} more`) : null))),
    (story.events || []).length ? [h("h2", {}, "Events"), h("div", { class: "chips" }, story.events.map((event) => h("span", { class: "chip" }, event)))] : null);
}
route(/^\/story\/(.+)$/, storyPage);

async function propositionsPage(params) {
  const about = params.get("about") || "", since = params.get("since") || "", verdict = params.get("verdict") || "";
  const offset = Number(params.get("offset") || 0), limit = 25;
  const page = await api(`/api/propositions${query({ about, since, verdict, offset, limit })}`);
  render(h("h1", {}, "Propositions"), h("p", { class: "muted" }, "What is claimed across the corpus, and how well it is sourced: corroborated by independent origins, contested, denied, single-source, or only repeated."),
    h("form", { class: "filters card", onsubmit: (event) => { event.preventDefault(); location.hash = `#/propositions${query(Object.fromEntries(new FormData(event.target).entries()))}`; } },
      h("label", {}, "About", h("input", { type: "text", name: "about", value: about })),
      h("label", {}, "Since", h("input", { type: "date", name: "since", value: since })),
      h("label", {}, "Verdict", h("select", { name: "verdict" }, ["", "corroborated", "contested", "denied", "single-source", "repeated"].map((value) => h("option", { value, selected: value === verdict }, value || "any")))),
      h("button", { type: "submit" }, "Filter")),
    page.items.length ? page.items.map(propositionSummary) : empty("No propositions match."),
    pager(page, limit, (next) => { location.hash = `#/propositions${query({ about, since, verdict, offset: next })}`; }));
}
route(/^\/propositions$/, propositionsPage);

/** Why the verdict: the independent origins on each side, copies, origins several articles cite. */
function explanationCard(explanation) {
  // The server cuts each list to a page: `totals` counts each list, `article_count` an origin's articles.
  const total = (name, list) => (explanation.totals && explanation.totals[name]) || list.length;
  const articleCount = (origin) => origin.article_count || origin.articles.length;
  const sizes = explanation.copy_sizes || [];
  const more = (count, noun) => count > 0 ? h("p", { class: "small muted" }, `… and ${count} more ${noun}${count === 1 ? "" : "s"}`) : null;
  const articleItem = (article) => h("li", {}, h("a", { href: `#/article/${article.id}` }, article.outlet || short(article.id)), " ", h("span", { class: "muted small" }, day(article.published)),
    article.copy_of ? h("span", { class: "muted small" }, " · copy of ", h("a", { href: `#/article/${article.copy_of}` }, short(article.copy_of))) : null);
  const side = (title, origins, stance) => h("section", { class: `explain-side ${stance}`, "data-testid": `explain-${stance}` },
    h("h3", {}, h("b", { class: `cell-mark cell-${stance === "affirm" ? "affirms" : "denies"}` }, stance === "affirm" ? "✓" : "✗"), " ", title, ` (${total(stance, origins)})`),
    origins.length ? h("ul", { class: "plain" }, origins.map((origin) => h("li", { "data-testid": "explain-origin" },
      h("b", {}, origin.name), " ", h("span", { class: "badge" }, origin.evidence === "voice" ? "outlet's own voice" : "attributed claim"),
      h("ul", { class: "small" }, origin.articles.map(articleItem), more(articleCount(origin) - origin.articles.length, "article"))))) : empty(stance === "affirm" ? "No origin affirms it." : "No origin denies it."),
    more(total(stance, origins) - origins.length, "origin"));
  return h("div", { class: "card", "data-testid": "explanation" },
    h("h2", { style: "margin-top:0" }, "Why ", h("span", { class: `badge verdict-${explanation.verdict}` }, explanation.verdict)),
    h("p", { "data-testid": "explain-reason" }, `${explanation.reason.charAt(0).toUpperCase()}${explanation.reason.slice(1)}.`),
    h("div", { class: "grid cols-2 explain" }, side("Independent origins affirming", explanation.affirm, "affirm"), side("Independent origins denying", explanation.deny, "deny")),
    explanation.copies.length ? [h("h3", {}, "Copies of one another (count once)"), h("ul", { class: "small", "data-testid": "explain-copies" }, explanation.copies.map((group, g) => h("li", {}, group.map((id, i) => [i ? " = " : "", h("a", { href: `#/article/${id}` }, short(id))]),
      (sizes[g] || 0) > group.length ? h("span", { class: "muted" }, ` = … ${sizes[g]} articles in all`) : null)), more(total("copies", explanation.copies) - explanation.copies.length, "group"))] : null,
    explanation.same_origin.length ? [h("h3", {}, "Independent articles citing the same origin"), h("ul", { class: "small", "data-testid": "explain-same-origin" }, explanation.same_origin.map((origin) => h("li", {}, h("b", {}, origin.name), `: ${articleCount(origin)} articles`)))] : null,
    h("p", { class: "small muted" }, "An origin is where a chain of sources ends. Near-duplicate copies count once, and one article never corroborates itself."));
}

async function propositionPage(params, id) {
  const outlet = params.get("outlet") || "", offset = Number(params.get("offset") || 0), limit = 50;
  const [proposition, explanation] = await Promise.all([
    api(`/api/propositions/${enc(id)}${query({ outlet, offset, limit })}`),
    api(`/api/propositions/${enc(id)}/explanation`).catch(() => null),
  ]);
  const rows = proposition.claims.map(ledgerRow);
  const total = proposition.totals ? proposition.totals.claims : rows.length;
  const go = (next) => { location.hash = `#/proposition/${enc(id)}${query({ outlet, offset: next })}`; };
  render(h("div", { class: "meta" }, h("span", {}, "Proposition"), h("span", { class: `badge verdict-${proposition.verdict}` }, proposition.verdict), proposition.story ? h("span", {}, h("a", { href: `#/story/${enc(proposition.story)}` }, "its story")) : null),
    h("h1", {}, proposition.text),
    explanation ? explanationCard(explanation) : null,
    h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Who says it, through whom"), rows.length ? networkGraph(rows) : empty("No claims on this page.")),
    (proposition.related || []).length ? h("div", { class: "card" }, h("h2", { style: "margin-top:0" }, "Related"), h("ul", {}, proposition.related.map((rel) => h("li", {}, h("span", { class: "badge" }, rel.relation), " ", h("a", { href: `#/proposition/${enc(rel.id)}` }, rel.text || rel.id))))) : null,
    h("h2", {}, outlet ? `Claims from ${outlet} (${total})` : `Claims (${total})`),
    outlet ? h("p", { class: "small", "data-testid": "outlet-filter" }, h("a", { href: `#/proposition/${enc(id)}` }, "Show the claims of every outlet")) : null,
    rows.length ? rows.map((row) => claimCard(row)) : empty("No claims."),
    pager({ total, offset, items: rows }, limit, go));
}
route(/^\/proposition\/([^?]+)$/, propositionPage);

// ---- Router -----------------------------------------------------------------------------------------

async function navigate() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, search] = hash.split("?");
  const params = new URLSearchParams(search || "");
  document.querySelectorAll("#nav a").forEach((link) => link.classList.toggle("active", path.startsWith(`/${link.dataset.nav}`)));
  for (const { pattern, page } of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    try {
      await page(params, ...match.slice(1).map(decodeURIComponent));
    } catch (error) {
      render(h("h1", {}, "Something went wrong"), errorBox(error), h("p", {}, h("a", { href: "#/" }, "Back to the front page")));
    }
    document.body.dataset.ready = path;
    return;
  }
  render(h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/" }, "Back to the front page")));
  document.body.dataset.ready = path;
}

async function start() {
  document.getElementById("quick").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/search${query({ q: new FormData(event.target).get("q") })}`;
  });
  try {
    const response = await fetch("/api/stories?limit=1");
    ledgerAvailable = response.ok;
  } catch (_) { ledgerAvailable = false; }
  document.querySelectorAll(".ledger-only").forEach((node) => { node.hidden = !ledgerAvailable; });
  window.addEventListener("hashchange", navigate);
  navigate();
}

start();
