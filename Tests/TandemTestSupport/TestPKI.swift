import Foundation

/// Certificates made at test time with the `openssl` command, so no key material is committed and
/// nothing expires in the repository.
package final class TestPKI: Sendable {
    /// A certificate and its key, as file paths.
    package struct Identity: Sendable {
        package let certificatePath: String
        package let keyPath: String
    }

    /// Made once for the whole test run; removed when the process exits.
    package static let shared: TestPKI = {
        do {
            let pki = try TestPKI()
            TestPKI.directoryToRemove = pki.directory
            atexit {
                if let directory = TestPKI.directoryToRemove { try? FileManager.default.removeItem(atPath: directory) }
            }
            return pki
        } catch {
            fatalError("cannot make the test PKI: \(error)")
        }
    }()
    nonisolated(unsafe) private static var directoryToRemove: String?

    package let directory: String
    /// The CA every good certificate chains to.
    package let caPath: String
    /// A CA nobody trusts.
    package let otherCAPath: String
    /// CN=localhost, SAN DNS:localhost, IP:127.0.0.1.
    package let server: Identity
    /// A good chain for another name (other.example).
    package let serverForOtherHost: Identity
    /// Names localhost but chains to the other CA.
    package let serverFromOtherCA: Identity
    /// CN=tandem-projects, SAN DNS:projects.internal, URI:spiffe://tandem/projects.
    package let client: Identity
    /// The same names, signed by the other CA.
    package let clientFromOtherCA: Identity
    /// Every kind of SAN: DNS, URI, IPv6, email, directory name and otherName.
    package let clientWithManyNames: Identity
    /// A file that is not PEM.
    package let garbagePath: String
    /// The server's key, encrypted with a passphrase.
    package let encryptedServerKeyPath: String

    package init() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory

        self.caPath = try Self.makeCA(in: directory, name: "ca", commonName: "Tandem Test CA")
        self.otherCAPath = try Self.makeCA(in: directory, name: "other-ca", commonName: "Someone Else's CA")
        let serverNames = "DNS:localhost,IP:127.0.0.1"
        self.server = try Self.makeLeaf(
            in: directory, name: "server", commonName: "localhost", alternativeNames: serverNames, ca: "ca")
        self.serverForOtherHost = try Self.makeLeaf(
            in: directory, name: "server-other-host", commonName: "other.example",
            alternativeNames: "DNS:other.example", ca: "ca")
        self.serverFromOtherCA = try Self.makeLeaf(
            in: directory, name: "server-other-ca", commonName: "localhost", alternativeNames: serverNames,
            ca: "other-ca")
        let clientNames = "DNS:projects.internal,URI:spiffe://tandem/projects"
        self.client = try Self.makeLeaf(
            in: directory, name: "client", commonName: "tandem-projects", alternativeNames: clientNames, ca: "ca")
        self.clientFromOtherCA = try Self.makeLeaf(
            in: directory, name: "client-other-ca", commonName: "tandem-projects", alternativeNames: clientNames,
            ca: "other-ca")
        self.clientWithManyNames = try Self.makeLeaf(
            in: directory, name: "client-many-names", commonName: "many-names",
            alternativeNames:
                "DNS:a.example,email:ops@tandem.example,IP:::1,otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@tandem,"
                + "dirName:directory_name,URI:spiffe://tandem/many,DNS:b.example",
            ca: "ca", extraSections: "[directory_name]\nCN = a directory name\n")
        self.garbagePath = "\(directory)/garbage.pem"
        try Data("this is not a certificate\n".utf8).write(to: URL(fileURLWithPath: self.garbagePath))
        self.encryptedServerKeyPath = "\(directory)/server-encrypted.key"
        try Self.openssl(
            [
                "pkey", "-in", self.server.keyPath, "-aes256", "-passout", "pass:secret", "-out",
                self.encryptedServerKeyPath,
            ])
    }

    /// The DER encoding of a PEM certificate file, from `openssl x509 -outform DER`.
    package func der(ofCertificate path: String) throws -> [UInt8] {
        let output = "\(path).der"
        try Self.openssl(["x509", "-in", path, "-outform", "DER", "-out", output])
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: output)))
    }

    /// A directory of trusted certificates named by subject hash, as `openssl rehash` would make it.
    package func makeTrustDirectory(name: String, certificates: [String]) throws -> String {
        let path = "\(self.directory)/\(name)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for certificate in certificates {
            let hash = try Self.openssl(["x509", "-in", certificate, "-noout", "-subject_hash"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try FileManager.default.copyItem(atPath: certificate, toPath: "\(path)/\(hash).0")
        }
        return path
    }

    private static func makeCA(in directory: String, name: String, commonName: String) throws -> String {
        let config = "\(directory)/\(name).cnf"
        try Self.write(
            """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = \(commonName)
            [ext]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash
            """, to: config)
        try Self.openssl(
            [
                "req", "-x509", "-new", "-config", config, "-extensions", "ext", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "\(directory)/\(name).key", "-out",
                "\(directory)/\(name).pem", "-days", "2",
            ])
        return "\(directory)/\(name).pem"
    }

    private static func makeLeaf(
        in directory: String, name: String, commonName: String, alternativeNames: String, ca: String,
        extraSections: String = ""
    ) throws -> Identity {
        let config = "\(directory)/\(name).cnf"
        try Self.write(
            """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = \(commonName)
            O = Tandem
            [ext]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            extendedKeyUsage = serverAuth,clientAuth
            subjectAltName = \(alternativeNames)
            authorityKeyIdentifier = keyid
            \(extraSections)
            """, to: config)
        let identity = Identity(certificatePath: "\(directory)/\(name).pem", keyPath: "\(directory)/\(name).key")
        try Self.openssl(
            [
                "req", "-x509", "-new", "-config", config, "-extensions", "ext", "-CA", "\(directory)/\(ca).pem",
                "-CAkey", "\(directory)/\(ca).key", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", identity.keyPath, "-out", identity.certificatePath, "-days", "2",
            ])
        return identity
    }

    private static func write(_ text: String, to path: String) throws {
        try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    package struct OpenSSLFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        let output: String
        package var description: String {
            "openssl \(self.arguments.joined(separator: " ")) exited \(self.status): \(self.output)"
        }
    }

    @discardableResult
    private static func openssl(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OpenSSLFailed(arguments: arguments, status: process.terminationStatus, output: text)
        }
        return text
    }
}
