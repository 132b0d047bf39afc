import KGCore

/// The documentation of the editable knowledge base's routes (issue 24).
extension RouteDocs {
    static let knowledgeVersion = S.object([("version", S.integer), ("status", S.string("review status", enumeration: ["draft", "published"])),
                                            ("intent", S.string), ("office", S.nullable(S.string)), ("question", S.string), ("answer", S.string),
                                            ("regions", S.array(S.string)), ("sources", S.array(S.string)),
                                            ("author", S.string("the API key that wrote it (`key <id> (<name>)`), or system")),
                                            ("at", S.string("ISO 8601; empty for a generated version"))],
                                           required: ["version", "status", "intent", "question", "answer", "author", "at"])

    static func knowledgeEntry(withVersions: Bool) -> JSON {
        var members: [(String, JSON)] = [
            ("id", S.string("KB-… (generated, or its override) or KE and six digits (added)")),
            ("kind", S.string("guide, policy or custom", enumeration: ["guide", "policy", "custom"])),
            ("origin", S.string("generated, edited or added", enumeration: ["generated", "edited", "added"])),
            ("department", S.nullable(S.string)), ("intent", S.string), ("office", S.nullable(S.string)), ("question", S.string), ("answer", S.string),
            ("regions", S.array(S.string)), ("sources", S.array(S.string)), ("status", S.string("the latest version's", enumeration: ["draft", "published"])),
            ("version", S.integer("the latest version", minimum: 0)), ("publishedVersion", S.nullable(S.integer)),
            ("author", S.string), ("at", S.string), ("versionCount", S.integer),
        ]
        if withVersions { members.append(("versions", S.array(knowledgeVersion, description: "every version, oldest first"))) }
        return S.object(members, required: ["id", "kind", "origin", "intent", "question", "answer", "status", "version", "author"] + (withVersions ? ["versions"] : []))
    }

    static let knowledgeFields: [(String, JSON)] = [
        ("intent", S.pattern("^[a-z_]+$", "an intent id of the taxonomy", example: "water_outage")),
        ("question", S.text("the question as callers ask it", maxLength: 2000)),
        ("answer", S.text("the answer agents give (personal numbers are masked)", maxLength: 10000)),
        ("office", S.nullable(S.string("the owning office's code (an Office node)"))),
        ("regions", S.array(adcode, description: "adcodes the answer applies to (empty: everywhere)")),
        ("sources", S.array(S.text("a policy code or document number", maxLength: 200))),
        ("status", S.string("draft (default) or published (supervisor and admin keys)", enumeration: ["draft", "published"])),
    ]

    static let knowledge: [String: RouteDoc] = [
        "GET /v1/hotline/knowledge/entries": RouteDoc(tag: "hotline", summary: "Knowledge-base entries",
                                                      description: "The generated entries (a guide per intent, attached policies; version 0, author system) and the stored ones (edited and added), by id, filtered on their latest version. Admin, hotline, supervisor and analyst keys.",
                                                      parameters: [RouteDoc.query("intent", S.pattern("^[a-z_]+$", "an intent id"), "intent id"),
                                                                   RouteDoc.query("office", S.string, "owning office code"),
                                                                   RouteDoc.query("status", S.string("review status", enumeration: ["draft", "published"]), "latest version's status"),
                                                                   RouteDoc.query("limit", S.integer("page size", minimum: 1, maximum: 1000), "page size"),
                                                                   RouteDoc.query("offset", S.integer("skip", minimum: 0, maximum: 2_147_483_647), "skip")],
                                                      response: (S.object([("total", S.integer), ("limit", S.integer), ("offset", S.integer),
                                                                           ("entries", S.array(knowledgeEntry(withVersions: false)))], required: ["total", "entries"]), nil)),
        "GET /v1/hotline/knowledge/entries/{id}": RouteDoc(tag: "hotline", summary: "One knowledge-base entry with every version",
                                                           description: "The entry's latest version and its whole history, each version with its status, author and time. 404 for an unknown id.",
                                                           parameters: [RouteDoc.path("id", "entry id, e.g. KB-water_outage or KE000001")],
                                                           response: (knowledgeEntry(withVersions: true), nil)),
        "POST /v1/hotline/knowledge/entries": RouteDoc(tag: "hotline", summary: "Add a knowledge-base entry",
                                                       description: "Version 1 of a new entry (id KE and six digits), a draft unless a supervisor or admin key publishes it at once (a hotline key asking for published gets 403). Only published versions are found by /v1/hotline/knowledge/search. Unknown members are refused. 201 with the entry.",
                                                       request: (S.object(knowledgeFields, required: ["intent", "question", "answer"]),
                                                                 .object([("intent", .string("water_outage")), ("question", .string("小区停水多久能恢复？")),
                                                                          ("answer", .string("计划停水请关注供水公司公告；突发停水一般24小时内恢复，可拨打供水热线查询抢修进度。"))])),
                                                       response: (knowledgeEntry(withVersions: true), nil), successStatus: "201"),
        "PUT /v1/hotline/knowledge/entries/{id}": RouteDoc(tag: "hotline", summary: "Edit, review or publish a knowledge-base entry",
                                                           description: "A new version: members left out keep the latest version's value, `status` is draft unless given (only supervisor and admin keys publish). `version` is the version the edit is based on; when the entry has a newer one the edit is refused with 409. Editing a generated KB-… entry stores an override under its id, which replaces the generated entry in search once a version of it is published.",
                                                           parameters: [RouteDoc.path("id", "entry id, e.g. KB-water_outage or KE000001")],
                                                           request: (S.object(knowledgeFields + [("version", S.integer("the version the edit is based on (optimistic concurrency)", minimum: 0))]),
                                                                     .object([("answer", .string("突发停水一般24小时内恢复；超过24小时未恢复的，可再次来电催办。")), ("version", .int(0))])),
                                                           response: (knowledgeEntry(withVersions: true), nil)),
    ]
}
