import ArgumentParser
import Foundation
import KGCore

/// Prints an error the way every command does (`error: file:line:col: Code: message`) and
/// exits non-zero. Messages carry no personal data (the error types guarantee it).
enum CLIFailure {
    static func report(_ error: Error) -> ExitCode {
        let text: String
        switch error {
        case let e as any GovBrainError: text = e.description
        default: text = String(describing: error)
        }
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
        return ExitCode(1)
    }

    /// Runs `body`, turning GovBrain errors into a message and exit code 1.
    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let e as ExitCode { throw e } catch let e as CleanExit { throw e } catch {
            throw report(error)
        }
    }
}

