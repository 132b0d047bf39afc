/// One CSV line with RFC 4180 quoting (the CLI's `--format csv` and the HTTP API's CSV answers).
public enum CSVLine {
    public static func join(_ cells: [String]) -> String {
        cells.map { c in
            c.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c
        }.joined(separator: ",")
    }
}
