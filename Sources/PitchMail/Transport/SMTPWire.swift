/// The pure parts of an SMTP mail transaction (RFC 5321, RFC 2920 pipelining): the commands to
/// send, dot-stuffing, and a reader that turns received bytes into complete replies. No I/O.
enum SMTPWire {
    /// `MAIL FROM`, one `RCPT TO` per recipient, then `DATA`, each with CRLF.
    static func envelopeCommands(_ envelope: Envelope, size: Int?, smtpUTF8: Bool) -> [[UInt8]] {
        var mail = "MAIL FROM:<\(envelope.from)>"
        if let size { mail += " SIZE=\(size)" }
        if smtpUTF8 { mail += " SMTPUTF8" }
        var commands = [Array((mail + "\r\n").utf8)]
        for recipient in envelope.recipients { commands.append(Array("RCPT TO:<\(recipient)>\r\n".utf8)) }
        commands.append(Array("DATA\r\n".utf8))
        return commands
    }

    /// The message as sent after a 354: every line that starts with "." gets another "." and the
    /// data ends with CRLF "." CRLF. The input has CRLF line endings only (the composer's output).
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 64)
        var atLineStart = true
        for byte in message {
            if atLineStart && byte == 0x2E { out.append(0x2E) }
            out.append(byte)
            atLineStart = byte == 0x0A
        }
        if !(out.count >= 2 && out[out.count - 2] == 0x0D && out[out.count - 1] == 0x0A) { out += [0x0D, 0x0A] }
        out += [0x2E, 0x0D, 0x0A]
        return out
    }
}

/// Collects received bytes and yields complete (possibly multi-line) SMTP replies.
struct SMTPReplyReader {
    private var buffer: [UInt8] = []
    private var lines: [String] = []

    /// Adds received bytes.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) { buffer.append(contentsOf: bytes) }

    /// Adds received bytes.
    mutating func feed(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// The next complete reply, with every line of it, or nil when more bytes are needed.
    /// A line that is not a reply line (no three-digit code) is a protocol error: code 0.
    mutating func next() -> (reply: SMTPReply, lines: [String])? {
        while let newline = buffer.firstIndex(of: 0x0A) {
            let line = String(decoding: buffer[..<newline], as: UTF8.self)
            buffer.removeSubrange(...newline)
            lines.append(line)
            let bytes = Array(line.utf8)
            let isLast = bytes.count < 4 || bytes[3] != 0x2D  // "250-" continues, "250 " ends
            if isLast {
                let all = lines
                lines.removeAll()
                let reply = SMTPReply(line: line) ?? SMTPReply(code: 0, enhancedCode: nil, text: "malformed reply")
                return (reply, all)
            }
        }
        return nil
    }
}
