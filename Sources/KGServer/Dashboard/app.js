// GovBrain decision dashboard: calls only the public API with the key the user enters.
// No build step; Chart.js (Debian's libjs-chart.js) draws the charts when present, tables otherwise.
"use strict";

const state = { key: sessionStorage.getItem("govbrain.key") || "", charts: {}, summary: null, stats: null };
const $ = (id) => document.getElementById(id);
const COLORS = { A: "#46a758", B: "#3fa9f5", C: "#f5a524", D: "#e5484d", red: "#e5484d", orange: "#f5a524", yellow: "#f2d541" };

/** Builds an element; children are nodes or text (never parsed as HTML). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

/** Calls the API; resolves to {status, body}. */
async function api(path, options = {}) {
  const headers = Object.assign({ Authorization: "Bearer " + state.key }, options.body ? { "Content-Type": "application/json" } : {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  return { status: response.status, body };
}

function setStatus(text, error = false) { const s = $("status"); s.textContent = text; s.className = "status" + (error ? " error" : ""); }
const fmt = (n) => (n == null ? "–" : Number(n).toLocaleString("zh-CN"));

function chart(id, config) {
  if (!window.Chart) return false;
  if (state.charts[id]) state.charts[id].destroy();
  Chart.defaults.color = "#8ea3bf";
  Chart.defaults.borderColor = "#223552";
  state.charts[id] = new Chart($(id), config);
  return true;
}

/** Without Chart.js: the same figures as a small table in place of the canvas. */
function fallbackTable(id, header, rows) {
  const table = el("table", {}, el("thead", {}, el("tr", {}, ...header.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))));
  $(id).replaceWith(Object.assign(table, { id }));
}

function kpis(summary, stats) {
  const open = (summary.alerts.byStatus.new || 0) + (summary.alerts.byStatus.acknowledged || 0);
  const province = summary.regions.find((r) => r.level === "province") || { enterprises: 0 };
  const items = [
    ["Hotline work orders", fmt(stats?.total)], ["Satisfied", stats ? Math.round(stats.satisfaction.satisfiedShare * 100) + "%" : "–"],
    ["Median hours to close", fmt(stats?.medianHoursToClose)], ["Enterprises", fmt(province.enterprises)],
    ["Open risk alerts", fmt(open)], ["Policy coverage", Math.round(summary.policies.coverage * 1000) / 10 + "%"],
  ];
  $("kpis").replaceChildren(...items.map(([label, value]) => el("div", { class: "kpi" }, el("b", {}, value), el("span", {}, label))));
}

function hotlineCharts(stats) {
  const days = stats.byDay.slice(-180);
  if (!chart("byDay", { type: "line", data: { labels: days.map((d) => d.date), datasets: [{ label: "work orders", data: days.map((d) => d.count), borderColor: "#3fa9f5", pointRadius: 0, tension: 0.2 }] },
    options: { plugins: { legend: { display: false } }, scales: { x: { ticks: { maxTicksLimit: 12 } } } } })) {
    fallbackTable("byDay", ["date", "work orders"], days.slice(-14).map((d) => [d.date, d.count]));
  }
  const intents = stats.byIntent.slice(0, 15);
  if (!chart("byIntent", { type: "bar", data: { labels: intents.map((i) => i.intent), datasets: [{ data: intents.map((i) => i.count), backgroundColor: "#3fa9f5" }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } } } })) {
    fallbackTable("byIntent", ["intent", "work orders"], intents.map((i) => [i.intent, i.count]));
  }
}

