import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import KGCore
@testable import KGServer
import KGAccess

/// The dashboard page and the aggregate figures it reads with a dashboard key.
extension ServerTests {
    @Test func dashboardPageAndSummary() async throws {
        try await withServer { base in
            let (s1, page, _) = try await get(base, as: nil)
            #expect(s1 == 200 && page.stringValue?.contains("/dashboard/app.js") == true)
            // The policy the page is written for is sent, so a browser enforces it.
            let (_, response) = try await URLSession.shared.data(from: base)
            let policy = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Security-Policy") ?? ""
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "\(policy)")
            let (s2, script, _) = try await get(base.appendingPathComponent("dashboard/app.js"), as: nil)
            #expect(s2 == 200 && script.stringValue?.contains("/v1/dashboard/summary") == true)
            // Only the dashboard's own files: no way out of its folder.
            for bad in ["dashboard/..%2F..%2F..%2FPackage.swift", "dashboard/index.swift", "dashboard/.hidden.js"] {
                let (status, _, _) = try await get(URL(string: base.absoluteString + "/" + bad)!, as: nil)
                #expect(status == 404, "\(bad)")
            }
            let (s3, summary, _) = try await get(base.appendingPathComponent("v1/dashboard/summary"), as: .dashboard)
            #expect(s3 == 200)
            let regions = try #require(summary["regions"]?.arrayValue)
            #expect(regions.count == 126)
            let province = try #require(regions.first { $0["level"] == .string("province") })
            // The province's tally is every enterprise; its grades add up to the graded ones.
            let (_, count) = try await post(base.appendingPathComponent("v1/query"),
                                            #"{"query": "MATCH (e:Enterprise) RETURN count(e) AS n, count(e.creditGrade) AS graded"}"#)
            let row = try #require(count["rows"]?.arrayValue?.first?.arrayValue)
            #expect(province["enterprises"] == row[0])
            guard case .object(let grades)? = province["creditGrades"] else { Issue.record("no grades"); return }
            #expect(grades.reduce(Int64(0)) { $0 + ($1.1.doubleValue.map { Int64($0) } ?? 0) } == (row[1].doubleValue.map { Int64($0) } ?? -1))
            #expect(summary["policies"]?["enterprises"] == row[0])
            // Counts only: no enterprise or person record reaches the dashboard role.
            let text = JSONWriter.string(summary)
            #expect(!text.contains("uscc") && !text.contains("idNumber"))
        }
    }

