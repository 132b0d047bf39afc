import KGCore

extension SupervisionService {
    /// `GET /v1/supervision/efficacy?period=&level=&domain=&region=`: the efficacy report of a
    /// period (see `EfficacyReport.make(graph:request:cache:)`), the graph's cases read once per
    /// graph version.
    /// - Throws: `EfficacyError` for a bad parameter or a period without cases.
    public func efficacy(_ request: EfficacyReportRequest) throws -> EfficacyReport {
        try EfficacyReport.make(graph: graph, request: request, cache: efficacyCases)
    }
}
