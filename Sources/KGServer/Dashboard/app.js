// GovBrain decision dashboard: calls only the public API with the key the user enters.
// No build step; Chart.js (Debian's libjs-chart.js) draws the charts when present, tables otherwise.
// Chinese first (its users are Guangxi's staff), English as a switch remembered in localStorage.
"use strict";

const state = {
  key: sessionStorage.getItem("govbrain.key") || "", lang: localStorage.getItem("govbrain.lang") === "en" ? "en" : "zh",
  charts: {}, summary: null, stats: null, names: null, hotspots: null, alerts: null, loop: null, efficacy: null, efficacyRequest: 0,
};
const $ = (id) => document.getElementById(id);
const COLORS = { A: "#46a758", B: "#3fa9f5", C: "#f5a524", D: "#e5484d", red: "#e5484d", orange: "#f5a524", yellow: "#f2d541" };
/** The loop's statuses in the order an order moves through them. */
const STATUSES = ["pending_review", "dispatched", "signed", "returned", "replied", "visited", "closed"];

/** Every word the page shows, Chinese and English; a function takes the figures it shows. */
const TEXT = {
  zh: {
    title: "广西数字政府大脑 · 决策驾驶舱", keyPlaceholder: "API 密钥（驾驶舱或督办角色）", connect: "连接", connected: "已连接",
    enterKey: "请输入驾驶舱（dashboard）或督办（supervisor）密钥以加载数据。", loading: "加载中…",
    badKey: "密钥无效（401），请向管理员申请驾驶舱或督办密钥。", summaryDown: (s) => `汇总数据暂不可用（状态码 ${s}）。`,
    asOf: (d, noChart) => `数据截至 ${d}${noChart ? "（未安装 Chart.js，以表格代替图表）" : ""}。`,
    unavailable: (s) => `暂不可用（状态码 ${s}）`, needSupervisor: "风险预警需要督办（supervisor）密钥。", noAlerts: "暂无新预警。",
    footer: "GovBrain · 数据来自知识图谱公开接口 · 演示数据为合成数据",
    loopTitle: "接诉即办 · 工单闭环", byStatusTitle: "工单 · 按状态", overdueByOfficeTitle: "超期工单 · 按承办单位",
    dueSoonTitle: "24 小时内到期的工单", qualityTitle: "智能质检 · 问题工单",
    colStatus: "状态", colOrders: "工单数", colOffice: "承办单位", colOverdue: "超期数", colLateMax: "最高超期概率", colWhy: "原因",
    colOrder: "工单", colIntent: "诉求类别", colDeadline: "办理时限", colLate: "超期概率", colKind: "类型", colScore: "可信度", colEvidence: "依据",
    colLevel: "等级", colScore2: "风险分", colEnterprise: "企业", colRegion: "地区", colReasons: "原因",
    kOpen: "在办工单", kClosed: "已办结", kOverdue: "已超期", kDueSoon: "24 小时内到期", kMisroute: "疑似错派", kUnresolved: "疑似办结未解决",
    noOverdue: "当前没有超期工单。", noDueSoon: "24 小时内没有到期的工单。", noFlags: "暂无质检问题。", unassigned: "（未派单）",
    qualityCounts: (n, m, u) => `已检查 ${n} 件工单：疑似错派 ${m} 件，疑似办结未解决 ${u} 件；按可信度列出前 20 件。`,
    partial: (shown, total) => `（仅统计前 ${shown} 件，共 ${total} 件）`,
    byDayTitle: "12345 工单日量", byIntentTitle: "诉求分类", mapTitle: "区县分布", metricHotline: "热线工单量", metricRisk: "平均风险分", metricAlerts: "未处置预警",
    hotspotsTitle: "热点事件", alertsTitle: "风险预警", gradesByCityTitle: "信用等级 · 地区", gradesByIndustryTitle: "信用等级 · 行业", policiesTitle: "政策覆盖",
    kHotline: "热线工单总量", kSatisfied: "满意率", kMedian: "办结时长中位数（小时）", kEnterprises: "企业数", kAlerts: "未处置风险预警", kCoverage: "政策覆盖率",
    workOrders: "工单数", date: "日期", intent: "诉求类别", city: "城市", industry: "行业", reachedShare: "企业覆盖率（%）",
    mapLegend: (n, metric, top) => `${n} 个区县（标在其中心点）；气泡大小与颜色：${metric}（最大值 ${top}）。`,
    mapAria: "广西区县分布图",
    policies: (total, open, apps, grants) => `政策 ${total} 项（${open} 项在申报期），申报 ${apps} 次，兑现 ${grants} 次；`,
    reached: (r, n) => `覆盖企业 ${r} / ${n} 家。`,
    noSpike: (at) => `截至 ${at} 的 7 天内无异常激增。`, hotspot: (place, intent, n, ratio) => `${place} · ${intent} · ${n} 件（为平常的 ${ratio} 倍）`,
    acknowledge: "确认", ackBy: "确认人（姓名或工号）：", ackNote: "驾驶舱确认", failed: (s) => `操作失败（状态码 ${s}）`,
    efficacyTitle: "效能评估 · 对监管的监管", levelRegion: "按地区", levelDepartment: "按部门", levelOffice: "按承办单位",
    domainAll: "全部领域", domainHotline: "12345 热线", domainMarket: "市场监管", domainEcology: "生态环境", domainEmergency: "应急管理", domainHousing: "住房建设",
    domainsTitle: "四大监管领域 · 风险预警与信用评价", colDomain: "监管领域", colSubjects: "监管对象", colRiskLevels: "风险等级（红/橙/黄/绿）",
    colGrades: "信用等级（A/B/C/D）", colOpenAlerts: "未处置预警", colResolvedAlerts: "已处置预警", colConfirmed: "核实属实率", colSubject: "监管对象",
    subjects: { market: "企业", ecology: "污染源", emergency: "安全生产监管对象", housing: "在建工程项目" }, notScored: "尚未评分（训练该领域模型后生成）",
    colRank: "排名", colUnit: "单位", colIndex: "效能指数", colInterval: "95% 区间（50 = 与案件构成预期相当）", colCases: "案件数", colRaw: "实际达标率",
    colExpected: "预期达标率", colComponents: "主要影响指标",
    effNote: (period, units, cases) => `${period}：${units} 个单位、${cases} 件案件。指数按案件构成调整（承办难案不吃亏），小单位向同类收缩；50 = 与其案件构成预期相当，越高越好。`,
    effNoCases: "该期间或领域暂无案件。", effLoading: "效能评估计算中…", effGap: (n) => `…… 中间 ${n} 个单位从略 ……`,
  },
  en: {
    title: "Guangxi Digital Government Brain · Decision dashboard", keyPlaceholder: "API key (dashboard or supervisor)", connect: "Connect", connected: "connected",
    enterKey: "Enter a dashboard or supervisor key to load the figures.", loading: "Loading…",
    badKey: "The key is not valid (401). Ask an admin for a dashboard or supervisor key.", summaryDown: (s) => `The summary is unavailable (${s}).`,
    asOf: (d, noChart) => `Figures as of ${d}${noChart ? " (Chart.js is not installed: tables instead of charts)" : ""}.`,
    unavailable: (s) => `unavailable (${s})`, needSupervisor: "Risk alerts need a supervisor key.", noAlerts: "No new alerts.",
    footer: "GovBrain · figures from the live graph through the public API · synthetic demo data",
    loopTitle: "Work orders (12345 closed loop)", byStatusTitle: "Work orders by status", overdueByOfficeTitle: "Overdue orders by office",
    dueSoonTitle: "Orders due within 24 hours", qualityTitle: "Quality inspection flags",
    colStatus: "status", colOrders: "orders", colOffice: "office", colOverdue: "overdue", colLateMax: "highest late probability", colWhy: "why",
    colOrder: "order", colIntent: "intent", colDeadline: "deadline", colLate: "late probability", colKind: "kind", colScore: "score", colEvidence: "evidence",
    colLevel: "level", colScore2: "score", colEnterprise: "enterprise", colRegion: "region", colReasons: "reasons",
    kOpen: "Open orders", kClosed: "Closed", kOverdue: "Overdue", kDueSoon: "Due within 24 h", kMisroute: "Possible misroutes", kUnresolved: "Closed but unresolved",
    noOverdue: "No order is overdue.", noDueSoon: "No order is due within 24 hours.", noFlags: "No quality flags.", unassigned: "(no office yet)",
    qualityCounts: (n, m, u) => `${n} orders inspected: ${m} possible misroutes, ${u} closed but unresolved; the 20 strongest flags below.`,
    partial: (shown, total) => ` (first ${shown} of ${total} counted)`,
    byDayTitle: "Hotline volume by day", byIntentTitle: "Hotline volume by intent", mapTitle: "Regions of Guangxi", metricHotline: "hotline volume", metricRisk: "mean risk score", metricAlerts: "open alerts",
    hotspotsTitle: "Current hotspots", alertsTitle: "Top risk alerts", gradesByCityTitle: "Credit grades by city", gradesByIndustryTitle: "Credit grades by industry", policiesTitle: "Policy coverage",
    kHotline: "Hotline work orders", kSatisfied: "Satisfied", kMedian: "Median hours to close", kEnterprises: "Enterprises", kAlerts: "Open risk alerts", kCoverage: "Policy coverage",
    workOrders: "work orders", date: "date", intent: "intent", city: "city", industry: "industry", reachedShare: "% of enterprises reached",
    mapLegend: (n, metric, top) => `${n} counties at their centroids; bubble size and colour: ${metric} (max ${top}).`,
    mapAria: "map of Guangxi's regions",
    policies: (total, open, apps, grants) => `${total} policies (${open} open), ${apps} applications, ${grants} grants; `,
    reached: (r, n) => `${r} of ${n} enterprises reached.`,
    noSpike: (at) => `no spike in the 7 days to ${at}`, hotspot: (place, intent, n, ratio) => `${place} · ${intent} · ${n} orders (×${ratio} the usual)`,
    acknowledge: "Acknowledge", ackBy: "Acknowledged by (your name or staff id):", ackNote: "acknowledged from the dashboard", failed: (s) => `failed (${s})`,
    efficacyTitle: "Supervision efficacy", levelRegion: "by region", levelDepartment: "by department", levelOffice: "by office",
    domainAll: "all domains", domainHotline: "12345 hotline", domainMarket: "market supervision", domainEcology: "ecology and environment", domainEmergency: "emergency management", domainHousing: "housing and construction",
    domainsTitle: "Four supervision domains · risk warning and credit", colDomain: "Domain", colSubjects: "Supervised", colRiskLevels: "Risk levels (red/orange/yellow/green)",
    colGrades: "Credit grades (A/B/C/D)", colOpenAlerts: "Open alerts", colResolvedAlerts: "Resolved alerts", colConfirmed: "Confirmed share", colSubject: "Subject",
    subjects: { market: "enterprises", ecology: "pollution sources", emergency: "work-safety sites", housing: "construction projects" }, notScored: "not scored yet (train the domain's models)",
    colRank: "rank", colUnit: "unit", colIndex: "index", colInterval: "95% interval (50 = as its case mix predicts)", colCases: "cases", colRaw: "observed success",
    colExpected: "expected success", colComponents: "outcomes that moved it",
    effNote: (period, units, cases) => `${period}: ${units} units, ${cases} cases. Adjusted for case mix (hard cases do not count against a unit), small units shrunk toward their peers; 50 = as the case mix predicts, higher is better.`,
    effNoCases: "No cases in this period or domain.", effLoading: "Computing the efficacy report…", effGap: (n) => `… ${n} units in between not shown …`,
  },
};

