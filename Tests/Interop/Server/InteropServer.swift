// tandem-interop-server: the Swift gRPC server of the interop suite (Tests/Interop). Serves
// tandem.testing.v1.Echo, grpc.health.v1.Health and server reflection (v1 and v1alpha) in
// cleartext, TLS or mutual TLS; prints "listening on PORT" once it accepts connections and
// shuts down gracefully on SIGTERM or SIGINT.
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TandemGRPC
import TandemInteropSupport
import TandemRPC
import TandemRuntime
import TandemSchema
import TandemTLS

@main
struct InteropServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem-interop-server",
        abstract: "Serves the interop suite's Echo service, health and reflection.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 0

    @Option(help: "PEM certificate chain: serve TLS with it.")
    var tlsCertificate: String?

    @Option(help: "PEM private key of --tls-certificate.")
    var tlsKey: String?

    @Option(help: "PEM CAs whose client certificates are accepted (mTLS, optional unless required).")
    var clientCa: String?

    @Flag(help: "Refuse clients without a certificate that verifies against --client-ca.")
    var requireClientCertificate = false

    @Option(help: "Seconds a new connection has to send its HTTP/2 preface.")
    var prefaceTimeout: Double = 10

    @Option(help: "Seconds a header block (HEADERS and its CONTINUATION frames) has to complete.")
    var headerTimeout: Double = 10

    @Option(help: "Seconds in-flight calls may take to finish at shutdown.")
    var shutdownGracePeriod: Double = 5

    func validate() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-certificate and --tls-key go together")
        }
        if clientCa != nil || requireClientCertificate {
            guard tlsCertificate != nil else { throw ValidationError("mutual TLS needs --tls-certificate") }
        }
        if requireClientCertificate, clientCa == nil {
            throw ValidationError("--require-client-certificate needs --client-ca")
        }
    }

    func run() async throws {
        let logging =
            (try? LoggingConfiguration(environment: .process()))
            ?? LoggingConfiguration(level: .info, format: .text)
        let logger = TandemLogging.bootstrap(logging, label: "tandem.interop")

        let names = [
            TestingV1.Echo.name, GRPCHealthV1.Health.name, GRPCReflectionV1.ServerReflection.name,
            GRPCReflectionV1Alpha.ServerReflection.name,
        ]
        let health = HealthService(services: names)
        let descriptors = try DescriptorIndex(
            descriptorSetBytes: Schema.descriptorSetBytes + TestingV1.descriptorSetBytes)
        let services: [any RPCService] = [
            EchoService(), health,
            ReflectionService<GRPCReflection.V1>(serviceNames: names, descriptors: descriptors),
            ReflectionService<GRPCReflection.V1Alpha>(serviceNames: names, descriptors: descriptors),
        ]
        let grace = Duration.milliseconds(Int64(shutdownGracePeriod * 1000))
        let configuration = GRPCServerConfiguration(
            host: host, port: port, tls: tlsConfiguration(),
            prefaceTimeout: .milliseconds(Int64(prefaceTimeout * 1000)),
            headerTimeout: .milliseconds(Int64(headerTimeout * 1000)), shutdownGracePeriod: grace)
        let server = try GRPCServer(configuration: configuration, services: services, logger: logger)
        let boundPort = try await server.start()
        // Unbuffered, so that whoever started the server sees the line at once.
        FileHandle.standardOutput.write(Data("listening on \(boundPort)\n".utf8))

        let runner = ServiceRunner(
            services: [ServerLifecycle(server: server, health: health)], shutdownGracePeriod: grace + .seconds(5),
            logger: logger)
        let status = await runner.run()
        if status != 0 { throw ExitCode(status) }
    }

    private func tlsConfiguration() -> TLSConfiguration? {
        guard let tlsCertificate, let tlsKey else { return nil }
        let verification: TLSConfiguration.ClientCertificateVerification =
            requireClientCertificate ? .required : (clientCa != nil ? .optional : .none)
        return .server(
            certificateChainPath: tlsCertificate, privateKeyPath: tlsKey, clientCAPath: clientCa,
            clientCertificateVerification: verification)
    }
}

/// The started server as a `Service`: at graceful shutdown, health turns NOT_SERVING and the
/// server drains its calls.
struct ServerLifecycle: Service {
    let server: GRPCServer
    let health: HealthService

    func run() async throws {
        try? await gracefulShutdown()
        health.shutdown()
        await server.shutdown()
    }
}