function drawMap() {
  const summary = state.summary, metric = $("mapMetric").value;
  const volume = new Map((state.stats?.byRegion || []).map((r) => [r.adcode, r.count]));
  const counties = summary.regions.filter((r) => r.level === "county" && r.latitude != null);
  const value = (r) => metric === "hotline" ? (volume.get(r.adcode) || 0)
    : metric === "risk" ? (r.meanRiskScore || 0) : Object.values(r.openAlerts).reduce((a, b) => a + b, 0);
  const lons = counties.map((r) => r.longitude), lats = counties.map((r) => r.latitude);
  const [x0, x1, y0, y1] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const values = counties.map(value), top = Math.max(1, ...values);
  const svg = $("map");
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  for (const r of counties.sort((a, b) => value(b) - value(a))) {
    const v = value(r), t = v / top;
    const circle = document.createElementNS(ns, "circle");
    circle.setAttribute("cx", 30 + (r.longitude - x0) / (x1 - x0 || 1) * 580);
    circle.setAttribute("cy", 20 + (y1 - r.latitude) / (y1 - y0 || 1) * 430);
    circle.setAttribute("r", 3 + 13 * Math.sqrt(t));
    circle.setAttribute("fill", metric === "hotline" ? `rgba(63,169,245,${0.25 + 0.7 * t})` : `hsl(${120 - 120 * t},75%,50%)`);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${r.name} (${r.adcode}): ${metric === "risk" ? v.toFixed(1) : fmt(v)}`;
    circle.append(title);
    svg.append(circle);
  }
  for (const city of summary.regions.filter((r) => r.level === "city" && r.latitude != null)) {
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", 30 + (city.longitude - x0) / (x1 - x0 || 1) * 580 + 6);
    label.setAttribute("y", 20 + (y1 - city.latitude) / (y1 - y0 || 1) * 430 - 6);
    label.textContent = city.name;
    svg.append(label);
  }
  $("mapLegend").textContent = `${counties.length} counties at their centroids; bubble size and colour: ${$("mapMetric").selectedOptions[0].text} (max ${metric === "risk" ? top.toFixed(1) : fmt(top)}).`;
}

function creditCharts(summary) {
  const cities = summary.regions.filter((r) => r.level === "city");
  const grades = ["A", "B", "C", "D"];
  const stacked = (labels, rows) => ({ type: "bar", data: { labels, datasets: grades.map((g) => ({ label: g, data: rows.map((r) => r[g] || 0), backgroundColor: COLORS[g] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
  if (!chart("gradesByCity", stacked(cities.map((c) => c.name), cities.map((c) => c.creditGrades)))) {
    fallbackTable("gradesByCity", ["city", ...grades], cities.map((c) => [c.name, ...grades.map((g) => c.creditGrades[g] || 0)]));
  }
  const industries = summary.creditByIndustry;
  if (!chart("gradesByIndustry", stacked(industries.map((i) => i.section + " " + i.name.slice(0, 8)), industries.map((i) => i.grades)))) {
    fallbackTable("gradesByIndustry", ["industry", ...grades], industries.map((i) => [i.section + " " + i.name, ...grades.map((g) => i.grades[g] || 0)]));
  }
  const p = summary.policies;
  $("policies").replaceChildren(el("p", {}, `${fmt(p.total)} policies (${fmt(p.open)} open), ${fmt(p.applications)} applications, ${fmt(p.grants)} grants; `,
    el("b", {}, `${fmt(p.enterprisesReached)} of ${fmt(p.enterprises)}`), " enterprises reached."));
  const share = cities.map((c) => c.enterprises ? Math.round(c.policyReach / c.enterprises * 1000) / 10 : 0);
  if (!chart("policyByCity", { type: "bar", data: { labels: cities.map((c) => c.name), datasets: [{ label: "% of enterprises reached", data: share, backgroundColor: "#46a758" }] },
    options: { plugins: { legend: { display: false } } } })) {
    fallbackTable("policyByCity", ["city", "% reached"], cities.map((c, k) => [c.name, share[k]]));
  }
}

async function loadHotspots() {
  const { status, body } = await api("/v1/hotline/hotspots?window=7d");
  const list = $("hotspots");
  if (status !== 200) { list.replaceChildren(el("li", { class: "muted" }, body?.error?.message || `unavailable (${status})`)); return; }
  if (!body.hotspots.length) { list.replaceChildren(el("li", { class: "muted" }, `no spike in the 7 days to ${body.at}`)); return; }
  list.replaceChildren(...body.hotspots.slice(0, 8).map((h) => el("li", {},
    el("b", {}, `${h.region || h.adcode} · ${h.intent} · ${h.count} orders (×${h.ratio} the usual)`), el("br"),
    el("span", { class: "muted" }, (h.workOrders?.[0]?.text || "").slice(0, 80)))));
}

async function loadAlerts() {
  const { status, body } = await api("/v1/risk/alerts?status=new&limit=10");
  const tbody = $("alerts").querySelector("tbody");
  if (status === 403) { tbody.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "Risk alerts need a supervisor key."))); return; }
  if (status !== 200) { tbody.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "muted" }, body?.error?.message || `unavailable (${status})`))); return; }
  const names = new Map(state.summary.regions.map((r) => [r.adcode, r.name]));
  tbody.replaceChildren(...body.alerts.map((a) => {
    const statusCell = el("td", {}, a.status);
    const button = el("button", { onclick: async () => {
      const by = prompt("Acknowledged by (your name or staff id):");
      if (!by) return;
      const r = await api(`/v1/risk/alerts/${encodeURIComponent(a.id)}/ack`, { method: "POST", body: JSON.stringify({ by, note: "acknowledged from the dashboard" }) });
      if (r.status === 200) { statusCell.textContent = r.body.status; button.disabled = true; } else { alert(r.body?.error?.message || `failed (${r.status})`); }
    } }, "Acknowledge");
    return el("tr", {}, el("td", {}, el("span", { class: "level " + a.level }, a.level)), el("td", {}, a.score.toFixed(1)), el("td", {}, a.enterprise),
      el("td", {}, names.get(a.adcode) || a.adcode), el("td", { class: "muted" }, (a.reasons || []).slice(0, 2).join("; ")), statusCell, el("td", {}, button));
  }));
  if (!body.alerts.length) tbody.replaceChildren(el("tr", {}, el("td", { colspan: 7, class: "muted" }, "No new alerts.")));
}

async function load() {
  setStatus("Loading…");
  const [summary, stats] = await Promise.all([api("/v1/dashboard/summary"), api("/v1/hotline/stats")]);
  if (summary.status === 401) { setStatus("The key is not valid (401). Ask an admin for a dashboard or supervisor key.", true); return; }
  if (summary.status !== 200) { setStatus(summary.body?.error?.message || `The summary is unavailable (${summary.status}).`, true); return; }
  state.summary = summary.body;
  state.stats = stats.status === 200 ? stats.body : null;
  kpis(state.summary, state.stats);
  if (state.stats) hotlineCharts(state.stats);
  drawMap();
  creditCharts(state.summary);
  await Promise.all([loadHotspots(), loadAlerts()]);
  setStatus(`Figures as of ${state.summary.asOf}${window.Chart ? "" : " (Chart.js is not installed: tables instead of charts)"}.`);
  $("who").textContent = "connected";
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  state.key = $("key").value.trim();
  sessionStorage.setItem("govbrain.key", state.key);
  load();
});
$("mapMetric").addEventListener("change", () => state.summary && drawMap());
// A key may also come in the fragment (#key=…, never sent to a server): for kiosk screens and screenshots.
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get("key");
if (fragmentKey) { state.key = fragmentKey; sessionStorage.setItem("govbrain.key", fragmentKey); history.replaceState(null, "", location.pathname); }
if (state.key) { $("key").value = state.key; load(); }