/** Names of the codes the API returns. */
const CODES = {
  zh: {
    status: { pending_review: "待审核", dispatched: "已派单", signed: "已签收", returned: "已退单", replied: "已答复", visited: "已回访", closed: "已办结" },
    kind: { misroute: "疑似错派", unresolved: "疑似办结未解决" },
    level: { red: "红色", orange: "橙色", yellow: "黄色", green: "绿色" },
    alertStatus: { new: "新预警", acknowledged: "已确认", resolved: "已处置" },
    weekday: { monday: "周一", tuesday: "周二", wednesday: "周三", thursday: "周四", friday: "周五", saturday: "周六", sunday: "周日" },
  },
  en: {
    status: { pending_review: "pending review", dispatched: "dispatched", signed: "signed for", returned: "returned", replied: "replied", visited: "followed up", closed: "closed" },
    kind: { misroute: "misroute", unresolved: "unresolved" }, level: {}, alertStatus: {}, weekday: {},
  },
};

/** The word for `key` in the chosen language (a function is called with `args`). */
function t(key, ...args) {
  const v = TEXT[state.lang][key] ?? TEXT.zh[key] ?? key;
  return typeof v === "function" ? v(...args) : v;
}
/** The name of a code of `group` (status, kind, level, …); the code itself when unknown. */
const code = (group, value) => CODES[state.lang][group]?.[value] ?? value;

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
const fmt = (n) => (n == null ? "–" : Number(n).toLocaleString(state.lang === "zh" ? "zh-CN" : "en-GB"));
const pct = (p) => (p == null ? "–" : Math.round(p * 100) + "%");
/** A muted row spanning the table, with the server's message (English) as its tooltip. */
const noteRow = (cols, text, title = "") => el("tr", {}, el("td", { colspan: cols, class: "muted", title }, text));

