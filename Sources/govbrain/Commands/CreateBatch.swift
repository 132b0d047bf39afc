import Dispatch
import Foundation
import GovHotline
import KGCore
import KGEngine

/// `govbrain hotline create --input FILE`: one call per JSON line accepted in turn on one thread.
enum CreateBatch {
    static func run(_ path: String, service: WorkOrderService, timing: Bool) throws {
        let content: String
        do { content = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw EngineError(code: .resourcesMissing, message: "cannot read \(path): \(error.localizedDescription)")
        }
        // Load the models before the clock starts: the first call should not pay for them.
        _ = try service.hotline.router()
        _ = try service.urgency()
        var nanos: [UInt64] = []
        var out = ""
        for (offset, raw) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            let number = Int64(offset + 1)
            let t0 = DispatchTime.now().uptimeNanoseconds
            let result: JSON
            do {
                let request = try parse(line)
                let order = try service.create(request, by: HotlineCommand.actor)
                result = .object([("line", .int(number)), ("id", .string(order.id)), ("status", .string(order.status.rawValue)),
                                  ("intent", .string(order.intent)), ("urgency", .string(order.urgency.rawValue))])
            } catch {
                result = .object([("line", .int(number)), ("error", .string("\(error)"))])
            }
            nanos.append(DispatchTime.now().uptimeNanoseconds - t0)
            out += JSONWriter.string(result) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if timing {
            LatencySummary.report(nanoseconds: nanos)
        }
    }

    /// The create request of one line (fields other than the request's are ignored).
    static func parse(_ line: String) throws -> WorkOrderCreateRequest {
        let json: JSON
        do { json = try JSONParser.parse(line) } catch { throw WorkOrderError.invalid("not a JSON object: \(error)") }
        guard case .object = json else { throw WorkOrderError.invalid("each line must be a JSON object with \"text\"") }
        func s(_ k: String) throws -> String? {
            switch json[k] {
            case nil, .null?: return nil
            case .string(let v)?: return v
            default: throw WorkOrderError.invalid("\"\(k)\" must be a string")
            }
        }
        guard let text = try s("text") else { throw WorkOrderError.invalid("\"text\" is missing") }
        let urgency = try s("urgency").map { u -> Urgency in
            guard let v = Urgency(rawValue: u) else { throw WorkOrderError.invalid("\"urgency\" must be urgent, priority or normal") }
            return v
        }
        return WorkOrderCreateRequest(text: text, address: try s("address"), channel: try s("channel"), callerPhone: try s("callerPhone"),
                                      receivedAt: try s("receivedAt"), urgency: urgency)
    }
}
