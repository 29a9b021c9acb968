import Foundation

/// The kind of mail store at a path.
public enum MailboxFormat: String, Sendable, Equatable {
    /// A single message file (`.eml`).
    case eml
    /// An mbox file (mboxrd or mboxo), messages separated by `From ` lines.
    case mbox
    /// A Maildir: `cur/` and `new/` are read, `tmp/` is skipped.
    case maildir
    /// A folder of `.eml` files (not searched recursively).
    case emlDirectory
}

/// Reads raw messages from a path: an .eml file, an mbox file, a Maildir or a folder of .eml
/// files, detected from what is there.
///
/// ```swift
/// for raw in try MailboxFileReader().read(at: "exports/inbox.mbox") {
///     let message = raw.parse()
///     print(raw.source, message.subject ?? "")
/// }
/// ```
///
/// Files are read whole into memory. Messages come back in a stable order: mbox order, or file
/// names sorted (Maildir names start with the delivery time).
public struct MailboxFileReader: Sendable {
    public init() {}

    /// The format at `path`.
    public func detectFormat(at path: String) throws(MailboxReadError) -> MailboxFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MailboxReadError(.notFound, path: path)
        }
        if isDirectory.boolValue { return try directoryFormat(path) }
        return try fileFormat(readFile(path), path: path)
    }

    /// Every message at `path`, with its source.
    public func read(at path: String) throws(MailboxReadError) -> [RawInboundMessage] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw MailboxReadError(.notFound, path: path)
        }
        if isDirectory.boolValue {
            switch try directoryFormat(path) {
            case .maildir:
                var files: [(name: String, path: String)] = []
                for sub in ["cur", "new"] {
                    let folder = (path as NSString).appendingPathComponent(sub)
                    files += try regularFiles(in: folder, optional: true).map { ($0, (folder as NSString).appendingPathComponent($0)) }
                }
                return try files.sorted { $0.name < $1.name }.map { file throws(MailboxReadError) in
                    RawInboundMessage(bytes: try readFile(file.path), source: MessageSource(path: file.path))
                }
            default:
                return try emlFiles(in: path).map { file throws(MailboxReadError) in
                    RawInboundMessage(bytes: try readFile(file), source: MessageSource(path: file))
                }
            }
        }
        let bytes = try readFile(path)
        switch try fileFormat(bytes, path: path) {
        case .mbox: return MailboxFileReader.splitMbox(bytes, path: path)
        default: return [RawInboundMessage(bytes: bytes, source: MessageSource(path: path))]
        }
    }

    // MARK: Detection

    private func directoryFormat(_ path: String) throws(MailboxReadError) -> MailboxFormat {
        var isDirectory: ObjCBool = false
        for sub in ["cur", "new"] {
            let folder = (path as NSString).appendingPathComponent(sub)
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue {
                return .maildir
            }
        }
        guard !(try emlFiles(in: path)).isEmpty else { throw MailboxReadError(.unknownFormat, path: path) }
        return .emlDirectory
    }

    private func fileFormat(_ bytes: [UInt8], path: String) throws(MailboxReadError) -> MailboxFormat {
        let isMboxName = ["mbox", "mbx"].contains((path as NSString).pathExtension.lowercased())
        let start = bytes.firstIndex { $0 != 10 && $0 != 13 } ?? bytes.endIndex
        if start == bytes.endIndex {
            if isMboxName { return .mbox }
            throw MailboxReadError(.empty, path: path)
        }
        if bytes[start...].starts(with: MailboxFileReader.fromPrefix) { return .mbox }
        let firstLine = HeaderBlock.content(bytes[start...], start, HeaderBlock.lineEnd(bytes[start...], from: start))
        if HeaderBlock.fieldNameLength(firstLine) != nil { return .eml }
        throw MailboxReadError(.unknownFormat, path: path)
    }

    // MARK: Files

    private func readFile(_ path: String) throws(MailboxReadError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw MailboxReadError(.unreadable, path: path)
        }
    }

    /// Names of the non-hidden regular files in `folder`, sorted.
    private func regularFiles(in folder: String, optional: Bool) throws(MailboxReadError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            if optional { return [] }
            throw MailboxReadError(.notFound, path: folder)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw MailboxReadError(.unreadable, path: folder)
        }
        return names.filter { name in
            guard !name.hasPrefix(".") else { return false }
            var isDir: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: full, isDirectory: &isDir) && !isDir.boolValue
        }.sorted()
    }

    private func emlFiles(in folder: String) throws(MailboxReadError) -> [String] {
        try regularFiles(in: folder, optional: false)
            .filter { ($0 as NSString).pathExtension.lowercased() == "eml" }
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    // MARK: mbox

    static let fromPrefix: [UInt8] = Array("From ".utf8)

    /// Splits mbox bytes into messages. A message starts at a `From ` line at the start of the
    /// file, or after a blank line when the line also holds a time (`hh:mm`), as every mbox
    /// postmark does; this keeps an unescaped "From here on…" paragraph in a body. Lines of the
    /// form `>From `, `>>From `… lose one `>` (mboxrd; also right for mboxo). The blank line
    /// before each separator belongs to the mbox, not to the message. CRLF and LF both work.
    public static func splitMbox(_ bytes: [UInt8], path: String) -> [RawInboundMessage] {
        var messages: [RawInboundMessage] = []
        var current: [UInt8] = []
        var currentStart: (index: Int, line: Int)?
        var previousBlank = true
        var lastLineBlankLength = 0  // bytes of the last blank line appended to `current`
        var position = 0
        var lineNumber = 0
        let all = bytes[...]

        func finish() {
            guard let start = currentStart else { return }
            if lastLineBlankLength > 0 { current.removeLast(min(lastLineBlankLength, current.count)) }
            messages.append(RawInboundMessage(bytes: current, source: MessageSource(path: path, index: start.index, line: start.line)))
            current = []
        }

        while position < bytes.count {
            let end = HeaderBlock.lineEnd(all, from: position)
            let next = end < bytes.count ? end + 1 : end
            lineNumber += 1
            let line = HeaderBlock.content(all, position, end)
            let isBlank = line.isEmpty
            if line.starts(with: fromPrefix), previousBlank, currentStart == nil || hasTime(line) {
                finish()
                currentStart = (messages.count, lineNumber)
                lastLineBlankLength = 0
                previousBlank = false
                position = next
                continue
            }
            if currentStart != nil {
                var lineStart = position
                if bytes[position] == 0x3E {
                    var k = position
                    while k < end, bytes[k] == 0x3E { k += 1 }
                    if bytes[k..<end].starts(with: fromPrefix) { lineStart += 1 }
                }
                current.append(contentsOf: bytes[lineStart..<next])
                lastLineBlankLength = isBlank ? next - position : 0
            }
            previousBlank = isBlank
            position = next
        }
        finish()
        return messages
    }

    /// True when the line holds `d:dd` somewhere (the time of an mbox postmark).
    private static func hasTime(_ line: ArraySlice<UInt8>) -> Bool {
        var i = line.startIndex
        while i + 2 < line.endIndex {
            if line[i] >= 0x30, line[i] <= 0x39, line[i + 1] == 0x3A, line[i + 2] >= 0x30, line[i + 2] <= 0x39 { return true }
            i += 1
        }
        return false
    }
}
