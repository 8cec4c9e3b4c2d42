import NIOCore
import TandemTLS

/// A client and a server connection wired to each other in memory, with the errors and plaintext each
/// side saw, so a test can pump bytes and then look at both ends.
final class InMemoryPair {
    let client: TLSConnection
    let server: TLSConnection
    private(set) var clientError: TLSError?
    private(set) var serverError: TLSError?
    /// Plaintext the client has read so far.
    private(set) var clientReceived: [UInt8] = []
    /// Plaintext the server has read so far.
    private(set) var serverReceived: [UInt8] = []
    /// Ciphertext the client has sent so far, counted in bytes.
    private(set) var clientBytesSent = 0

    init(client: TLSConfiguration, server: TLSConfiguration, hostname: String? = "localhost") throws {
        self.client = try TLSConnection(context: TLSContext(configuration: client), serverHostname: hostname)
        self.server = try TLSConnection(context: TLSContext(configuration: server))
    }

    init(client: TLSConnection, server: TLSConnection) {
        self.client = client
        self.server = server
    }

    /// Starts the client's handshake and moves ciphertext both ways, `chunkSize` bytes per `receive`,
    /// until neither side has anything left to send. A side that failed gets no more bytes.
    func pump(chunkSize: Int = .max) {
        if self.clientError == nil {
            do { try self.client.startHandshake() } catch { self.clientError = error }
        }
        var rounds = 0
        while true {
            let toServer = self.client.drainCiphertext()
            let toClient = self.server.drainCiphertext()
            if toServer.isEmpty && toClient.isEmpty {
                return
            }
            self.clientBytesSent += toServer.count
            self.deliver(toServer, toServer: true, chunkSize: chunkSize)
            self.deliver(toClient, toServer: false, chunkSize: chunkSize)
            rounds += 1
            precondition(rounds < 100_000, "the connections never went quiet")
        }
    }

    private func deliver(_ bytes: [UInt8], toServer: Bool, chunkSize: Int) {
        let connection = toServer ? self.server : self.client
        var start = 0
        while start < bytes.count {
            if (toServer ? self.serverError : self.clientError) != nil { return }
            let end = min(bytes.count, start + chunkSize)
            do {
                try connection.receive(ciphertext: bytes[start..<end])
            } catch {
                if toServer { self.serverError = error } else { self.clientError = error }
            }
            let plaintext = connection.readPlaintext()
            if toServer { self.serverReceived += plaintext } else { self.clientReceived += plaintext }
            start = end
        }
    }
}