// ---- names of intents, departments and offices ----

/** An intent id as its name (Chinese, or English with the switch); the id when unknown. */
function intentName(id) {
  const i = id && state.names?.intents.get(id);
  return i ? (state.lang === "en" ? i.nameEn || i.name : i.name) : (id || "–");
}
/** An office code (`{department}-{adcode}`) as the office's name, e.g. 兴宁区供水公司. */
function officeName(office) {
  if (!office) return t("unassigned");
  const cut = office.lastIndexOf("-");
  const department = state.names?.departments.get(office.slice(0, cut));
  const region = state.summary?.regions.find((r) => r.adcode === office.slice(cut + 1));
  if (!department || !region) return office;
  if (state.lang === "en") return `${department.nameEn || department.name}, ${region.name}`;
  // The office's own name drops the department type's bracketed variant (厅(局): 厅 for the province, else 局).
  let base = department.name;
  const province = region.level === "province";
  if (base.endsWith("厅(局)")) base = base.slice(0, -4) + (province ? "厅" : "局");
  else if (base.endsWith("办公室(厅)")) base = base.slice(0, -6) + (province ? "办公厅" : "办公室");
  else if (base.includes("(")) base = base.slice(0, base.indexOf("("));
  return region.name + base;
}

// ---- the overdue reasons (English from the server) in Chinese ----

