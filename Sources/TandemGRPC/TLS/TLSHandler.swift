import NIOCore
public import TandemTLS

/// Encrypts and decrypts a channel's bytes through a ``TLSConnection`` (OpenSSL memory BIOs);
/// the handlers after it see plaintext only.
final class TLSHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let connection: TLSConnection
    private let isClient: Bool
    private var reportedHandshake = false
    private var closing = false

    init(context: TLSContext, serverHostname: String? = nil) throws {
        self.connection = try TLSConnection(context: context, serverHostname: serverHostname)
        self.isClient = context.configuration.role == .client
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startHandshake(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startHandshake(context: context)
        context.fireChannelActive()
    }

    private func startHandshake(context: ChannelHandlerContext) {
        guard isClient, connection.handshakeState == .inProgress else { return }
        do {
            try connection.startHandshake()
        } catch {
            fail(context: context, error)
            return
        }
        sendCiphertext(context: context, promise: nil)
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let ciphertext = unwrapInboundIn(data)
        do {
            try connection.receive(ciphertext: ciphertext)
        } catch {
            fail(context: context, error)
            return
        }
        sendCiphertext(context: context, promise: nil)
        context.flush()
        if !reportedHandshake, connection.handshakeState == .complete {
            reportedHandshake = true
            if let protocolName = connection.negotiatedALPN, protocolName != "h2" {
                fail(context: context, TLSHandshakeRefused(reason: "ALPN protocol \(protocolName) is not h2"))
                return
            }
            context.fireUserInboundEventTriggered(
                TLSHandshakeCompletedEvent(
                    negotiatedALPN: connection.negotiatedALPN, peerCertificate: connection.peerCertificate))
        }
        var plaintext = context.channel.allocator.buffer(capacity: 0)
        if connection.readPlaintext(into: &plaintext) > 0 {
            context.fireChannelRead(wrapInboundOut(plaintext))
        }
        if connection.receivedCloseNotify {
            context.close(promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        do {
            try connection.writePlaintext(unwrapOutboundIn(data))
        } catch {
            promise?.fail(error)
            fail(context: context, error)
            return
        }
        sendCiphertext(context: context, promise: promise)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all, !closing {
            closing = true
            try? connection.close()
            sendCiphertext(context: context, promise: nil)
            context.flush()
        }
        context.close(mode: mode, promise: promise)
    }

    /// Writes whatever ciphertext the connection has; with none (still handshaking), the
    /// plaintext is buffered inside the connection and the promise succeeds now.
    private func sendCiphertext(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        var ciphertext = context.channel.allocator.buffer(capacity: 0)
        if connection.drainCiphertext(into: &ciphertext) > 0 {
            context.write(wrapOutboundOut(ciphertext), promise: promise)
        } else {
            promise?.succeed()
        }
    }

    /// Reports the error first (the handlers after this one keep the first failure they see),
    /// then sends the alert OpenSSL wrote, which tells the peer why, and closes.
    private func fail(context: ChannelHandlerContext, _ error: any Error) {
        context.fireErrorCaught(error)
        sendCiphertext(context: context, promise: nil)
        context.flush()
        context.close(promise: nil)
    }
}

/// Sent down the pipeline once the TLS handshake has completed.
public struct TLSHandshakeCompletedEvent: Sendable {
    public let negotiatedALPN: String?
    /// The verified certificate of the peer, when it presented one.
    public let peerCertificate: PeerCertificate?
}

/// A handshake that completed but cannot be used for gRPC.
struct TLSHandshakeRefused: Error, CustomStringConvertible {
    let reason: String
    var description: String { "TLS handshake refused: \(reason)" }
}
