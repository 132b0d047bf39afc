import Foundation

extension EfficacyReport {
    /// The printable report a bureau director reads (效能评估报告): offline (no external asset, no
    /// script), in Chinese, with the ranks and intervals as a table and an inline SVG chart, and
    /// each unit's components and its share of joint inspections; with `claimRates` (from
    /// `claimRates(graph:request:)`), the plan's target of the supervision items' claim rate per unit.
    public func html(claimRates: [SupervisionClaimRates.Row] = []) -> String {
        func e(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func f(_ v: Double?, _ d: Int = 1) -> String { v.map { EfficacyReport.fixed($0, d) } ?? "—" }
        let levelName = ["office": "办公室（机构）", "department": "部门类型", "region": "地区"][level] ?? level
        let domainName = ["market": "市场监管", "ecology": "生态环境", "emergency": "应急管理", "housing": "住房建设", "hotline": "12345 热线",
                          "all": "市场监管、生态环境、应急管理、住房建设与 12345 热线"][domain] ?? domain
        var s = """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>效能评估报告 \(e(period))</title>
        <style>
        body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse;margin:1em 0;font-size:13px}th,td{border:1px solid #999;padding:3px 6px;text-align:right}
        th{background:#eee}td.t{text-align:left}.note{color:#555;font-size:12px}
        @media print{body{margin:1cm}.page{page-break-before:always}}
        </style></head><body>
        <h1>效能评估报告 \(e(period))</h1>
        <p>评估层级：\(e(levelName))　领域：\(e(domainName))\(region.map { "　地区：\(e($0))" } ?? "")　案件数：\(cases)　参评单位：\(units)</p>
        <p class="note">指数 0–100，50 表示与其案件构成（case mix）预期相当，越高越好；区间为 95 % 区间；排名 1 为最好。方法：\(Self.methodZh)</p>
        <h2>一、排名与区间</h2>

        """
        s += chart()
        s += "<table><tr><th>排名</th><th>单位</th><th>同类组</th><th>指数</th><th>区间</th><th>案件数</th><th>实际达标率</th><th>预期达标率</th>"
        s += outcomes.map { "<th>\(e($0.name))</th>" }.joined() + "<th>联合检查占比</th></tr>\n"
        for r in rows {
            s += "<tr><td>\(r.rank)</td><td class=\"t\">\(e(r.name))</td><td class=\"t\">\(e(r.group))</td><td>\(f(r.index))</td>"
            s += "<td>\(f(r.lower))–\(f(r.upper))</td><td>\(r.cases)</td><td>\(f(r.raw.map { $0 * 100 }))%</td><td>\(f(r.expected.map { $0 * 100 }))%</td>"
            s += outcomes.map { o in "<td>\(f(r.components.first { $0.outcome == o.name }?.z, 2))</td>" }.joined()
            s += "<td>\(r.jointShare.map { "\(Self.fixed($0 * 100, 1))%（\(r.jointInspections ?? 0)）" } ?? "—")</td></tr>\n"
        }
        s += "</table>\n<h2 class=\"page\">二、评估指标（构成项）</h2>\n<table><tr><th>指标</th><th>领域</th><th>含义</th><th>案件数</th><th>达标率</th><th>单位间标准差</th></tr>\n"
        for o in outcomes {
            s += "<tr><td class=\"t\">\(e(o.name))</td><td class=\"t\">\(e(o.domain))</td><td class=\"t\">\(e(o.description))</td><td>\(o.cases)</td><td>\(f(o.rate * 100))%</td><td>\(f(o.betweenUnitSD, 4))</td></tr>\n"
        }
        s += "</table>\n<p class=\"note\">构成项为各指标“实际 − 预期”经经验贝叶斯收缩后的标准化值（单位间标准差），正值表示好于预期。案件构成变量：\(e(caseMix.joined(separator: ", ")))。</p>\n"
        if !notes.isEmpty { s += "<h2>三、说明</h2>\n<ul>" + notes.map { "<li class=\"note\">\(e($0))</li>" }.joined() + "</ul>\n" }
        s += claimRateSection(claimRates, escape: e)
        s += jointSection(escape: e)
        return s + "</body></html>\n"
    }

    /// The joint-inspection section (联合检查): the period's joint inspections and the units that did the
    /// largest and the smallest share of their inspections jointly; empty for the hotline.
    func jointSection(escape e: (String) -> String) -> String {
        guard let total = jointInspections else { return "" }
        let shared = rows.filter { $0.jointShare != nil }.sorted { ($0.jointShare!, $1.name) > ($1.jointShare!, $0.name) }
        var s = "<h2 class=\"page\">五、联合检查</h2>\n<p>本期部门联合双随机抽查 \(total) 次；"
        s += "\(shared.filter { $0.jointShare! > 0 }.count) / \(shared.count) 个单位参与联合检查（联合检查占比由高到低\(shared.count > 15 ? "，列出前 10 个与后 5 个" : "")）。</p>\n"
        guard !shared.isEmpty else { return s }
        let listed = shared.count > 15 ? Array(shared.prefix(10) + shared.suffix(5)) : shared
        s += "<table><tr><th>单位</th><th>同类组</th><th>联合检查</th><th>联合检查占比</th><th>效能指数</th></tr>\n"
        for r in listed {
            s += "<tr><td class=\"t\">\(e(r.name))</td><td class=\"t\">\(e(r.group))</td><td>\(r.jointInspections ?? 0)</td>"
            s += "<td>\(Self.fixed(r.jointShare! * 100, 1))%</td><td>\(Self.fixed(r.index, 1))</td></tr>\n"
        }
        s += "</table>\n<p class=\"note\">联合检查占比 = 本单位参与的联合检查 ÷（本单位自行检查 + 参与的联合检查）；一次联合检查由各参与部门共同完成，计入每个参与单位。该指标反映“综合查一次”的推进情况，列于指数旁，不计入效能指数。</p>\n"
        return s
    }

    /// How the index is made, in Chinese, for the printed report.
    static let methodZh = "对每项指标，用案件受理（检查）时已知的案件构成建立逻辑回归（各单位各自截距、共享斜率），得出每件案件的预期达标概率；"
        + "各单位“实际 − 预期”按经验贝叶斯向同类组收缩，各指标标准化后取平均得到得分，指数 = 100·Φ(得分)。"

    /// An inline SVG: one line per unit, best first, a dot at the index and a bar over its interval,
    /// with the 50 line (as its case mix predicts).
    func chart() -> String {
        let shown = rows.prefix(40), rowHeight = 16, left = 220, width = 420, top = 24
        let height = top + rowHeight * shown.count + 10
        func x(_ v: Double) -> Int { left + Int((min(max(v, 0), 100) / 100 * Double(width)).rounded()) }
        func e(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(left + width + 20)\" height=\"\(height)\" font-size=\"11\" role=\"img\" aria-label=\"效能指数与区间\">\n"
        for tick in stride(from: 0, through: 100, by: 25) {
            s += "<line x1=\"\(x(Double(tick)))\" y1=\"\(top - 6)\" x2=\"\(x(Double(tick)))\" y2=\"\(height - 6)\" stroke=\"\(tick == 50 ? "#c00" : "#ddd")\"/>"
            s += "<text x=\"\(x(Double(tick)))\" y=\"\(top - 10)\" text-anchor=\"middle\">\(tick)</text>\n"
        }
        for (i, r) in shown.enumerated() {
            let y = top + rowHeight * i + rowHeight / 2
            s += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(r.rank). \(e(String(r.name.prefix(16))))</text>"
            s += "<line x1=\"\(x(r.lower))\" y1=\"\(y)\" x2=\"\(x(r.upper))\" y2=\"\(y)\" stroke=\"#357\" stroke-width=\"3\"/>"
            s += "<circle cx=\"\(x(r.index))\" cy=\"\(y)\" r=\"4\" fill=\"#c60\"/>\n"
        }
        s += "</svg>\n"
        if rows.count > shown.count { s += "<p class=\"note\">图中列出前 \(shown.count) 个单位，全部单位见下表。</p>\n" }
        return s
    }
}