/** "12.5 hours" / "2.5 days" as 12.5 小时 / 2.5 天. */
const zhDuration = (text) => text.replace(/(\d+(?:\.\d+)?) hours?/g, "$1 小时").replace(/(\d+(?:\.\d+)?) days?/g, "$1 天");
/** The fixed patterns of `WorkOrderService.overdue` and `reason`; anything else is shown as it is. */
const WHY = [
  [/^overdue by (.+)$/, (m) => `已超期 ${zhDuration(m[1])}`],
  [/^due in (.+)$/, (m) => `${zhDuration(m[1])}后到期`],
  [/^office (\S+) closed (\d+) % of its past orders late$/, (m) => `承办单位以往 ${m[2]}% 的工单超期办结`],
  [/^orders of intent (\S+) closed late (\d+) % of the time$/, (m) => `「${intentName(m[1])}」类工单以往 ${m[2]}% 超期办结`],
  [/^its office had (\d+) orders open when it came in$/, (m) => `受理时承办单位在办工单 ${m[1]} 件`],
  [/^sent to an office that does not handle it, returned or reassigned$/, () => "派至非职责单位、被退单或改派"],
  [/^(\d+) rest days in the week after it came in$/, (m) => `受理后一周内有 ${m[1]} 个休息日`],
  [/^came in outside office hours$/, () => "非工作时间受理"],
  [/^came in on a (\w+)$/, (m) => `${CODES.zh.weekday[m[1]] || m[1]}受理`],
  [/^not yet with an office \((\w+)\)$/, (m) => `尚未派至承办单位（${CODES.zh.status[m[1]] || m[1]}）`],
  [/^office (\S+) closes half its orders within (.+) of working time \((\d+) past orders\)$/, (m) => `承办单位半数工单在 ${zhDuration(m[2])}工作时间内办结（以往 ${m[3]} 件）`],
  [/^intent (\S+) closes half its orders within (.+) of working time \((\d+) past orders\)$/, (m) => `「${intentName(m[1])}」类工单半数在 ${zhDuration(m[2])}工作时间内办结（以往 ${m[3]} 件）`],
  [/^all orders closes half its orders within (.+) of working time \((\d+) past orders\)$/, (m) => `全部工单半数在 ${zhDuration(m[1])}工作时间内办结（以往 ${m[2]} 件）`],
  [/^(.+) of (working|calendar) time used of (.+)$/, (m) => `已用${m[2] === "working" ? "工作" : "自然"}时间 ${zhDuration(m[1])}（时限 ${zhDuration(m[3])}）`],
];
/** One reason in the chosen language. */
function why(text) {
  if (state.lang !== "zh") return text;
  for (const [pattern, render] of WHY) { const m = pattern.exec(text); if (m) return render(m); }
  return text;
}
const whyList = (reasons, n = 99) => (reasons || []).slice(0, n).map(why).join(state.lang === "zh" ? "；" : "; ");

// ---- the page's static words ----

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = "GovBrain · " + t("title");
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  $("map").setAttribute("aria-label", t("mapAria"));
  $("lang").textContent = state.lang === "zh" ? "English" : "中文";
  if (state.key && state.summary) $("who").textContent = t("connected");
}

// ---- charts ----

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
    [t("kHotline"), fmt(stats?.total)], [t("kSatisfied"), stats ? Math.round(stats.satisfaction.satisfiedShare * 100) + "%" : "–"],
    [t("kMedian"), fmt(stats?.medianHoursToClose)], [t("kEnterprises"), fmt(province.enterprises)],
    [t("kAlerts"), fmt(open)], [t("kCoverage"), Math.round(summary.policies.coverage * 1000) / 10 + "%"],
  ];
  $("kpis").replaceChildren(...items.map(([label, value]) => el("div", { class: "kpi" }, el("b", {}, value), el("span", {}, label))));
}

