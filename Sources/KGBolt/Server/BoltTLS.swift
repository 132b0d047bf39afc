import Foundation
import NIOSSL

/// TLS for the Bolt listener (`bolt+s://`, `neo4j+s://`, and `bolt+ssc://` for a self-signed
/// certificate): a PEM certificate chain and its PEM private key, read once at start.
public struct BoltTLS: Sendable, Equatable {
    /// The PEM file of the server's certificate, followed by any intermediates.
    public var certificatePath: String
    /// The PEM file of the certificate's private key (unencrypted).
    public var keyPath: String

    public init(certificatePath: String, keyPath: String) { self.certificatePath = certificatePath; self.keyPath = keyPath }

    /// The server context: TLS 1.2 or later, the certificate chain and key of the two files.
    /// - Throws: `BoltFailure` naming the file that is missing, unreadable, not PEM, or whose key
    ///   does not belong to the certificate, and how to fix it.
    func makeContext() throws -> NIOSSLContext {
        for (path, what, flag) in [(certificatePath, "certificate", "--bolt-tls-cert"), (keyPath, "private key", "--bolt-tls-key")] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw BoltFailure.protocolViolation("cannot read the Bolt TLS \(what) file \(path); give a readable PEM file with \(flag)")
            }
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw BoltFailure.protocolViolation("the Bolt TLS certificate file \(certificatePath) holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the server's certificate chain in PEM with --bolt-tls-cert")
        }
        guard !chain.isEmpty else {
            throw BoltFailure.protocolViolation("the Bolt TLS certificate file \(certificatePath) holds no PEM certificate; give the server's certificate chain in PEM with --bolt-tls-cert")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw BoltFailure.protocolViolation("the Bolt TLS key file \(keyPath) holds no unencrypted PEM private key; give the certificate's key in PEM with --bolt-tls-key (decrypt it first with 'openssl pkey -in KEY -out KEY.pem')")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw BoltFailure.protocolViolation("the Bolt TLS key \(keyPath) does not belong to the certificate \(certificatePath) (\(error)); give the matching pair with --bolt-tls-cert and --bolt-tls-key")
        }
    }
}
