import ArgumentParser
import GovSupervision
import KGDatagen
import KGEmbedding
import KGEngine
import KGML

// Option values that are enumerations of the libraries, parsed (and listed in --help) by
// ArgumentParser instead of by hand.
extension ImportFormat: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension ImportOptions.IDPropertyType: ExpressibleByArgument {}
extension DatagenScale: ExpressibleByArgument {}
extension VectorMetric: ExpressibleByArgument {}
extension RiskAlgorithm: ExpressibleByArgument {}
extension EfficacyEstimator.Expectation: ExpressibleByArgument {}

/// `--schema on|off`.
enum OnOff: String, ExpressibleByArgument, CaseIterable { case on, off }