    /// The served files as text: index.html, app.js, style.css.
    func dashboardFiles(_ base: URL) async throws -> (html: String, script: String, style: String) {
        var out: [String] = []
        for path in ["", "dashboard/app.js", "dashboard/style.css"] {
            let (status, body, _) = try await get(path.isEmpty ? base : base.appendingPathComponent(path), as: nil)
            #expect(status == 200, "\(path)")
            out.append(try #require(body.stringValue, "\(path) is not text"))
        }
        return (out[0], out[1], out[2])
    }

    /// Chinese first: the work-order panel, the language switch, Chinese labels and status names;
    /// and the page stays within a strict Content-Security-Policy (no inline script or style
    /// attribute, no handler attribute, nothing loaded from another origin).
    @Test func dashboardSpeaksChineseFirst() async throws {
        try await withServer { base in
            let (html, script, style) = try await dashboardFiles(base)
            #expect(html.contains("<html lang=\"zh-CN\">"))
            for label in ["接诉即办", "工单 · 按状态", "超期工单 · 按承办单位", "24 小时内到期", "智能质检", "承办单位", "超期概率", "连接"] {
                #expect(html.contains(label), "index.html lacks \(label)")
            }
            for label in ["效能评估", "95% 区间", "主要影响指标", "生态环境", "应急管理", "住房建设"] {
                #expect(html.contains(label), "index.html lacks \(label)")
            }
            for id in ["loop", "loopKpis", "byStatus", "overdueByOffice", "dueSoon", "quality", "lang", "efficacy", "effPeriod", "effLevel", "effDomain", "effTable"] {
                #expect(html.contains("id=\"\(id)\""), "index.html lacks #\(id)")
            }
            // The switch: English words beside the Chinese ones, the choice kept in localStorage.
            #expect(html.contains(">English</button>") && script.contains("\"中文\"") && script.contains("localStorage.setItem(\"govbrain.lang\""))
            for key in Self.i18nKeys(html) {
                #expect(script.contains("\(key):"), "app.js has no words for data-i18n=\(key)")
            }
            // The page's Chinese before the script runs is the script's Chinese.
            for (key, text) in Self.i18nTexts(html) {
                #expect(script.contains("\(key): \"\(text)\""), "index.html's \(key) \"\(text)\" differs from app.js")
            }
            for (status, name) in [("pending_review", "待审核"), ("dispatched", "已派单"), ("signed", "已签收"), ("returned", "已退单"),
                                   ("replied", "已答复"), ("visited", "已回访"), ("closed", "已办结")] {
                #expect(script.contains("\(status): \"\(name)\""), "no Chinese name for \(status)")
            }
            for error in ["密钥无效", "暂不可用", "需要督办"] { #expect(script.contains(error), "no Chinese message \(error)") }
            #expect(style.contains(".loop-grid"))
            // Content-Security-Policy: scripts only from files of this origin, no inline code or styles.
            let scripts = html.components(separatedBy: "<script").dropFirst()
            #expect(scripts.count == 2 && scripts.allSatisfy { $0.range(of: #"^ src="/[^"]+"></script>"#, options: .regularExpression) != nil })
            #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil && !html.contains("style="))
            for (name, text) in [("index.html", html), ("app.js", script), ("style.css", style)] {
                let external = text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
                #expect(!external.contains("http://") && !external.contains("https://") && !external.contains("@import"), "\(name) loads from elsewhere")
            }
            #expect(!script.contains("innerHTML") && !script.contains("eval(") && !script.contains("new Function") && !script.contains("setAttribute(\"style\""))
        }
    }

    /// Every call app.js makes is a route of the server; each GET answers a dashboard key (with the
    /// exact query the page sends), except the supervisor-only alerts, which the page explains.
    @Test func dashboardCallsRoutesItsKeyMayRead() async throws {
        try await withServer { base in
            let server = try #require(Self.server)
            let (_, script, _) = try await dashboardFiles(base)
            let calls = Self.apiCalls(script)
            #expect(calls.count >= 9, "\(calls)")
            // Supervisor features on the same page: listed here so a new one is a decision.
            let supervisorOnly: Set<String> = ["GET /v1/risk/alerts", "POST /v1/risk/alerts/{id}/ack"]
            for call in calls {
                let path = String(call.url.split(separator: "?", maxSplits: 1)[0])
                let route = try #require(server.routeTable.entries.first { $0.method == call.method && Self.matches(path, $0.path) },
                                         "app.js calls \(call.method) \(path), which the server does not have")
                let name = "\(route.method) \(route.path)"
                #expect(route.access.allows(.dashboard) != supervisorOnly.contains(name), "\(name): dashboard access")
                #expect(route.access.allows(.supervisor), "\(name): supervisor access")
                guard call.method == "GET" else { continue }
                let concrete = call.url.replacingOccurrences(of: "${s}", with: "pending_review")
                    .replacingOccurrences(of: "${orders.length}", with: "1000")
                    .replacingOccurrences(of: "${period}", with: "2024-Q4").replacingOccurrences(of: "${level}", with: "region")
                    .replacingOccurrences(of: "${domain}", with: "all")
                    .replacingOccurrences(of: #"\$\{[^}]*\}"#, with: "x", options: .regularExpression)
                let (status, body, _) = try await get(URL(string: base.absoluteString + concrete)!, as: .dashboard)
                #expect(status == (supervisorOnly.contains(name) ? 403 : 200), "\(concrete): \(status) \(body)")
            }
            #expect(script.contains("status === 403") && script.contains("needSupervisor"))
            // Each status of the loop is read by the page.
            #expect(script.contains(#"const STATUSES = ["pending_review", "dispatched", "signed", "returned", "replied", "visited", "closed"]"#))
        }
    }

    /// `GET /v1/dashboard/names`: the intents and department types of the graph in Chinese and
    /// English, for every key that reads work orders; 401 without a key, 400 with a parameter.
    @Test func dashboardNamesContract() async throws {
        try await withServer { base in
            let url = base.appendingPathComponent("v1/dashboard/names")
            let (status, names, _) = try await get(url, as: .dashboard)
            #expect(status == 200)
            let intents = try #require(names["intents"]?.arrayValue)
            let (_, count) = try await post(base.appendingPathComponent("v1/query"), #"{"query": "MATCH (i:Intent) RETURN count(i)"}"#)
            #expect(Self.cell(count) == .int(Int64(intents.count)) && intents.count >= 50)
            let water = try #require(intents.first { $0["code"] == .string("water_outage") })
            #expect(water["name"] == .string("停水与供水") && water["nameEn"] == .string("Water outage and supply"))
            let codes = intents.compactMap { $0["code"]?.stringValue }
            #expect(codes == codes.sorted())
            let departments = try #require(names["departments"]?.arrayValue)
            #expect(departments.contains { $0["code"] == .string("watersupply") && $0["name"]?.stringValue?.hasPrefix("供水") == true })
            let (anonymous, refusal, _) = try await get(url, as: nil)
            #expect(anonymous == 401 && refusal["error"]?["code"] == .string("Unauthorized"))
            for role in [APIRole.hotline, .analyst, .supervisor] {
                let (s, _, _) = try await get(url, as: role)
                #expect(s == 200, "\(role)")
            }
            let (bad, error, _) = try await get(URL(string: url.absoluteString + "?lang=en")!, as: .dashboard)
            #expect(bad == 400 && error["error"]?["message"]?.stringValue?.contains("lang") == true)
        }
    }

    /// The overdue reasons the server writes match the patterns app.js translates (so a reworded
    /// reason shows up here, not as English on a Chinese page).
    @Test func dashboardTranslatesEveryOverdueReason() async throws {
        try await withServer { base in
            let (_, script, _) = try await dashboardFiles(base)
            let patterns = try Self.whyPatterns(script)
            #expect(patterns.count >= 12)
            let orders = base.appendingPathComponent("v1/hotline/workorders")
            for text in ["我是青秀区的，我们小区停水两天了，什么时候恢复供水？", "兴宁区某工地晚上十二点还在施工，噪音很大", "我要举报：有人在路口占道经营"] {
                let (created, order) = try await post(orders, "{\"text\": \"\(text)\", \"channel\": \"phone\"}", as: .hotline)
                #expect(created == 201, "\(order)")
            }
            let (status, overdue, _) = try await get(URL(string: "\(base)/v1/hotline/overdue?within=P30D&limit=1000")!, as: .dashboard)
            #expect(status == 200)
            let reasons = (overdue["orders"]?.arrayValue ?? []).flatMap { $0["why"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
            #expect(!reasons.isEmpty)
            for reason in Set(reasons) {
                let range = NSRange(reason.startIndex..., in: reason)
                #expect(patterns.contains { $0.firstMatch(in: reason, range: range) != nil }, "app.js does not translate \"\(reason)\"")
            }
            // The model's own reasons, which the tiny demo may not produce: each kind has its pattern.
            for sample in ["office watersupply-450103 closed 42 % of its past orders late", "orders of intent water_outage closed late 30 % of the time",
                           "its office had 12 orders open when it came in", "sent to an office that does not handle it, returned or reassigned",
                           "2 rest days in the week after it came in", "came in outside office hours", "came in on a friday",
                           "not yet with an office (pending_review)", "overdue by 3.5 days", "due in 12.0 hours",
                           "all orders closes half its orders within 20.5 hours of working time (120 past orders)",
                           "3.0 hours of calendar time used of 24.0 hours"] {
                let range = NSRange(sample.startIndex..., in: sample)
                #expect(patterns.contains { $0.firstMatch(in: sample, range: range) != nil }, "\(sample)")
            }
        }
    }

    // MARK: reading app.js and index.html

    /// The `data-i18n` keys of the page.
    static func i18nKeys(_ html: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: #"data-i18n(?:-placeholder)?="([A-Za-z0-9]+)""#)
        return Set(regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { m in
            Range(m.range(at: 1), in: html).map { String(html[$0]) }
        })
    }

    /// The `data-i18n` keys of the page with the text the page carries for them.
    static func i18nTexts(_ html: String) -> [(key: String, text: String)] {
        let regex = try! NSRegularExpression(pattern: #"data-i18n="([A-Za-z0-9]+)"[^>]*>([^<]*)<"#)
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { m in
            guard let key = Range(m.range(at: 1), in: html), let text = Range(m.range(at: 2), in: html) else { return nil }
            return (String(html[key]), String(html[text]))
        }
    }

    /// The calls `api("…")` / ``api(`…`)`` of app.js: the method (POST when the call says so) and the URL.
    static func apiCalls(_ script: String) -> [(method: String, url: String)] {
        let regex = try! NSRegularExpression(pattern: #"api\(\s*["`](/[^"`]+)["`]((?:(?!api\()[^\n])*)"#)
        return regex.matches(in: script, range: NSRange(script.startIndex..., in: script)).compactMap { m in
            guard let url = Range(m.range(at: 1), in: script), let rest = Range(m.range(at: 2), in: script) else { return nil }
            return (script[rest].contains("method: \"POST\"") ? "POST" : "GET", String(script[url]))
        }
    }

    /// Whether a path of app.js (with `${…}` segments) is an instance of a route pattern (`{…}` segments).
    static func matches(_ path: String, _ pattern: String) -> Bool {
        let a = path.split(separator: "/"), b = pattern.split(separator: "/")
        return a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($1.hasPrefix("{") && $0.hasPrefix("${")) }
    }

    /// The regular expressions of app.js's `WHY` table (JavaScript literals `[/…/, …]`, in the
    /// subset ICU reads the same way).
    static func whyPatterns(_ script: String) throws -> [NSRegularExpression] {
        let table = try #require(script.components(separatedBy: "const WHY = [").dropFirst().first?.components(separatedBy: "\n];").first)
        return try table.split(separator: "\n").compactMap { line -> NSRegularExpression? in
            guard let start = line.range(of: "[/"), let end = line.range(of: "/, ") else { return nil }
            return try NSRegularExpression(pattern: String(line[start.upperBound..<end.lowerBound]))
        }
    }
}
