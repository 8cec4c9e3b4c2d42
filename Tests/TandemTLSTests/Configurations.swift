import TandemTLS
import TandemTestSupport

/// The configurations most tests start from, built from the shared test PKI.
enum Configurations {
    static var pki: TestPKI { TestPKI.shared }

    static func server(
        identity: TestPKI.Identity? = nil,
        clientCertificateVerification: TLSConfiguration.ClientCertificateVerification = .none,
        applicationProtocols: [String] = ["h2"]
    ) -> TLSConfiguration {
        let identity = identity ?? pki.server
        return .server(
            certificateChainPath: identity.certificatePath, privateKeyPath: identity.keyPath,
            clientCAPath: clientCertificateVerification == .none ? nil : pki.caPath,
            clientCertificateVerification: clientCertificateVerification,
            applicationProtocols: applicationProtocols)
    }

    static func client(
        identity: TestPKI.Identity? = nil,
        trustRootsPath: String? = nil,
        applicationProtocols: [String] = ["h2"],
        pinnedVersion: TLSVersion? = nil
    ) -> TLSConfiguration {
        var configuration = TLSConfiguration.client(
            serverHostname: "localhost", trustRootsPath: trustRootsPath ?? pki.caPath,
            certificateChainPath: identity?.certificatePath, privateKeyPath: identity?.keyPath,
            applicationProtocols: applicationProtocols)
        configuration.pinnedVersionForTesting = pinnedVersion
        return configuration
    }
}