function hotlineCharts(stats) {
  const days = stats.byDay.slice(-180);
  if (!chart("byDay", { type: "line", data: { labels: days.map((d) => d.date), datasets: [{ label: t("workOrders"), data: days.map((d) => d.count), borderColor: "#3fa9f5", pointRadius: 0, tension: 0.2 }] },
    options: { plugins: { legend: { display: false } }, scales: { x: { ticks: { maxTicksLimit: 12 } } } } })) {
    fallbackTable("byDay", [t("date"), t("workOrders")], days.slice(-14).map((d) => [d.date, d.count]));
  }
  const intents = stats.byIntent.slice(0, 15);
  if (!chart("byIntent", { type: "bar", data: { labels: intents.map((i) => intentName(i.intent)), datasets: [{ data: intents.map((i) => i.count), backgroundColor: "#3fa9f5" }] },
    options: { indexAxis: "y", plugins: { legend: { display: false } } } })) {
    fallbackTable("byIntent", [t("intent"), t("workOrders")], intents.map((i) => [intentName(i.intent), i.count]));
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
    const v = value(r), share = v / top;
    const circle = document.createElementNS(ns, "circle");
    circle.setAttribute("cx", 30 + (r.longitude - x0) / (x1 - x0 || 1) * 580);
    circle.setAttribute("cy", 20 + (y1 - r.latitude) / (y1 - y0 || 1) * 430);
    circle.setAttribute("r", 3 + 13 * Math.sqrt(share));
    circle.setAttribute("fill", metric === "hotline" ? `rgba(63,169,245,${0.25 + 0.7 * share})` : `hsl(${120 - 120 * share},75%,50%)`);
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
  $("mapLegend").textContent = t("mapLegend", counties.length, $("mapMetric").selectedOptions[0].text, metric === "risk" ? top.toFixed(1) : fmt(top));
}

function creditCharts(summary) {
  const cities = summary.regions.filter((r) => r.level === "city");
  const grades = ["A", "B", "C", "D"];
  const stacked = (labels, rows) => ({ type: "bar", data: { labels, datasets: grades.map((g) => ({ label: g, data: rows.map((r) => r[g] || 0), backgroundColor: COLORS[g] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
  if (!chart("gradesByCity", stacked(cities.map((c) => c.name), cities.map((c) => c.creditGrades)))) {
    fallbackTable("gradesByCity", [t("city"), ...grades], cities.map((c) => [c.name, ...grades.map((g) => c.creditGrades[g] || 0)]));
  }
  const industries = summary.creditByIndustry;
  if (!chart("gradesByIndustry", stacked(industries.map((i) => i.section + " " + i.name.slice(0, 8)), industries.map((i) => i.grades)))) {
    fallbackTable("gradesByIndustry", [t("industry"), ...grades], industries.map((i) => [i.section + " " + i.name, ...grades.map((g) => i.grades[g] || 0)]));
  }
  const p = summary.policies;
  $("policies").replaceChildren(el("p", {}, t("policies", fmt(p.total), fmt(p.open), fmt(p.applications), fmt(p.grants)),
    el("b", {}, t("reached", fmt(p.enterprisesReached), fmt(p.enterprises)))));
  const share = cities.map((c) => c.enterprises ? Math.round(c.policyReach / c.enterprises * 1000) / 10 : 0);
  if (!chart("policyByCity", { type: "bar", data: { labels: cities.map((c) => c.name), datasets: [{ label: t("reachedShare"), data: share, backgroundColor: "#46a758" }] },
    options: { plugins: { legend: { display: false } } } })) {
    fallbackTable("policyByCity", [t("city"), t("reachedShare")], cities.map((c, k) => [c.name, share[k]]));
  }
}

function renderHotspots() {
  const { status, body } = state.hotspots, list = $("hotspots");
  if (status !== 200) { list.replaceChildren(el("li", { class: "muted", title: body?.error?.message || "" }, t("unavailable", status))); return; }
  if (!body.hotspots.length) { list.replaceChildren(el("li", { class: "muted" }, t("noSpike", body.at))); return; }
  list.replaceChildren(...body.hotspots.slice(0, 8).map((h) => el("li", {},
    el("b", {}, t("hotspot", h.region || h.adcode, intentName(h.intent), h.count, h.ratio)), el("br"),
    el("span", { class: "muted" }, (h.workOrders?.[0]?.text || "").slice(0, 80)))));
}

/** An alert's first two reasons in the chosen language: `reasons` are Chinese, `reasonsEn` English
 *  (alerts raised before English was stored repeat `reasons` there). */
function alertReasons(a) {
  const list = (state.lang === "en" ? a.reasonsEn : a.reasons) || a.reasons || [];
  return list.slice(0, 2).join(state.lang === "zh" ? "；" : "; ");
}

/** The name of a supervision domain in the chosen language ("生态环境" / "ecology and environment"). */
function domainName(domain) {
  return t("domain" + domain.charAt(0).toUpperCase() + domain.slice(1));
}

/** The four supervision domains side by side, from the summary's counts. */
function renderDomains(summary) {
  const tbody = $("domainTable").querySelector("tbody"), domains = summary.domains || [];
  const split = (counts, keys) => keys.map((k) => fmt(counts[k] || 0)).join(" / ");
  tbody.replaceChildren(...domains.map((d) => {
    const scored = Object.values(d.riskLevels).reduce((a, b) => a + b, 0) + Object.values(d.creditGrades).reduce((a, b) => a + b, 0);
    const open = (d.alerts.new || 0) + (d.alerts.acknowledged || 0) + (d.alerts.assigned || 0);
    return el("tr", {}, el("td", {}, domainName(d.domain)), el("td", {}, `${fmt(d.subjects)} ${t("subjects")[d.domain] || ""}`),
      scored ? el("td", {}, split(d.riskLevels, ["red", "orange", "yellow", "green"])) : el("td", { class: "muted" }, t("notScored")),
      el("td", {}, split(d.creditGrades, ["A", "B", "C", "D"])), el("td", {}, fmt(open)), el("td", {}, fmt(d.alerts.resolved || 0)),
      el("td", {}, d.confirmedShare == null ? "–" : Math.round(d.confirmedShare * 1000) / 10 + "%"));
  }));
}

/** The domain filter of the alert table: "" for all domains, else "&domain=…". */
const alertDomainQuery = () => $("alertDomain").value === "all" ? "" : "&domain=" + encodeURIComponent($("alertDomain").value);

/** Reads the new alerts of the domain chosen above the alert table (all domains by default). */
async function loadAlerts() {
  state.alerts = await api(`/v1/risk/alerts?status=new&limit=10${alertDomainQuery()}`);
  renderAlerts();
}

function renderAlerts() {
  const { status, body } = state.alerts, tbody = $("alerts").querySelector("tbody");
  if (status === 403) { tbody.replaceChildren(noteRow(8, t("needSupervisor"))); return; }
  if (status !== 200) { tbody.replaceChildren(noteRow(8, t("unavailable", status), body?.error?.message || "")); return; }
  const names = new Map(state.summary.regions.map((r) => [r.adcode, r.name]));
  tbody.replaceChildren(...body.alerts.map((a) => {
    const statusCell = el("td", {}, code("alertStatus", a.status));
    const button = el("button", { onclick: async () => {
      const by = prompt(t("ackBy"));
      if (!by) return;
      const r = await api(`/v1/risk/alerts/${encodeURIComponent(a.id)}/ack`, { method: "POST", body: JSON.stringify({ by, note: t("ackNote") }) });
      if (r.status === 200) { a.status = r.body.status; statusCell.textContent = code("alertStatus", a.status); button.disabled = true; } else { alert(t("failed", r.status)); }
    } }, t("acknowledge"));
    if (a.status !== "new") button.disabled = true;
    // A site's alert names the site, then the enterprise operating or building it.
    const subject = a.site ? `${a.siteName || a.site}${a.enterprise ? "（" + a.enterprise + "）" : ""}` : a.enterprise;
    return el("tr", {}, el("td", {}, el("span", { class: "level " + a.level }, code("level", a.level))), el("td", {}, a.score.toFixed(1)),
      el("td", {}, domainName(a.domain || "market")), el("td", {}, subject),
      el("td", {}, names.get(a.adcode) || a.adcode), el("td", { class: "muted" }, alertReasons(a)), statusCell, el("td", {}, button));
  }));
  if (!body.alerts.length) tbody.replaceChildren(noteRow(8, t("noAlerts")));
}

// ---- the work-order loop (接诉即办) ----

/** Reads the loop's figures: orders per status (the `total` of a one-row page), the overdue and
 *  soon-due orders of the next 24 hours (paged, at most 5,000), the 20 strongest quality flags. */
async function loadLoop() {
  const [counts, quality] = await Promise.all([
    Promise.all(STATUSES.map((s) => api(`/v1/hotline/workorders?status=${s}&limit=1`))),
    api("/v1/hotline/quality?limit=20"),
  ]);
  let due = await api("/v1/hotline/overdue?within=PT24H&limit=1000");
  const orders = due.status === 200 ? due.body.orders.slice() : [];
  while (due.status === 200 && orders.length < due.body.total && orders.length < 5000) {
    due = await api(`/v1/hotline/overdue?within=PT24H&limit=1000&offset=${orders.length}`);
    if (due.status !== 200 || !due.body.orders.length) break;
    orders.push(...due.body.orders);
  }
  state.loop = {
    counts: counts.map((c, k) => ({ status: STATUSES[k], code: c.status, total: c.status === 200 ? c.body.total : null, message: c.body?.error?.message })),
    due: { status: due.status, message: due.body?.error?.message, total: due.status === 200 ? due.body.total : orders.length, orders },
    quality,
  };
}

function renderLoop() {
  const loop = state.loop;
  if (!loop) return;
  const open = loop.counts.filter((c) => c.status !== "closed").reduce((a, c) => a + (c.total || 0), 0);
  const closed = loop.counts.find((c) => c.status === "closed")?.total;
  const overdue = loop.due.orders.filter((o) => o.overdue), soon = loop.due.orders.filter((o) => !o.overdue);
  const q = loop.quality.status === 200 ? loop.quality.body : null;
  const dueKnown = loop.due.status === 200;
  const items = [[t("kOpen"), fmt(open)], [t("kClosed"), fmt(closed)], [t("kOverdue"), dueKnown ? fmt(overdue.length) : "–"],
    [t("kDueSoon"), dueKnown ? fmt(soon.length) : "–"], [t("kMisroute"), fmt(q?.counts.misroute)], [t("kUnresolved"), fmt(q?.counts.unresolved)]];
  $("loopKpis").replaceChildren(...items.map(([label, value]) => el("div", { class: "kpi" }, el("b", {}, value), el("span", {}, label))));

  // Orders by status, with a bar against the largest.
  const top = Math.max(1, ...loop.counts.map((c) => c.total || 0));
  $("byStatus").querySelector("tbody").replaceChildren(...loop.counts.map((c) => {
    const bar = el("span", { class: "bar" });
    bar.style.width = Math.round((c.total || 0) / top * 100) + "%";
    return el("tr", {}, el("td", {}, code("status", c.status)),
      el("td", { title: c.message || "" }, c.total == null ? t("unavailable", c.code) : fmt(c.total)), el("td", { class: "bar-cell" }, bar));
  }));

  // Overdue orders grouped by office: count, highest late probability, the reasons of that order.
  const officeBody = $("overdueByOffice").querySelector("tbody");
  if (!dueKnown) officeBody.replaceChildren(noteRow(4, t("unavailable", loop.due.status), loop.due.message || ""));
  else {
    const byOffice = new Map();
    for (const o of overdue) {
      const g = byOffice.get(o.office || "") || { office: o.office, count: 0, worst: o };
      g.count += 1;
      if (o.lateProbability > g.worst.lateProbability) g.worst = o;
      byOffice.set(o.office || "", g);
    }
    const groups = [...byOffice.values()].sort((a, b) => b.count - a.count || b.worst.lateProbability - a.worst.lateProbability).slice(0, 15);
    officeBody.replaceChildren(...groups.map((g) => el("tr", {}, el("td", { title: g.office || "" }, officeName(g.office)), el("td", {}, fmt(g.count)),
      el("td", {}, pct(g.worst.lateProbability)), el("td", { class: "muted" }, whyList(g.worst.why, 4)))));
    if (!groups.length) officeBody.replaceChildren(noteRow(4, t("noOverdue")));
    if (loop.due.total > loop.due.orders.length) officeBody.append(noteRow(4, t("partial", fmt(loop.due.orders.length), fmt(loop.due.total))));
  }

  // Due within 24 hours, soonest first.
  const soonBody = $("dueSoon").querySelector("tbody");
  if (!dueKnown) soonBody.replaceChildren(noteRow(7, t("unavailable", loop.due.status), loop.due.message || ""));
  else {
    soonBody.replaceChildren(...soon.slice(0, 15).map((o) => el("tr", {}, el("td", {}, o.id), el("td", {}, code("status", o.status)),
      el("td", { title: o.intent }, intentName(o.intent)), el("td", { title: o.office || "" }, officeName(o.office)), el("td", {}, o.deadline.replace("T", " ").slice(0, 16)),
      el("td", {}, pct(o.lateProbability)), el("td", { class: "muted" }, whyList(o.why)))));
    if (!soon.length) soonBody.replaceChildren(noteRow(7, t("noDueSoon")));
  }

  // Quality flags with their evidence (in Chinese from the server).
  const flagBody = $("quality").querySelector("tbody");
  if (!q) {
    $("qualityCounts").textContent = "";
    flagBody.replaceChildren(noteRow(6, t("unavailable", loop.quality.status), loop.quality.body?.error?.message || ""));
    return;
  }
  $("qualityCounts").textContent = t("qualityCounts", fmt(q.inspected), fmt(q.counts.misroute), fmt(q.counts.unresolved));
  flagBody.replaceChildren(...q.flags.map((f) => el("tr", {}, el("td", {}, f.id), el("td", {}, el("span", { class: "flag " + f.kind }, code("kind", f.kind))),
    el("td", {}, pct(f.score)), el("td", { title: f.intent || "" }, intentName(f.intent)), el("td", { title: f.office || "" }, officeName(f.office)),
    el("td", { class: "muted" }, f.evidence.map((e) => e.detail).join("；")))));
  if (!q.flags.length) flagBody.replaceChildren(noteRow(6, t("noFlags")));
}

// ---- efficacy (效能评估) ----

/** The quarters a director picks from: the one of `asOf` (the last day with work orders, else the
 *  summary's date) and the seven before it. */
function quarters(asOf) {
  const d = new Date(asOf || Date.now());
  let year = d.getUTCFullYear(), q = Math.floor(d.getUTCMonth() / 3) + 1;
  const out = [];
  for (let k = 0; k < 8; k += 1) { out.push(`${year}-Q${q}`); q -= 1; if (q === 0) { q = 4; year -= 1; } }
  return out;
}

/** An outcome's name in the chosen language: its description is "中文 English". */
function outcomeName(report, name) {
  const d = report.outcomes.find((o) => o.name === name)?.description;
  if (!d) return name;
  const cut = d.search(/ [A-Za-z]/);
  return cut < 0 ? d : (state.lang === "zh" ? d.slice(0, cut) : d.slice(cut + 1));
}

/** The index and its interval on a 0–100 scale, with the 50 line, as a small SVG. */
function intervalBar(row) {
  const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 200 14"); svg.setAttribute("class", "interval");
  const x = (v) => 2 + Math.max(0, Math.min(100, v)) * 1.96;
  const add = (tag, attrs) => { const n = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); svg.append(n); };
  add("line", { x1: x(50), x2: x(50), y1: 0, y2: 14, class: "mid" });
  add("line", { x1: x(row.lower), x2: x(row.upper), y1: 7, y2: 7, class: "span" });
  add("circle", { cx: x(row.index), cy: 7, r: 3.5, class: row.upper < 50 ? "low" : row.lower > 50 ? "high" : "mid" });
  return svg;
}

/** Reads the report of the selectors' choice; an answer to an earlier choice that arrives late is dropped. */
async function loadEfficacy() {
  const period = $("effPeriod").value, level = $("effLevel").value, domain = $("effDomain").value;
  const request = (state.efficacyRequest = (state.efficacyRequest || 0) + 1);
  $("effNote").textContent = t("effLoading");
  const answer = await api(`/v1/supervision/efficacy?period=${period}&level=${level}&domain=${domain}`);
  if (request !== state.efficacyRequest) return;
  state.efficacy = answer;
  renderEfficacy();
}

function renderEfficacy() {
  const result = state.efficacy, tbody = $("effTable").querySelector("tbody");
  if (!result) return;
  const { status, body } = result;
  if (status !== 200) {
    const none = status === 400 && body?.error?.code === "InsufficientData";
    $("effNote").textContent = "";
    tbody.replaceChildren(noteRow(8, none ? t("effNoCases") : t("unavailable", status), body?.error?.message || ""));
    return;
  }
  const domainName = $("effDomain").selectedOptions[0]?.text || body.domain;
  $("effNote").textContent = t("effNote", `${body.period} · ${domainName}`, fmt(body.units), fmt(body.cases));
  const name = (r) => body.level === "office" ? officeName(r.id) : body.level === "department" ? (state.names?.departments.get(r.id)?.[state.lang === "en" ? "nameEn" : "name"] || r.name || r.id) : (r.name || r.id);
  const row = (r) => {
    const moved = (r.components || []).filter((c) => Math.abs(c.z) >= 0.05).sort((a, b) => Math.abs(b.z) - Math.abs(a.z)).slice(0, 2)
      .map((c) => `${outcomeName(body, c.outcome)} ${c.z > 0 ? "+" : "−"}${Math.abs(c.z).toFixed(2)}`).join(state.lang === "zh" ? "；" : "; ");
    const num = (v) => (typeof v === "number" && isFinite(v) ? v.toFixed(1) : "–");
    return el("tr", {}, el("td", {}, r.rank ?? "–"), el("td", { title: r.id }, name(r)), el("td", {}, el("b", {}, num(r.index))),
      el("td", { title: `${num(r.lower)} – ${num(r.upper)}` }, [r.index, r.lower, r.upper].every((v) => typeof v === "number") ? intervalBar(r) : "–"), el("td", {}, fmt(r.cases)),
      el("td", {}, pct(r.raw)), el("td", {}, pct(r.expected)), el("td", { class: "muted" }, moved || "–"));
  };
  const rows = body.rows.slice().sort((a, b) => a.rank - b.rank);
  // Many units (offices): the ten best and the ten last, which is what a director acts on.
  const shown = rows.length > 25 ? [...rows.slice(0, 10).map(row), noteRow(8, t("effGap", rows.length - 20)), ...rows.slice(-10).map(row)] : rows.map(row);
  tbody.replaceChildren(...shown);
  if (!rows.length) tbody.replaceChildren(noteRow(8, t("effNoCases")));
}

// ---- loading and the language switch ----

/** Draws every panel from the figures already read (after a load or a language switch). */
function renderAll() {
  applyLanguage();
  if (!state.summary) return;
  kpis(state.summary, state.stats);
  if (state.stats) hotlineCharts(state.stats);
  drawMap();
  creditCharts(state.summary);
  renderDomains(state.summary);
  if (state.hotspots) renderHotspots();
  if (state.alerts) renderAlerts();
  renderLoop();
  renderEfficacy();
  setStatus(t("asOf", state.summary.asOf, !window.Chart));
}

async function load() {
  setStatus(t("loading"));
  const [summary, stats, names] = await Promise.all([api("/v1/dashboard/summary"), api("/v1/hotline/stats"), api("/v1/dashboard/names")]);
  if (summary.status === 401) { setStatus(t("badKey"), true); return; }
  if (summary.status !== 200) { setStatus(t("summaryDown", summary.status), true); return; }
  state.summary = summary.body;
  state.stats = stats.status === 200 ? stats.body : null;
  state.names = names.status === 200 ? {
    intents: new Map(names.body.intents.map((i) => [i.code, i])), departments: new Map(names.body.departments.map((d) => [d.code, d])),
  } : null;
  const [hotspots, alerts] = await Promise.all([api("/v1/hotline/hotspots?window=7d"),
    api(`/v1/risk/alerts?status=new&limit=10${alertDomainQuery()}`), loadLoop()]);
  state.hotspots = hotspots;
  state.alerts = alerts;
  if (!$("effPeriod").options.length) $("effPeriod").replaceChildren(...quarters(state.stats?.byDay?.at(-1)?.date || state.summary.asOf).map((q) => el("option", { value: q }, q)));
  renderAll();
  await loadEfficacy();
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  state.key = $("key").value.trim();
  sessionStorage.setItem("govbrain.key", state.key);
  load();
});
$("lang").addEventListener("click", () => {
  state.lang = state.lang === "zh" ? "en" : "zh";
  localStorage.setItem("govbrain.lang", state.lang);
  renderAll();
  if (!state.summary) setStatus(t("enterKey"));
});
$("mapMetric").addEventListener("change", () => state.summary && drawMap());
$("alertDomain").addEventListener("change", () => state.summary && loadAlerts());
for (const id of ["effPeriod", "effLevel", "effDomain"]) $(id).addEventListener("change", () => state.summary && loadEfficacy());
// A key may also come in the fragment (#key=…, never sent to a server): for kiosk screens and screenshots.
const fragmentKey = new URLSearchParams(location.hash.slice(1)).get("key");
if (fragmentKey) { state.key = fragmentKey; sessionStorage.setItem("govbrain.key", fragmentKey); history.replaceState(null, "", location.pathname); }
applyLanguage();
if (state.key) { $("key").value = state.key; load(); }
