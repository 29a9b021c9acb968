import Foundation
import PitchTestSupport

/// Runs the built `pitchlab` executable and captures its exit status and output.
///
/// The binary is the one ``PitchlabBinary`` finds (`$PITCHLAB_BIN`, next to the test bundle, or
/// `.build/debug/pitchlab`).
enum CLI {
    /// The `pitchlab` executable, or nil when it has not been built.
    static let executable: URL? = PitchlabBinary.url

    /// The package root: the first folder above this file with a Package.swift.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// Runs `pitchlab` with `arguments` (in `cwd` when given); status −1 and a message on stderr
    /// when it cannot start.
    static func run(_ arguments: [String], cwd: URL? = nil, environment: [String: String] = [:]) -> (status: Int32, stdout: String, stderr: String) {
        guard let executable else {
            return (-1, "", "pitchlab binary not found; build the package first (swift build) or set PITCHLAB_BIN.")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("pitchlab-cli-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            // Files rather than pipes: no deadlock however much either stream prints.
            let outURL = directory.appendingPathComponent("stdout")
            let errURL = directory.appendingPathComponent("stderr")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            let out = try FileHandle(forWritingTo: outURL)
            let err = try FileHandle(forWritingTo: errURL)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if let cwd { process.currentDirectoryURL = cwd }
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            try out.close()
            try err.close()
            let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
            let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
            return (process.terminationStatus, stdout, stderr)
        } catch {
            return (-1, "", "could not run \(executable.path): \(error)")
        }
    }
}

/// What a mail client shows of a raw message: the decoded subject and text body, read with
/// Python's `email` package (an independent parser).
enum MailDecode {
    static func decode(_ raw: String) throws -> (subject: String, body: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-decode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("message.eml"), output = directory.appendingPathComponent("out.json")
        try Data(raw.utf8).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import email, email.policy, json, sys
            m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)
            json.dump({"subject": str(m["Subject"]), "body": m.get_content().replace("\\r\\n", "\\n")}, open(sys.argv[2], "w"))
            """, input.path, output.path]
        try process.run()
        process.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as! [String: String]
        return (object["subject"]!, object["body"]!)
    }
}
