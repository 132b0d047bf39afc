// The value types of the engine's public API that are defined by the layers below it. Modules
// above the engine (the Gov* domains, the server, the CLI) name them through `KGEngine` and
// never import `KGStore` or `KGCypher`: a second store backend keeps these types and nothing
// above notices. Only value types (options, results, errors, the procedure extension point)
// belong here; the store and the Cypher engine themselves stay behind `KnowledgeGraph`.

// Cypher: running queries and extending them with procedures.
@_exported import struct KGCypher.QueryOptions
@_exported import struct KGCypher.QueryResult
@_exported import struct KGCypher.QueryStatistics
@_exported import struct KGCypher.PlanDescription
@_exported import struct KGCypher.CypherError
@_exported import protocol KGCypher.GraphReadable
@_exported import class KGCypher.ProcedureRegistry
@_exported import struct KGCypher.ProcedureSignature
@_exported import struct KGCypher.ProcedureContext

// Store: import, export, backup, schema modes and statistics.
@_exported import struct KGStore.ImportOptions
@_exported import enum KGStore.ImportFormat
@_exported import struct KGStore.ImportReport
@_exported import enum KGStore.ExportFormat
@_exported import enum KGStore.SchemaMode
@_exported import struct KGStore.GraphStatistics
@_exported import struct KGStore.StoreError
@_exported import struct KGStore.StoredNode
@_exported import struct KGStore.CSVTable
@_exported import class KGStore.CSRAdjacency

// Ontology: the schema a graph is typed by.
@_exported import struct KGOntology.GraphSchema
